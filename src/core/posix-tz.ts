/**
 * The POSIX TZ rule at the end of a TZif file ("CET-1CEST,M3.5.0,M10.5.0/3"), which gives a zone's
 * offsets after its last listed transition (RFC 8536 §3.3, POSIX.1-2017 §8.3 "TZ"). Pure.
 */

/** When daylight time starts or ends: a day rule and a local time of day (seconds, may be negative or past 24 h). */
interface DayRule {
  /** 'J': Julian day 1–365 without Feb 29; 'n': zero-based day 0–365; 'M': month.week.weekday */
  readonly kind: 'J' | 'n' | 'M';
  readonly day: number; // J and n
  readonly month: number; // M: 1–12
  readonly week: number; // M: 1–5, 5 = the last such weekday
  readonly weekday: number; // M: 0 = Sunday
  readonly timeS: number;
}

/** A parsed rule: standard offset, and daylight time if the zone has it (offsets in seconds east of UTC). */
export interface PosixTz {
  readonly stdOffsetS: number;
  readonly dst?: { readonly offsetS: number; readonly start: DayRule; readonly end: DayRule };
}

const DAY_S = 86_400;

/** Reads `text` from `at`; the cursor moves past what each reader consumed. */
class Cursor {
  at = 0;
  constructor(readonly text: string) {}
  peek(): string {
    return this.text[this.at] ?? '';
  }
  done(): boolean {
    return this.at >= this.text.length;
  }
  fail(what: string): never {
    throw new Error(`POSIX TZ "${this.text}": ${what} at ${this.at}`);
  }
  /** A zone abbreviation: three or more letters, or anything in <…> ("<+0545>"). */
  name(): void {
    if (this.peek() === '<') {
      const close = this.text.indexOf('>', this.at);
      if (close < 0) this.fail('unclosed <');
      this.at = close + 1;
      return;
    }
    const start = this.at;
    while (/[A-Za-z]/.test(this.peek())) this.at += 1;
    if (this.at - start < 3) this.fail('a zone abbreviation');
  }
  /** [+-]hh[:mm[:ss]] in seconds; hours up to 167 (RFC 8536 §3.3.1). */
  hms(): number {
    let sign = 1;
    if (this.peek() === '+' || this.peek() === '-') {
      sign = this.peek() === '-' ? -1 : 1;
      this.at += 1;
    }
    const parts = /^(\d{1,3})(?::(\d{1,2}))?(?::(\d{1,2}))?/.exec(this.text.slice(this.at));
    if (!parts) this.fail('a time');
    this.at += parts[0].length;
    return sign * (Number(parts[1]) * 3600 + Number(parts[2] ?? 0) * 60 + Number(parts[3] ?? 0));
  }
  dayRule(): DayRule {
    const none = { day: 0, month: 0, week: 0, weekday: 0 };
    let rule: Omit<DayRule, 'timeS'>;
    const m = /^M(\d{1,2})\.(\d)\.(\d)/.exec(this.text.slice(this.at));
    if (m) {
      this.at += m[0].length;
      rule = { ...none, kind: 'M', month: Number(m[1]), week: Number(m[2]), weekday: Number(m[3]) };
      if (rule.month < 1 || rule.month > 12 || rule.week < 1 || rule.week > 5 || rule.weekday > 6)
        this.fail('a month.week.day rule');
    } else {
      const julian = this.peek() === 'J';
      if (julian) this.at += 1;
      const d = /^\d{1,3}/.exec(this.text.slice(this.at));
      if (!d) this.fail('a day rule');
      this.at += d[0].length;
      rule = { ...none, kind: julian ? 'J' : 'n', day: Number(d[0]) };
    }
    let timeS = 7200; // 02:00 by default
    if (this.peek() === '/') {
      this.at += 1;
      timeS = this.hms();
    }
    return { ...rule, timeS };
  }
}

/** Parses a POSIX TZ string; throws on anything it cannot read. */
export function parsePosixTz(text: string): PosixTz {
  const c = new Cursor(text);
  c.name();
  const stdOffsetS = 0 - c.hms(); // POSIX counts west of UTC as positive (and 0 - 0 is +0)
  if (c.done()) return { stdOffsetS };
  c.name();
  let offsetS = stdOffsetS + 3600;
  if (c.peek() !== ',' && !c.done()) offsetS = 0 - c.hms();
  if (c.peek() !== ',') c.fail('the daylight-time rules');
  c.at += 1;
  const start = c.dayRule();
  if (c.peek() !== ',') c.fail('the end rule');
  c.at += 1;
  const end = c.dayRule();
  if (!c.done()) c.fail('the end of the rule');
  return { stdOffsetS, dst: { offsetS, start, end } };
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Seconds since the epoch of the rule's day at 00:00 "UTC" of that local date, in `year`. */
function dayStartS(rule: DayRule, year: number): number {
  const jan1 = Date.UTC(year, 0, 1) / 1000;
  if (rule.kind === 'n') return jan1 + rule.day * DAY_S;
  if (rule.kind === 'J') {
    const afterFeb = rule.day >= 60 && isLeap(year) ? 1 : 0; // J counts Feb 29 never
    return jan1 + (rule.day - 1 + afterFeb) * DAY_S;
  }
  const first = Date.UTC(year, rule.month - 1, 1) / 1000;
  const firstWeekday = new Date(first * 1000).getUTCDay();
  let day = 1 + ((rule.weekday - firstWeekday + 7) % 7) + (rule.week - 1) * 7;
  const daysInMonth = new Date(Date.UTC(year, rule.month, 0)).getUTCDate();
  while (day > daysInMonth) day -= 7; // week 5: the last one
  return first + (day - 1) * DAY_S;
}

/** The offset (seconds east of UTC) in force at `epochS` under `tz`. */
export function posixOffsetS(tz: PosixTz, epochS: number): number {
  const { dst } = tz;
  if (!dst) return tz.stdOffsetS;
  const year = new Date((epochS + tz.stdOffsetS) * 1000).getUTCFullYear();
  // The start is given in standard time, the end in daylight time (POSIX).
  const startS = dayStartS(dst.start, year) + dst.start.timeS - tz.stdOffsetS;
  const endS = dayStartS(dst.end, year) + dst.end.timeS - dst.offsetS;
  const inDst = startS < endS ? epochS >= startS && epochS < endS : !(epochS >= endS && epochS < startS);
  return inDst ? dst.offsetS : tz.stdOffsetS;
}
