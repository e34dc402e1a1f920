import type { ForecastPlugin } from '../forecast-plugin.js';
import type { SourcePlugin } from '../plugin.js';
import { openMeteoForecast } from './forecast-open-meteo.js';
import { homeAssistantSignal } from './homeassistant/homeassistant.js';
import { evccLoad } from './loads/load-evcc.js';
import { mqttLoad } from './loads/load-mqtt.js';
import { mqttSignal } from './mqtt.js';
import { braiinsHashprice } from './revenue/revenue-braiins.js';
import { mempoolHashprice } from './revenue/revenue-mempool.js';
import { moneroHashprice } from './revenue/revenue-monero.js';
import { simulatedRoom } from './simulated-room.js';
import { staticHashprice, staticSignal } from './static.js';
import { amberTariff } from './tariffs/tariff-amber.js';
import { awattarTariff } from './tariffs/tariff-awattar.js';
import { eleringTariff } from './tariffs/tariff-elering.js';
import { energyChartsTariff } from './tariffs/tariff-energy-charts.js';
import { energyZeroTariff } from './tariffs/tariff-energyzero.js';
import { entsoeTariff } from './tariffs/tariff-entsoe.js';
import { fixedTariff } from './tariffs/tariff-fixed.js';
import { homeAssistantTariff } from './tariffs/tariff-homeassistant.js';
import { mqttTariff } from './tariffs/tariff-mqtt.js';
import { nordpoolTariff } from './tariffs/tariff-nordpool.js';
import { octopusTariff } from './tariffs/tariff-octopus.js';
import { tibberTariff } from './tariffs/tariff-tibber.js';
import { touTariff } from './tariffs/tariff-tou.js';
import { waveformSignal } from './waveform.js';

/** Tariff types for `prices.import` and `prices.export`. */
export const tariffPlugins: SourcePlugin[] = [
  fixedTariff,
  touTariff,
  awattarTariff,
  tibberTariff,
  octopusTariff,
  entsoeTariff,
  nordpoolTariff,
  energyChartsTariff,
  energyZeroTariff,
  eleringTariff,
  amberTariff,
  homeAssistantTariff,
  mqttTariff,
];

/** Hashprice types for `revenue.hashprice`. */
export const hashpricePlugins: SourcePlugin[] = [staticHashprice, mempoolHashprice, braiinsHashprice];

/** RandomX revenue types for `revenue.monero` (feed `hashprice.xmr`; kept apart so a BTC slot never takes an XMR price). */
export const xmrHashpricePlugins: SourcePlugin[] = [moneroHashprice];

/** Signal types for the `signals` list (grid, PV, battery, temperatures, heat demand). */
export const signalPlugins: SourcePlugin[] = [
  staticSignal,
  waveformSignal,
  simulatedRoom,
  mqttSignal,
  homeAssistantSignal,
];

/** Load types for the `loads:` list (issue 19): external flexible loads sharing the surplus. */
export const loadPlugins: SourcePlugin[] = [evccLoad, mqttLoad];

/** Forecast types for the `forecasts` list (outdoor temperature, PV power; read by the planner). */
export const forecastPlugins: ForecastPlugin[] = [openMeteoForecast];
/** Source types for the `events:` list (issue 18). */
export { eventPlugins } from './events/registry.js';
export { chargesScheduleSchema } from './tariffs/tariff-common.js';
