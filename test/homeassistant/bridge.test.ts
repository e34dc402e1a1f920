import { bridgeSuite } from './bridge-suite.js';

bridgeSuite('aedes');
