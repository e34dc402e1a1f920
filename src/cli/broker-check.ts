import type { MqttConfig } from '../../config/mqtt.js';
import { clientIdOf, redactedUrl } from '../mqtt/client-options.js';
import { connectMqtt, type MqttConnection } from '../mqtt/connection.js';
import type { Deps } from '../ports.js';

/** A `check` table row: kind, id, status, detail. */
export type CheckRow = [string, string, string, string];

/**
 * `hashheat check`'s broker test: connects as a probe (its own client id and a clean session, no
 * online/offline announcement, so a running agent is not disturbed), then sends a message to itself
 * under the base topic to prove it may publish and subscribe there. The bus stays open for the
 * MQTT inputs `check` reads next; the caller closes it.
 */
export async function probeBroker(
  config: MqttConfig,
  deps: Deps,
  timeoutMs = 5000,
): Promise<{ bus: MqttConnection; row: CheckRow }> {
  const bus = connectMqtt(config, deps, 'probe');
  const id = redactedUrl(config.url);
  const fail = (detail: string) => ({ bus, row: ['mqtt', id, 'FAILED', detail] as CheckRow });
  if (!(await bus.waitForConnect(timeoutMs)))
    return fail(bus.lastError ?? `no connection within ${timeoutMs / 1000} s`);
  const topic = `${config.baseTopic}/check/${clientIdOf(config, 'probe')}`;
  const echoed = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => done(false), timeoutMs);
    const unsubscribe = bus.subscribe(topic, () => done(true));
    function done(ok: boolean) {
      clearTimeout(timer);
      unsubscribe();
      resolve(ok);
    }
    // The subscription goes out first on the same connection, so the broker routes the echo back.
    bus.publish(topic, 'hashheat check', { qos: 1 });
  });
  if (!echoed) return fail(`connected, but a message under ${config.baseTopic}/ did not come back (ACL?)`);
  return { bus, row: ['mqtt', id, 'ok', `connected; publish and subscribe under ${config.baseTopic}/ work`] };
}
