import type { MinerPlugin } from '../plugin.js';
import { bitaxeMiner } from './bitaxe.js';
import { braiinsMiner } from './braiins.js';
import { shellyMiner } from './shelly.js';
import { simulatedMiner } from './simulated.js';
import { xmrigMiner } from './xmrig.js';

/** Every miner family hashheat knows, by `type`. Adding a family = one file and one line here. */
export const minerPlugins: MinerPlugin[] = [
  simulatedMiner,
  shellyMiner,
  braiinsMiner,
  bitaxeMiner,
  xmrigMiner,
];
