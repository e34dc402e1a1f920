import type { SourcePlugin } from '../plugin.js';
import { simulatedRoom } from './simulated-room.js';
import { staticHashprice, staticSignal } from './static.js';
import { fixedTariff } from './tariff-fixed.js';
import { touTariff } from './tariff-tou.js';
import { waveformSignal } from './waveform.js';

/** Tariff types for `prices.import` and `prices.export`. */
export const tariffPlugins: SourcePlugin[] = [fixedTariff, touTariff];

/** Hashprice types for `revenue.hashprice`. */
export const hashpricePlugins: SourcePlugin[] = [staticHashprice];

/** Signal types for the `signals` list (grid, PV, battery, temperatures, heat demand). */
export const signalPlugins: SourcePlugin[] = [staticSignal, waveformSignal, simulatedRoom];
