import { describe, it } from 'vitest';
import { brokerKinds } from '../fakes/broker.js';
import { bridgeSuite } from './bridge-suite.js';

// The same suite on Mosquitto when it is installed (as in CI); bridge.test.ts runs it on aedes.
if (brokerKinds.includes('mosquitto')) bridgeSuite('mosquitto');
else describe.skip('Home Assistant bridge (mosquitto: not installed)', () => it('needs mosquitto', () => {}));
