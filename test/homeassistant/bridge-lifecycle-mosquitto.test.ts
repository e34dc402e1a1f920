import { describe, it } from 'vitest';
import { brokerKinds } from '../fakes/broker.js';
import { bridgeLifecycleSuite } from './bridge-lifecycle-suite.js';

// The same suite on Mosquitto when it is installed (as in CI); bridge-lifecycle.test.ts runs it on aedes.
if (brokerKinds.includes('mosquitto')) bridgeLifecycleSuite('mosquitto');
else
  describe.skip('Home Assistant bridge lifecycle (mosquitto: not installed)', () =>
    it('needs mosquitto', () => {}));
