import { DeviceError } from '../../../src/errors.js';
import type { Clock, MqttBus, MqttMessage } from '../../../src/ports.js';
import { MAX_PAYLOAD_BYTES, readPath, toNumber } from '../../sources/scalar-value.js';
import type { SwitchDevice, SwitchState } from './switch-device.js';

/** A topic, and where the value sits in its JSON payload (no field: the raw payload). */
export interface TopicField {
  topic: string;
  field?: string | undefined;
}

/** How one MQTT switch talks: topics, payloads and how long to wait. */
export interface MqttSwitchOptions {
  label: string;
  command: { topic: string; on: string; off: string };
  /** Where the relay state shows up (Tasmota: `stat/…/POWER` raw and `stat/…/RESULT` field POWER). */
  states: TopicField[];
  /** Payload values meaning on / off (compared case-insensitively). */
  stateOn: string[];
  stateOff: string[];
  /** Publish this to make the device report its state now (Tasmota: empty `cmnd/…/POWER`). */
  query?: { topic: string; payload: string } | undefined;
  /** Where measured power shows up; an array value is indexed by `index`. */
  power?: { sources: TopicField[]; index?: number; scaleToW: number; maxAgeMs: number } | undefined;
  /** Publish this on every read to refresh power (Tasmota: `Status 10`). */
  powerQuery?: { topic: string; payload: string } | undefined;
  /** Availability (LWT): payloads meaning online / offline. */
  availability?: { topic: string; field?: string | undefined; online: string; offline: string } | undefined;
  timeoutMs: number;
}

/** A state, an error that ends the call (offline, closed), or a broken message (`bad`). */
type Result = { on: boolean } | { error: DeviceError } | { bad: DeviceError };

/**
 * One call waiting for the device. A call that sent a command is `armed` only once the broker has
 * its command (`onSent`): anything that arrived before is a reply to an earlier call or a push, not
 * its answer. A call that sent nothing (no query topic: the next pushed state) is armed at once.
 */
interface Waiter {
  armed: boolean;
  deliver(result: Result): void;
}

function fieldOf(payload: Buffer, field: string): unknown {
  try {
    return readPath(JSON.parse(payload.toString()), field);
  } catch {
    return undefined;
  }
}

/** Parsed relay state of a message: on/off, no state in it (undefined), or garbage. */
function stateOf(
  options: MqttSwitchOptions,
  source: TopicField,
  message: MqttMessage,
): boolean | undefined | Error {
  if (message.payload.length > MAX_PAYLOAD_BYTES) return new Error('payload too large');
  let value: unknown = message.payload.toString().trim();
  if (source.field) {
    try {
      value = readPath(JSON.parse(value as string), source.field);
    } catch {
      return new Error(`not JSON on ${message.topic}: ${JSON.stringify((value as string).slice(0, 40))}`);
    }
    if (value === undefined) return undefined;
  }
  const text = String(value).toLowerCase();
  if (options.stateOn.some((s) => s.toLowerCase() === text)) return true;
  if (options.stateOff.some((s) => s.toLowerCase() === text)) return false;
  return new Error(`unexpected state ${JSON.stringify(String(value).slice(0, 40))} on ${message.topic}`);
}

/**
 * A relay on MQTT: commands on one topic, state read back from others, optional power and
 * availability topics. Reads wait (bounded by `timeoutMs`) for a fresh state when the device can
 * be queried, else use the last state it pushed. Replies carry no request id (Tasmota, zigbee2mqtt),
 * so a call takes only a state received after the broker acknowledged its command, and a switch only
 * the state it asked for: a late answer to an earlier call is never taken for this one.
 */
export function mqttSwitchDevice(
  bus: MqttBus,
  options: MqttSwitchOptions,
  deps: { clock: Clock },
): SwitchDevice {
  let known: boolean | undefined;
  let online: boolean | undefined;
  let power: { powerW: number; at: number } | undefined;
  const waiters = new Set<Waiter>();
  /** Hands a device message to the calls it can answer; `all` also to calls still sending (close). */
  const settle = (result: Result, all = false) => {
    for (const w of [...waiters]) if (w.armed || all) w.deliver(result);
  };
  const unsubscribers = options.states.map((source) =>
    bus.subscribe(source.topic, (message) => {
      const state = stateOf(options, source, message);
      if (state instanceof Error)
        return settle({ bad: new DeviceError('BAD_RESPONSE', `${options.label}: ${state.message}`) });
      if (state === undefined) return;
      known = state;
      settle({ on: state });
    }),
  );
  for (const source of options.power?.sources ?? [])
    unsubscribers.push(
      bus.subscribe(source.topic, (message) => {
        let value: unknown = source.field
          ? fieldOf(message.payload, source.field)
          : message.payload.toString();
        if (Array.isArray(value)) value = value[options.power?.index ?? 0];
        const n = toNumber(value);
        if (n !== undefined && n >= 0) power = { powerW: n * options.power!.scaleToW, at: deps.clock.now() };
      }),
    );
  if (options.availability) {
    const a = options.availability;
    unsubscribers.push(
      bus.subscribe(a.topic, (message) => {
        const text = String(a.field ? fieldOf(message.payload, a.field) : message.payload).trim();
        if (text === a.online) online = true;
        else if (text === a.offline) {
          online = false;
          settle({ error: offline() });
        }
      }),
    );
  }
  const offline = () =>
    new DeviceError('UNREACHABLE', `${options.label} is offline (${options.availability?.topic})`);

  /**
   * Waits for the next state message (or `want`) received after `command` reached the broker
   * (without a command: the next one pushed), bounded by the timeout from now. A broken message
   * does not end the wait: it may be the rest of an earlier call's answer (nothing in it says which
   * command it answers), and a valid state may follow; only when none comes is it the error.
   */
  function nextState(
    command: { topic: string; payload: string } | undefined,
    want?: boolean,
  ): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      let bad: DeviceError | undefined;
      const waiter: Waiter = {
        armed: command === undefined,
        deliver(result) {
          if ('bad' in result) {
            bad = result.bad;
            return;
          }
          if ('on' in result && want !== undefined && result.on !== want) return;
          deps.clock.clearTimeout(timer);
          waiters.delete(waiter);
          if ('error' in result) reject(result.error);
          else resolve(result.on);
        },
      };
      const timer = deps.clock.setTimeout(() => {
        waiters.delete(waiter);
        reject(
          bad ?? new DeviceError('TIMEOUT', `${options.label}: no state reply in ${options.timeoutMs} ms`),
        );
      }, options.timeoutMs);
      waiters.add(waiter);
      if (command)
        bus.publish(command.topic, command.payload, {
          qos: 1,
          onSent: () => {
            waiter.armed = true;
          },
        });
    });
  }

  /** Fails fast when there is no way to reach the device; an LWT `Offline` is final only without a query. */
  function check(): void {
    if (!bus.connected) throw new DeviceError('UNREACHABLE', `${options.label}: no MQTT connection`);
    if (online === false && !options.query) throw offline();
  }

  return {
    label: options.label,
    meters: options.power !== undefined,
    async read(): Promise<SwitchState> {
      check();
      if (options.powerQuery) bus.publish(options.powerQuery.topic, options.powerQuery.payload, { qos: 1 });
      const query = options.query;
      // Why query even when the LWT says Offline: a retained LWT can be stale; no answer then is UNREACHABLE.
      const on = query
        ? await nextState(query).catch((error: DeviceError) => {
            throw online === false && error.code === 'TIMEOUT' ? offline() : error;
          })
        : (known ?? (await nextState(undefined)));
      online = online === false && query ? true : online;
      const fresh = power && deps.clock.now() - power.at <= options.power!.maxAgeMs ? power : undefined;
      return fresh ? { on, powerW: fresh.powerW } : { on };
    },
    async set(on) {
      check();
      const command = {
        topic: options.command.topic,
        payload: on ? options.command.on : options.command.off,
      };
      // A missing confirmation is not an error here: the read-back that follows tells the truth.
      await nextState(command, on).catch((error: DeviceError) => {
        if (error.code !== 'TIMEOUT') throw error;
      });
    },
    async close() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      settle({ error: new DeviceError('UNREACHABLE', `${options.label}: closed`) }, true);
    },
  };
}
