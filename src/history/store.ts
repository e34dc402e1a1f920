import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { appendLine, replaceFile, syncDirectory } from './durable-file.js';
import { byStartThenMiner, type IntervalRow } from './interval.js';
import { LEGACY_FILE, type LegacyHistory, openLegacyHistory, readAllLegacyRows } from './legacy-sqlite.js';
import { encodeLine, monthFileOf, monthSpanOf, parseMonth } from './month-file.js';

export { INTERVAL_MS, type IntervalRow } from './interval.js';

const DAY_MS = 86_400_000;

/** Whether `dataDir` holds a history to report on (this version's or an earlier one's). */
export function hasHistory(dataDir: string): boolean {
  return existsSync(join(dataDir, 'history')) || existsSync(join(dataDir, LEGACY_FILE));
}

/**
 * The agent's history in `<dataDir>/history/`: what each miner drew, mined and saved per 15 minutes,
 * one JSON Lines file per UTC month (month-file.ts). A few rows every 15 minutes need no database:
 * each write is one appended line, synced to disk, so a finished interval is fully there or not at
 * all whatever happens to the process, and an agent without SQLite stays ~5 MiB smaller (issue 16).
 * An earlier version's `history.sqlite` is migrated on the first open for writing and kept as
 * `history.sqlite.migrated`.
 */
export class HistoryStore {
  /** The history directory. */
  readonly path: string;
  private readonly readOnly: boolean;
  /** An earlier version's file, read in place by a read-only store (the agent migrates it). */
  private readonly legacy: LegacyHistory | undefined;
  /** The last retention boundary written: older rows left in the boundary month are not read. */
  private keepFrom: number | undefined;
  /** UTC day (days since the epoch) the boundary month was last rewritten without its expired rows. */
  private prunedDay: number | undefined;

  /**
   * Opens (for writing: creates) the history. The writer is the agent, which holds the data
   * directory's single-instance lock, so nothing else appends or rewrites these files; readers
   * (`hashheat report`) can run beside it.
   */
  constructor(dataDir: string, options: { readOnly?: boolean } = {}) {
    this.path = join(dataDir, 'history');
    this.readOnly = options.readOnly ?? false;
    const legacyPath = join(dataDir, LEGACY_FILE);
    if (this.readOnly) {
      this.legacy = existsSync(legacyPath) ? openLegacyHistory(legacyPath) : undefined;
      return;
    }
    this.legacy = undefined;
    mkdirSync(this.path, { recursive: true });
    // A rewrite's temporary file left by a crash: the file it was to replace is still whole.
    for (const name of readdirSync(this.path))
      if (name.endsWith('.tmp')) rmSync(join(this.path, name), { force: true });
    if (existsSync(legacyPath)) this.migrate(dataDir, legacyPath);
  }

  /**
   * Appends finished intervals (one line per month they fall in; a later row for the same miner and
   * start replaces an earlier one on read) and drops those older than `keepFrom`: month files that
   * end before it are deleted, and the month it falls in is rewritten without its older rows at most
   * once a day (meanwhile they are not read).
   */
  write(rows: readonly IntervalRow[], keepFrom?: number): void {
    if (this.readOnly) throw new Error(`the history in ${this.path} is open read-only`);
    this.append(rows);
    if (keepFrom !== undefined) this.prune(keepFrom);
  }

  /** Intervals starting in [from, to), ordered by time then miner, each (miner, start) once: the last written. */
  read(from: number, to: number): IntervalRow[] {
    const lower = Math.max(from, this.keepFrom ?? from);
    const latest = new Map<string, IntervalRow>();
    const keep = (row: IntervalRow) => {
      if (row.start >= lower && row.start < to) latest.set(`${row.minerId}\u0000${row.start}`, row);
    };
    for (const row of this.legacy?.read(lower, to) ?? []) keep(row);
    for (const name of this.monthFiles()) {
      const span = monthSpanOf(name);
      if (span && span.end > lower && span.start < to)
        for (const row of parseMonth(this.readMonth(name)).rows) keep(row);
    }
    return [...latest.values()].sort(byStartThenMiner);
  }

  /**
   * `ok` when every line of every month file is a whole write (a torn last line, the remains of a
   * crash, is ignored and does not count), else which file and line are damaged.
   */
  integrity(): string {
    const problems: string[] = [];
    for (const name of this.monthFiles()) {
      const { badLines } = parseMonth(this.readMonth(name));
      if (badLines.length > 0)
        problems.push(
          `${join(this.path, name)} line ${badLines[0]} is not a history write` +
            (badLines.length > 1 ? ` (and ${badLines.length - 1} more lines)` : ''),
        );
    }
    const legacy = this.legacy?.integrity();
    if (legacy !== undefined && legacy !== 'ok') problems.push(`${LEGACY_FILE}: ${legacy}`);
    return problems.length === 0 ? 'ok' : `${problems.join('; ')}.`;
  }

  close(): void {
    this.legacy?.close();
  }

  private append(rows: readonly IntervalRow[]): void {
    if (rows.length === 0) return;
    // Again on every write: a user may delete the folder to start afresh while the agent runs.
    mkdirSync(this.path, { recursive: true });
    const byMonth = new Map<string, IntervalRow[]>();
    for (const row of rows) {
      const name = monthFileOf(row.start);
      byMonth.set(name, [...(byMonth.get(name) ?? []), row]);
    }
    for (const [name, monthRows] of byMonth) appendLine(join(this.path, name), encodeLine(monthRows));
  }

  private prune(keepFrom: number): void {
    this.keepFrom = keepFrom;
    for (const name of this.monthFiles())
      if ((monthSpanOf(name)?.end ?? Number.POSITIVE_INFINITY) <= keepFrom)
        rmSync(join(this.path, name), { force: true });
    const day = Math.floor(keepFrom / DAY_MS);
    if (this.prunedDay === day) return;
    this.prunedDay = day;
    const name = monthFileOf(keepFrom);
    const { rows, badLines, tornTail } = parseMonth(this.readMonth(name));
    const latest = new Map(rows.map((r) => [`${r.minerId}\u0000${r.start}`, r]));
    const kept = [...latest.values()].filter((r) => r.start >= keepFrom).sort(byStartThenMiner);
    // Damaged lines are left for `integrity` to report rather than silently dropped here.
    if (badLines.length > 0 || (kept.length === rows.length && !tornTail)) return;
    if (kept.length === 0) rmSync(join(this.path, name), { force: true });
    else replaceFile(join(this.path, name), encodeLine(kept));
  }

  /**
   * Copies every row of an earlier version's SQLite file into month files, then renames it (never
   * deletes it). A crash before the rename repeats the copy on the next start: the same rows again,
   * which read takes once.
   */
  private migrate(dataDir: string, legacyPath: string): void {
    this.append(readAllLegacyRows(legacyPath));
    let target = `${legacyPath}.migrated`;
    for (let n = 2; existsSync(target); n++) target = `${legacyPath}.migrated.${n}`;
    renameSync(legacyPath, target);
    syncDirectory(dataDir);
  }

  private monthFiles(): string[] {
    try {
      return readdirSync(this.path)
        .filter((name) => monthSpanOf(name) !== undefined)
        .sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  /** A month file's text; '' when there is none (never written, or deleted by retention meanwhile). */
  private readMonth(name: string): string {
    try {
      return readFileSync(join(this.path, name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw error;
    }
  }
}
