/** The payload that resets a Home Assistant sensor to `unknown`. */
export const UNKNOWN = 'None';

/** A number as a plain decimal string rounded to `decimals` places, or `None` when unknown. */
export function num(value: number | undefined, decimals: number): string {
  if (value === undefined || !Number.isFinite(value)) return UNKNOWN;
  const rounded = Number(value.toFixed(decimals));
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** `ON` / `OFF` for switches and binary sensors. */
export function onOff(value: boolean): string {
  return value ? 'ON' : 'OFF';
}

/** Rounds every number in a JSON value to 6 decimals (ledger attributes stay readable and small). */
export function roundedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'number' && Number.isFinite(v) ? Number(v.toFixed(6)) : v,
  );
}

/** Cuts a state to Home Assistant's 255-character limit. */
export function stateText(text: string): string {
  return text.length <= 255 ? text : `${text.slice(0, 254)}…`;
}
