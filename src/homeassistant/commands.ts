/** A validated command value, or why the payload was rejected. */
export type Parsed<T> = { ok: true; value: T; note?: string } | { ok: false; why: string };

/** Longest command payload accepted (bytes); HA sends a few characters. */
export const MAX_COMMAND_BYTES = 64;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The payload as trimmed text: rejects oversized, non-UTF-8 and empty payloads. */
export function commandText(payload: Buffer): Parsed<string> {
  if (payload.length > MAX_COMMAND_BYTES)
    return { ok: false, why: `payload of ${payload.length} bytes (at most ${MAX_COMMAND_BYTES})` };
  let text: string;
  try {
    text = utf8.decode(payload).trim();
  } catch {
    return { ok: false, why: 'payload is not UTF-8' };
  }
  return text ? { ok: true, value: text } : { ok: false, why: 'empty payload' };
}

/** `ON` / `OFF` (what an HA switch sends; case ignored). */
export function parseSwitch(text: string): Parsed<boolean> {
  const upper = text.toUpperCase();
  if (upper === 'ON') return { ok: true, value: true };
  if (upper === 'OFF') return { ok: true, value: false };
  return { ok: false, why: `expected ON or OFF, got ${JSON.stringify(text)}` };
}

/** A plain decimal number, clamped to [min, max] (HA sends text such as `21` or `21.5`). */
export function parseNumber(text: string, range: { min: number; max: number }): Parsed<number> {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text))
    return { ok: false, why: `expected a number, got ${JSON.stringify(text)}` };
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, why: `expected a finite number, got ${text}` };
  const clamped = Math.min(range.max, Math.max(range.min, value));
  if (clamped === value) return { ok: true, value };
  return {
    ok: true,
    value: clamped,
    note: `${value} is outside ${range.min}…${range.max}; clamped to ${clamped}`,
  };
}

/** One of a select's options, exactly. */
export function parseOption(text: string, options: readonly string[]): Parsed<string> {
  if (options.includes(text)) return { ok: true, value: text };
  return { ok: false, why: `expected one of ${options.join(', ')}, got ${JSON.stringify(text)}` };
}
