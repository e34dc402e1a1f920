import type { Config } from '../../config/schema.js';
import type { SignalStore } from '../agent/signal-store.js';
import { ageClassOf } from '../core/signals.js';
import type { Reading } from '../core/types.js';
import type { Clock } from '../ports.js';

/** Input types fed by MQTT topics or Home Assistant entities. */
const PUSHED_INPUTS = new Set(['mqtt', 'homeassistant']);

/** One row of `hashheat check` for an MQTT/HA input. */
export interface InputCheck {
  /** Source id, e.g. `signals[2]`. */
  id: string;
  /** What it reads: the topic, or entity (attribute) and mode. */
  what: string;
  ok: boolean;
  detail: string;
}

/** Which configured inputs to verify and how old their value may be (ms). */
function inputsOf(config: Config): { id: string; key: string; what: string; maxAgeMs: number }[] {
  const maxAge = config.maxAge as Record<string, number>;
  return config.signals.flatMap((signal, i) => {
    if (!PUSHED_INPUTS.has(signal.type)) return [];
    const s = signal as Record<string, unknown>;
    const key = String(s.signal);
    const seconds = typeof s.maxAgeSeconds === 'number' ? s.maxAgeSeconds : (maxAge[ageClassOf(key)] ?? 300);
    const what =
      signal.type === 'mqtt'
        ? `mqtt ${String(s.topic)}`
        : `${String(s.entity)}${s.attribute ? `[${String(s.attribute)}]` : ''} (${String(s.mode)})`;
    return [{ id: `signals[${i}]`, key, what, maxAgeMs: seconds * 1000 }];
  });
}

/**
 * Verifies that every MQTT / Home Assistant input delivers a value within its max age
 * (`maxAgeSeconds`, else `maxAge.<kind>`). Sources must already be started. Waits at most
 * `waitMs` per run (a non-retained topic may need a while), then reports each input.
 */
export async function checkInputs(options: {
  config: Config;
  store: SignalStore;
  clock: Clock;
  /** Longest wait for values that have not arrived yet (ms); default 15 s. */
  waitMs?: number;
}): Promise<InputCheck[]> {
  const { config, store, clock } = options;
  const inputs = inputsOf(config);
  const started = clock.now();
  const fresh = (id: string, key: string, maxAgeMs: number): Reading<unknown> | undefined => {
    const reading = store.get(key as never);
    return reading && reading.source === id && clock.now() - reading.at <= maxAgeMs ? reading : undefined;
  };
  const allFresh = () => inputs.every((i) => fresh(i.id, i.key, i.maxAgeMs));
  if (inputs.length > 0 && !allFresh()) {
    const deadlineMs = Math.min(options.waitMs ?? 15_000, Math.max(...inputs.map((i) => i.maxAgeMs)));
    await new Promise<void>((resolve) => {
      const timer = clock.setTimeout(done, deadlineMs);
      const unsubscribe = store.onUpdate(() => {
        if (allFresh()) done();
      });
      function done() {
        clock.clearTimeout(timer);
        unsubscribe();
        resolve();
      }
    });
  }
  return inputs.map(({ id, key, what, maxAgeMs }) => {
    const reading = fresh(id, key, maxAgeMs);
    if (reading) {
      const ageS = Math.max(0, Math.round((clock.now() - reading.at) / 1000));
      return { id, what, ok: true, detail: `${key} = ${String(reading.value)}, ${ageS} s old` };
    }
    const waitedS = Math.round((clock.now() - started) / 1000);
    const limitS = Math.round(maxAgeMs / 1000);
    return {
      id,
      what,
      ok: false,
      detail: `${key}: no value younger than ${limitS} s after waiting ${waitedS} s`,
    };
  });
}
