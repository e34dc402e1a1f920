/**
 * The agent's tick schedule: a cron expression (`agent.tick`, with or without a seconds field) and
 * the next instant it matches in the site's time zone.
 *
 * The grammar is node-cron's without its extensions (L, W, #): numbers, `*`, `?`, ranges `a-b`,
 * steps `*\/n`, `a-b/n` and `a/n`, lists, and English month and weekday names; 0 and 7 are Sunday.
 * Like node-cron, a time matches when every field matches (day of month AND day of week).
 *
 * Why not node-cron itself: version 4 formats every candidate second with Intl.DateTimeFormat, and
 * the first such formatter pages in about 6 MiB of ICU data (issue 16). Here the fields of a
 * candidate come from luxon, whose zones read the tz database's files (src/time-zones.ts).
 */
import { DateTime } from 'luxon';

/** The values each field allows, seconds first. */
export interface CronSchedule {
  readonly second: ReadonlySet<number>;
  readonly minute: ReadonlySet<number>;
  readonly hour: ReadonlySet<number>;
  readonly day: ReadonlySet<number>;
  readonly month: ReadonlySet<number>;
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: ReadonlySet<number>;
}

const FIELDS = ['second', 'minute', 'hour', 'day', 'month', 'weekday'] as const;
type Field = (typeof FIELDS)[number];

const RANGE: Record<Field, readonly [number, number]> = {
  second: [0, 59],
  minute: [0, 59],
  hour: [0, 23],
  day: [1, 31],
  month: [1, 12],
  weekday: [0, 7],
};

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const WEEKDAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** Each name, long and short ("march", "mar"), to its number: months from 1, weekdays from 0. */
function namesFrom(names: readonly string[], first: number): ReadonlyMap<string, number> {
  return new Map(
    names.flatMap((name, i) => [[name, i + first] as const, [name.slice(0, 3), i + first] as const]),
  );
}

/** The English names a field takes, lower case, to their number. */
const NAMES: Partial<Record<Field, ReadonlyMap<string, number>>> = {
  month: namesFrom(MONTH_NAMES, 1),
  weekday: namesFrom(WEEKDAY_NAMES, 0),
};

/** A number or an English name of `field`'s values. */
function fieldValue(text: string, field: Field): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  return NAMES[field]?.get(text.toLowerCase());
}

/** The values one field's text allows, or what is wrong with it. */
function parseField(text: string, field: Field): Set<number> | string {
  const [min, max] = RANGE[field];
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const [range, stepText, extra] = item.split('/');
    if (extra !== undefined || range === undefined) return `"${item}" in the ${field} field`;
    const step = stepText === undefined ? 1 : /^\d+$/.test(stepText) ? Number(stepText) : 0;
    if (step < 1) return `step "${stepText}" in the ${field} field`;
    let from: number | undefined;
    let to: number | undefined;
    if (range === '*' || (range === '?' && (field === 'day' || field === 'weekday'))) {
      from = min;
      to = max;
    } else {
      const [a, b, more] = range.split('-');
      if (more !== undefined) return `"${item}" in the ${field} field`;
      from = fieldValue(a ?? '', field);
      to = b === undefined ? (stepText === undefined ? from : max) : fieldValue(b, field);
    }
    if (from === undefined || to === undefined || from < min || to > max || from > to)
      return `"${item}" in the ${field} field (${min}–${max})`;
    for (let v = from; v <= to; v += step) values.add(field === 'weekday' && v === 7 ? 0 : v);
  }
  return values;
}

/** Parses a 5- or 6-field cron expression; a string says what is wrong. */
export function parseCron(expression: string): CronSchedule | string {
  const parts = expression.trim().split(/\s+/);
  if (parts.length === 5) parts.unshift('0');
  if (parts.length !== 6) return `${parts.length} fields, expected 5 or 6`;
  const fields: Partial<Record<Field, Set<number>>> = {};
  for (const [i, field] of FIELDS.entries()) {
    const values = parseField(parts[i]!, field);
    if (typeof values === 'string') return values;
    fields[field] = values;
  }
  return fields as CronSchedule;
}

/** How far ahead `nextCronMatch` looks: an expression with no match in 8 years never matches. */
const HORIZON_YEARS = 8;

/**
 * The first whole second after `afterMs` that `schedule` matches in `timeZone`, in epoch ms; or
 * undefined when none does within eight years (e.g. "0 0 0 31 2 *"). A field that does not match
 * skips to the start of the next unit (month, day, hour, minute), so a search takes at most a few
 * hundred steps.
 */
export function nextCronMatch(schedule: CronSchedule, afterMs: number, timeZone: string): number | undefined {
  let t = DateTime.fromMillis(Math.floor(afterMs / 1000) * 1000 + 1000, { zone: timeZone });
  const end = t.plus({ years: HORIZON_YEARS });
  while (t < end) {
    if (!schedule.month.has(t.month)) t = t.plus({ months: 1 }).startOf('month');
    else if (!schedule.day.has(t.day) || !schedule.weekday.has(t.weekday % 7))
      t = t.plus({ days: 1 }).startOf('day');
    else if (!schedule.hour.has(t.hour)) t = t.plus({ hours: 1 }).startOf('hour');
    else if (!schedule.minute.has(t.minute)) t = t.plus({ minutes: 1 }).startOf('minute');
    else if (!schedule.second.has(t.second)) t = t.plus({ seconds: 1 });
    else return t.toMillis();
  }
  return undefined;
}

/** What is wrong with `expression` as the agent's tick, or undefined when it is a usable schedule. */
export function cronProblem(expression: string, timeZone: string, nowMs: number): string | undefined {
  const schedule = parseCron(expression);
  if (typeof schedule === 'string') return schedule;
  if (nextCronMatch(schedule, nowMs, timeZone) === undefined) return 'it never matches';
  return undefined;
}
