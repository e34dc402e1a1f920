import { fixed } from './fixed.js';

const MINOR_UNIT: Record<string, string> = {
  EUR: 'ct',
  USD: '¢',
  GBP: 'p',
  CHF: 'Rp',
  AUD: 'c',
  NZD: 'c',
  CAD: '¢',
};

/** Formats money per hour for people: `2.1 ct/h` below one unit, `1.35 EUR/h` above. */
export function formatPerHour(value: number, currency: string): string {
  if (Math.abs(value) >= 1) return `${fixed(value, 2)} ${currency}/h`;
  const minor = MINOR_UNIT[currency] ?? `${currency}/100`;
  return `${fixed(value * 100, 1)} ${minor}/h`;
}

/** Formats a price per kWh for people: `24.3 ct/kWh`. */
export function formatPerKWh(value: number, currency: string): string {
  const minor = MINOR_UNIT[currency];
  return minor ? `${(value * 100).toFixed(1)} ${minor}/kWh` : `${value.toFixed(4)} ${currency}/kWh`;
}

/** Formats an amount of money for people: `2.40 EUR`. */
export function formatMoney(value: number, currency: string): string {
  return `${value.toFixed(2)} ${currency}`;
}
