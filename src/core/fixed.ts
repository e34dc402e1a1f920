/** Beyond this magnitude `fixed` leaves the work to `toFixed` (its scaled value must stay far below 2^53). */
const FAST_BELOW = 1e6;
/** How close to a tie (…5 exactly) the scaled value may come before `fixed` leaves the call to `toFixed`. */
const NEAR_TIE = 1e-6;

/**
 * `value.toFixed(digits)` for 1 or 2 digits: the same string, about three times faster. `decide`
 * formats two or three amounts into every miner's sentence every tick, and `toFixed` is a call into
 * V8's C++ (issue 16: a tenth of a 100-miner tick). `toFixed` rounds the exact value of the double to
 * the nearest multiple of 10^−digits, ties away from zero; scaling by 10^digits rounds once, by at
 * most 2^−53 relative, so below `FAST_BELOW` only a value within `NEAR_TIE` of a tie can round the
 * other way, and those (and NaN, ±Infinity, huge values) go to `toFixed` itself.
 */
export function fixed(value: number, digits: 1 | 2): string {
  const magnitude = Math.abs(value);
  if (!(magnitude < FAST_BELOW)) return value.toFixed(digits);
  const scale = digits === 1 ? 10 : 100;
  const scaled = magnitude * scale;
  const whole = Math.floor(scaled);
  const aboveHalf = scaled - whole - 0.5;
  if (aboveHalf > -NEAR_TIE && aboveHalf < NEAR_TIE) return value.toFixed(digits);
  const units = aboveHalf > 0 ? whole + 1 : whole;
  const fraction = units % scale;
  const digitsText = digits === 2 && fraction < 10 ? `0${fraction}` : `${fraction}`;
  // toFixed keeps the sign of a negative value that rounds to zero ("-0.0"), not of −0.
  return `${value < 0 ? '-' : ''}${Math.floor(units / scale)}.${digitsText}`;
}
