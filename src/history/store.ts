import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { lazyRequire } from '../lazy-require.js';

type SqliteModule = typeof import('node-sqlite3-wasm');
const loadSqlite = lazyRequire<SqliteModule>('node-sqlite3-wasm');

/**
 * SQLite (WebAssembly) is loaded when a store is opened, never by an agent without `history`. Its
 * module is compiled by V8's baseline compiler only (issue 16): V8 otherwise also keeps optimised
 * code for the whole of SQLite, 45 MiB resident against 13 MiB with `--liftoff-only` (Node 20,
 * measured with `--expose-gc` and process.memoryUsage). History writes a few rows every 15 minutes;
 * baseline code is plenty for that. The flag must be set before the module compiles.
 */
function sqlite(): SqliteModule {
  setFlagsFromString('--liftoff-only');
  return loadSqlite();
}

/** One miner's money and energy over one 15-minute interval. */
export interface IntervalRow {
  minerId: string;
  /** Start of the interval (epoch ms, a multiple of 15 min). */
  start: number;
  energyKWh: number;
  revenue: number;
  heatCredit: number;
  powerCost: number;
}

/** Length of one history interval (ms). */
export const INTERVAL_MS = 15 * 60_000;

/**
 * The agent's history in `<dataDir>/history.sqlite`: what each miner drew, mined and saved per
 * 15 minutes. SQLite compiled to WebAssembly (node-sqlite3-wasm): installs from the registry with no
 * build step and no download, writes a real file with SQLite's rollback journal, so a finished
 * interval is either fully there or not at all, whatever happens to the process.
 */
export class HistoryStore {
  private readonly db: InstanceType<SqliteModule['Database']>;
  readonly path: string;

  /**
   * Opens (creates) the database. The writer is the agent, which holds the data directory's
   * single-instance lock: a lock directory (`history.sqlite.lock`, node-sqlite3-wasm's file lock) left by
   * a process that was killed is therefore stale and removed; SQLite then rolls back the half-written
   * transaction from its hot journal on first access.
   */
  constructor(dataDir: string, options: { readOnly?: boolean } = {}) {
    mkdirSync(dataDir, { recursive: true });
    this.path = join(dataDir, 'history.sqlite');
    if (!options.readOnly) rmSync(`${this.path}.lock`, { recursive: true, force: true });
    this.db = new (sqlite().Database)(this.path, options.readOnly ? { readOnly: true } : {});
    if (!options.readOnly) {
      this.db.exec(`PRAGMA synchronous = FULL;
        CREATE TABLE IF NOT EXISTS intervals (
          miner TEXT NOT NULL, start INTEGER NOT NULL,
          energy_kwh REAL NOT NULL, revenue REAL NOT NULL, heat_credit REAL NOT NULL, power_cost REAL NOT NULL,
          PRIMARY KEY (miner, start)) WITHOUT ROWID;`);
    }
  }

  /** Writes finished intervals in one transaction (all or none) and drops those older than `keepFrom`. */
  write(rows: readonly IntervalRow[], keepFrom?: number): void {
    if (rows.length === 0 && keepFrom === undefined) return;
    this.db.exec('BEGIN');
    try {
      for (const r of rows)
        this.db.run('INSERT OR REPLACE INTO intervals VALUES (?, ?, ?, ?, ?, ?)', [
          r.minerId,
          r.start,
          r.energyKWh,
          r.revenue,
          r.heatCredit,
          r.powerCost,
        ]);
      if (keepFrom !== undefined) this.db.run('DELETE FROM intervals WHERE start < ?', [keepFrom]);
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Intervals starting in [from, to), ordered by time then miner. */
  read(from: number, to: number): IntervalRow[] {
    const rows = this.db.all(
      'SELECT miner, start, energy_kwh, revenue, heat_credit, power_cost FROM intervals WHERE start >= ? AND start < ? ORDER BY start, miner',
      [from, to],
    ) as {
      miner: string;
      start: number;
      energy_kwh: number;
      revenue: number;
      heat_credit: number;
      power_cost: number;
    }[];
    return rows.map((r) => ({
      minerId: r.miner,
      start: Number(r.start),
      energyKWh: r.energy_kwh,
      revenue: r.revenue,
      heatCredit: r.heat_credit,
      powerCost: r.power_cost,
    }));
  }

  /** SQLite's own check of the file: `ok` when intact. */
  integrity(): string {
    return String((this.db.get('PRAGMA integrity_check') as Record<string, unknown>)?.integrity_check);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
