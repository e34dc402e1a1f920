import { fleetSiteSuite } from './fleet-site-suite.js';

fleetSiteSuite('aedes');
