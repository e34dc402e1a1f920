import { describe, it } from 'vitest';
import { type BrokerKind, brokerKinds } from './broker.js';

/**
 * Runs `suite` on Mosquitto when it is installed (as in CI), else registers one skipped test that
 * says so. For the `…-mosquitto.test.ts` files: a suite that runs on both brokers keeps one file per
 * broker, so each file stays short and the two run side by side (issue 15).
 */
export function onMosquitto(name: string, suite: (kind: BrokerKind) => void): void {
  if (brokerKinds.includes('mosquitto')) suite('mosquitto');
  else describe.skip(`${name} (mosquitto: not installed)`, () => it('needs mosquitto', () => {}));
}
