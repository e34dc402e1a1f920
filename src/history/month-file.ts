import type { IntervalRow } from './interval.js';

/**
 * The history's file format, pure: one file per UTC month (`2026-12.jsonl`), one line per write. A
 * line is a JSON array of the rows that one call to `HistoryStore.write` gave for that month, so a
 * write is one `write(2)` of one line: after a crash it is either whole or the file's last line lacks
 * its newline (torn), and a reader ignores that line. With short keys a year of one miner's 15-minute
 * rows takes at most about 4.5 MB (full-precision numbers).
 */
interface StoredRow {
  m: string;
  s: number;
  e: number;
  r: number;
  h: number;
  p: number;
}

const MONTH_FILE = /^(\d{4})-(\d{2})\.jsonl$/;

/** The name of the file that holds intervals starting at `start` (its UTC month). */
export function monthFileOf(start: number): string {
  const date = new Date(start);
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  return `${String(date.getUTCFullYear()).padStart(4, '0')}-${month}.jsonl`;
}

/** The span [start, end) of epoch ms a month file holds, or undefined when `name` is no month file. */
export function monthSpanOf(name: string): { start: number; end: number } | undefined {
  const match = MONTH_FILE.exec(name);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  return { start: Date.UTC(year, month - 1), end: Date.UTC(year, month) };
}

/** One write's line, newline included. */
export function encodeLine(rows: readonly IntervalRow[]): string {
  const stored: StoredRow[] = rows.map((r) => ({
    m: r.minerId,
    s: r.start,
    e: r.energyKWh,
    r: r.revenue,
    h: r.heatCredit,
    p: r.powerCost,
  }));
  return `${JSON.stringify(stored)}\n`;
}

/** What a month file holds: its rows in file order (duplicates included), and which lines are damaged. */
export interface ParsedMonth {
  rows: IntervalRow[];
  /** 1-based numbers of lines that end with a newline but are not a history write (damage). */
  badLines: number[];
  /** Whether the file ends in a line without its newline: a write a crash cut short, ignored. */
  tornTail: boolean;
}

export function parseMonth(text: string): ParsedMonth {
  const lines = text.split('\n');
  // After the last newline: '' for a file whose last write finished, else the torn remains of one.
  const tail = lines.pop();
  const rows: IntervalRow[] = [];
  const badLines: number[] = [];
  lines.forEach((line, i) => {
    const write = decodeLine(line);
    if (write) rows.push(...write);
    else badLines.push(i + 1);
  });
  return { rows, badLines, tornTail: tail !== undefined && tail !== '' };
}

/** A line's rows, or undefined when it is not one whole write (a write is taken whole or not at all). */
function decodeLine(line: string): IntervalRow[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || !value.every(isStoredRow)) return undefined;
  return value.map((s) => ({
    minerId: s.m,
    start: s.s,
    energyKWh: s.e,
    revenue: s.r,
    heatCredit: s.h,
    powerCost: s.p,
  }));
}

function isStoredRow(value: unknown): value is StoredRow {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.m === 'string' && [v.s, v.e, v.r, v.h, v.p].every(Number.isFinite);
}
