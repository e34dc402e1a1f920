import { describe } from 'vitest';
import { type BrokerKind, brokerKinds } from './broker.js';

/**
 * Registers `suite` on Mosquitto, its tests skipped when Mosquitto is not installed (CI installs it).
 * For the `…-mosquitto.test.ts` files: a suite that runs on both brokers keeps one file per broker,
 * so no file runs it twice (issue 15: no test file over 3 s).
 */
export function onMosquitto(name: string, suite: (kind: BrokerKind) => void): void {
  describe.skipIf(!brokerKinds.includes('mosquitto'))(`${name} on Mosquitto`, () => suite('mosquitto'));
}
