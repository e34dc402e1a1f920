import { onMosquitto } from '../fakes/on-mosquitto.js';
import { siteBudgetSuite } from './fleet-site-budget-suite.js';

// The suite of fleet-site-budget.test.ts (aedes) on Mosquitto.
onMosquitto('two agents sharing a site budget from its inputs', siteBudgetSuite);
