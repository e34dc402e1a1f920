import { onMosquitto } from '../fakes/on-mosquitto.js';
import { bridgeSuite } from './bridge-suite.js';

// The suite of bridge.test.ts (aedes) on Mosquitto.
onMosquitto('Home Assistant bridge', bridgeSuite);
