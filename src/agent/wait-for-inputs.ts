import type { Logger } from 'pino';
import type { MqttConnection } from '../mqtt/connection.js';
import type { SignalStore } from './signal-store.js';
import type { SourceRunner } from './source-runner.js';

/**
 * Before the first tick: waits (bounded) for the MQTT connection and for every push input to
 * deliver its first (retained) reading, so the first decision does not run blind and MQTT miners
 * are not reported unreachable on every start. Transport time is wall time, as for MQTT itself.
 */
export async function waitForInputs(
  limitMs: number,
  parts: {
    connection: MqttConnection | undefined;
    sources: SourceRunner;
    store: SignalStore;
    logger: Logger;
  },
): Promise<void> {
  const { connection, sources, store, logger } = parts;
  const started = Date.now();
  const left = () => Math.max(0, limitMs - (Date.now() - started));
  if (connection && !(await connection.waitForConnect(left()))) {
    logger.warn({ waitedMs: limitMs }, 'MQTT is not connected yet; the first tick runs without MQTT inputs');
    return;
  }
  const missing = () => sources.pushKeys().filter((k) => store.get(k) === undefined);
  while (missing().length > 0 && left() > 0) await new Promise((resolve) => setTimeout(resolve, 25));
  if (missing().length > 0)
    logger.info({ missing: missing(), waitedMs: limitMs }, 'starting without a first reading of some inputs');
}
