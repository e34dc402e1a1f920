import type { MinerPlugin } from '../plugin.js';
import { antminerMiner } from './antminer.js';
import { avalonMiner } from './avalon.js';
import { bitaxeMiner } from './bitaxe.js';
import { braiinsMiner } from './braiins.js';
import { cgminerMiner } from './cgminer.js';
import { haSwitchMiner } from './ha-switch.js';
import { luxosMiner } from './luxos.js';
import { mqttSwitchMiner } from './mqtt-switch.js';
import { shellyMiner } from './shelly.js';
import { simulatedMiner } from './simulated.js';
import { tasmotaMiner } from './tasmota.js';
import { vnishMiner } from './vnish.js';
import { whatsminerMiner } from './whatsminer.js';
import { xmrigMiner } from './xmrig.js';

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
