import { onMosquitto } from '../fakes/on-mosquitto.js';
import { bridgeLifecycleSuite } from './bridge-lifecycle-suite.js';

// The suite of bridge-lifecycle.test.ts (aedes) on Mosquitto.
onMosquitto('Home Assistant bridge lifecycle', bridgeLifecycleSuite);
