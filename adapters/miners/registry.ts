import type { MinerPlugin } from '../plugin.js';
import { antminerMiner } from './antminer/antminer.js';
import { avalonMiner } from './avalon/avalon.js';
import { bitaxeMiner } from './bitaxe/bitaxe.js';
import { braiinsMiner } from './braiins/braiins.js';
import { cgminerMiner } from './cgminer/cgminer.js';
import { luxosMiner } from './luxos/luxos.js';
import { simulatedMiner } from './simulated/simulated.js';
import { haSwitchMiner } from './switches/ha-switch.js';
import { mqttSwitchMiner } from './switches/mqtt-switch.js';
import { shellyMiner } from './switches/shelly.js';
import { tasmotaMiner } from './switches/tasmota.js';
import { vnishMiner } from './vnish/vnish.js';
import { whatsminerMiner } from './whatsminer/whatsminer.js';
import { xmrigMiner } from './xmrig/xmrig.js';

/** Every miner family hashheat knows, by `type`. Adding a family = one file and one line here. */
export const minerPlugins: MinerPlugin[] = [
  simulatedMiner,
  shellyMiner,
  avalonMiner,
  whatsminerMiner,
  luxosMiner,
  antminerMiner,
  cgminerMiner,
  braiinsMiner,
  bitaxeMiner,
  vnishMiner,
  xmrigMiner,
  tasmotaMiner,
  mqttSwitchMiner,
  haSwitchMiner,
];
