import { onMosquitto } from '../fakes/on-mosquitto.js';
import { fleetSiteSuite } from './fleet-site-suite.js';

// The suite of fleet-site.test.ts (aedes) on Mosquitto.
onMosquitto('a site of 3 shards × 20 miners sharing one budget', fleetSiteSuite);
