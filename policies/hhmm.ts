import { z } from 'zod';

/** A local time `HH:MM` (00:00–24:00). */
export const hhmmSchema = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a local time "HH:MM"');

/** Minutes since midnight of an `HH:MM` string. */
export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
