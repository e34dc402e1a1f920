import { siteBudgetSuite } from './fleet-site-budget-suite.js';

siteBudgetSuite('aedes');
