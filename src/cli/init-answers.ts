import { isKnownTimeZone } from '../time-zones.js';

/** What the miners are for: heating a room, soaking up solar surplus, or both. */
export type InitCase = 'heater' | 'solar' | 'both';

/** The import tariff `hashheat init` writes. */
export type InitTariff =
  | { type: 'fixed'; perKWh: number }
  | { type: 'energy-charts'; zone: string }
  | { type: 'awattar'; country: 'de' | 'at' }
  | { type: 'entsoe'; zone: string }
  | { type: 'tibber' };

/** Everything `hashheat init` asks (or takes from flags). */
export interface InitAnswers {
  case: InitCase;
  timeZone: string;
  currency: string;
  tariff: InitTariff;
  /** What exported power earns (currency per kWh); used with solar surplus. */
  feedInPerKWh: number;
  minerUrls: string[];
}

/** The tariff forms `--tariff` and the prompt accept, for help texts. */
export const TARIFF_FORMS = '0.30 (fixed per kWh), energy-charts:DE-LU, awattar:de|at, entsoe:DE-LU, tibber';

/** A case from a flag or an answer: a name or the menu number. */
export function parseCase(text: string): InitCase | string {
  const t = text.trim().toLowerCase();
  if (t === '1' || t === 'heater' || t === 'heat') return 'heater';
  if (t === '2' || t === 'solar' || t === 'surplus') return 'solar';
  if (t === '3' || t === 'both') return 'both';
  return `"${text}" is not a case: heater (1), solar (2) or both (3)`;
}

/** A tariff from a flag or an answer (see TARIFF_FORMS), or why not. */
export function parseTariff(text: string): InitTariff | string {
  const t = text.trim();
  const [kind = '', arg] = t.split(':', 2);
  const price = Number(t.replace(/^fixed:/, ''));
  if (t !== '' && (/^fixed:/.test(t) || /^[\d.]+$/.test(t)) && Number.isFinite(price) && price >= 0)
    return { type: 'fixed', perKWh: price };
  switch (kind.toLowerCase()) {
    case 'energy-charts':
      return { type: 'energy-charts', zone: arg || 'DE-LU' };
    case 'entsoe':
      return { type: 'entsoe', zone: arg || 'DE-LU' };
    case 'awattar':
      if (!arg || arg.toLowerCase() === 'de' || arg.toLowerCase() === 'at')
        return { type: 'awattar', country: arg?.toLowerCase() === 'at' ? 'at' : 'de' };
      return `awattar serves de or at, not "${arg}"`;
    case 'tibber':
      return { type: 'tibber' };
    default:
      return `"${text}" is not a tariff; use ${TARIFF_FORMS}`;
  }
}

/** An IANA time zone, or why not. */
export function parseTimeZone(text: string): string | { error: string } {
  const t = text.trim();
  return isKnownTimeZone(t) ? t : { error: `"${text}" is not an IANA time zone (e.g. Europe/Berlin)` };
}

/** An ISO 4217 currency code (upper-cased), or why not. */
export function parseCurrency(text: string): string | { error: string } {
  const t = text.trim().toUpperCase();
  return /^[A-Z]{3}$/.test(t) ? t : { error: `"${text}" is not a currency code (e.g. EUR)` };
}

/** A non-negative price per kWh, or why not. */
export function parsePrice(text: string): number | { error: string } {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) ? n : { error: `"${text}" is not a price per kWh` };
}

/** The machine's time zone, the default answer. */
export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
