import { bridgeLifecycleSuite } from './bridge-lifecycle-suite.js';

bridgeLifecycleSuite('aedes');
