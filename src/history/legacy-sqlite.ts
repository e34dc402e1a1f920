import { rmSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { lazyRequire } from '../lazy-require.js';
import type { IntervalRow } from './interval.js';

type SqliteModule = typeof import('node-sqlite3-wasm');
type Database = InstanceType<SqliteModule['Database']>;
const loadSqlite = lazyRequire<SqliteModule>('node-sqlite3-wasm');

/** The file earlier versions kept the history in (SQLite, table `intervals`). */
export const LEGACY_FILE = 'history.sqlite';

/**
 * SQLite (WebAssembly) is loaded only to read a history file from an earlier version, never by an
 * agent without one. Its module is compiled by V8's baseline compiler only (issue 16): V8 otherwise
 * also keeps optimised code for the whole of SQLite, 45 MiB resident against 13 MiB with
 * `--liftoff-only` (Node 20). The flag must be set before the module compiles.
 */
function sqlite(): SqliteModule {
  setFlagsFromString('--liftoff-only');
  return loadSqlite();
}

const SELECT = 'SELECT miner, start, energy_kwh, revenue, heat_credit, power_cost FROM intervals';

/**
 * Every row of an old history file, for its one migration. Opened for writing, so that SQLite rolls
 * back a transaction a killed agent left in its journal. The caller holds the data directory's lock:
 * a lock directory (`history.sqlite.lock`, node-sqlite3-wasm's file lock) is therefore stale.
 */
export function readAllLegacyRows(path: string): IntervalRow[] {
  rmSync(`${path}.lock`, { recursive: true, force: true });
  const db = new (sqlite().Database)(path, { fileMustExist: true });
  try {
    return hasIntervals(db) ? db.all(`${SELECT} ORDER BY start, miner`).map(rowOf) : [];
  } finally {
    db.close();
  }
}

/** An old history file read in place (read-only: `hashheat report` before the agent has migrated it). */
export interface LegacyHistory {
  read(from: number, to: number): IntervalRow[];
  integrity(): string;
  close(): void;
}

export function openLegacyHistory(path: string): LegacyHistory {
  const db = new (sqlite().Database)(path, { readOnly: true });
  const present = hasIntervals(db);
  return {
    read(from, to) {
      if (!present) return [];
      return db.all(`${SELECT} WHERE start >= ? AND start < ? ORDER BY start, miner`, [from, to]).map(rowOf);
    },
    integrity() {
      return String((db.get('PRAGMA integrity_check') as Record<string, unknown>)?.integrity_check);
    },
    close() {
      if (db.isOpen) db.close();
    },
  };
}

/** False for an empty file (an earlier agent killed before it created the table). */
function hasIntervals(db: Database): boolean {
  return db.get("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'intervals'") !== null;
}

/** A row of the `intervals` table (its columns are NOT NULL; a 64-bit start comes back as a number). */
function rowOf(r: Record<string, unknown>): IntervalRow {
  return {
    minerId: String(r.miner),
    start: Number(r.start),
    energyKWh: Number(r.energy_kwh),
    revenue: Number(r.revenue),
    heatCredit: Number(r.heat_credit),
    powerCost: Number(r.power_cost),
  };
}
