import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Database } from 'node-sqlite3-wasm';
import { describe, expect, it } from 'vitest';
import { encodeLine } from '../../src/history/month-file.js';
import { HistoryStore, hasHistory, type IntervalRow } from '../../src/history/store.js';
import { tempDataDir } from '../fakes/agent-config.js';

// Issue 16: the history as JSON Lines month files instead of SQLite, with the same API and guarantees
// (a write whole or absent, a later row for a miner and interval replacing an earlier one, retention),
// and an earlier version's history.sqlite migrated without losing a row.
const MIN = 60_000;
const DEC = Date.UTC(2026, 11, 1);

function row(minerId: string, start: number, energyKWh = 0.035): IntervalRow {
  return { minerId, start, energyKWh, revenue: energyKWh / 10, heatCredit: 0.01, powerCost: 0.011 };
}

const ALL = [0, Number.MAX_SAFE_INTEGER] as const;
const lines = (file: string) => readFileSync(file, 'utf8').split('\n');

describe('history month files', () => {
  it('reads back what was written: [from, to), by start then miner, the last row of a miner and interval', () => {
    const dir = tempDataDir();
    const store = new HistoryStore(dir);
    store.write([row('nano', DEC + 15 * MIN), row('garage', DEC + 15 * MIN), row('nano', DEC)]);
    store.write([row('nano', DEC, 0.05), row('nano', Date.UTC(2026, 10, 30, 23, 45))]);
    expect(store.path).toBe(join(dir, 'history'));
    expect(readdirSync(store.path).sort()).toEqual(['2026-11.jsonl', '2026-12.jsonl']);
    // One line per write and month: the second write left one line in each file.
    expect(lines(join(store.path, '2026-12.jsonl'))).toHaveLength(3);
    expect(store.read(...ALL).map((r) => [r.minerId, r.start - DEC, r.energyKWh])).toEqual([
      ['nano', -15 * MIN, 0.035],
      ['nano', 0, 0.05],
      ['garage', 15 * MIN, 0.035],
      ['nano', 15 * MIN, 0.035],
    ]);
    expect(store.read(DEC, DEC + 15 * MIN).map((r) => r.start)).toEqual([DEC]);
    expect(store.read(DEC, DEC + 15 * MIN)[0]).toEqual(row('nano', DEC, 0.05));
    expect(store.integrity()).toBe('ok');
    // A reader beside the agent (hashheat report) sees the same.
    expect(new HistoryStore(dir, { readOnly: true }).read(...ALL)).toEqual(store.read(...ALL));
  });

  it('a write a crash cut short is not read, and the next write cuts it off instead of following it', () => {
    const store = new HistoryStore(tempDataDir());
    const file = join(store.path, '2026-12.jsonl');
    store.write([row('a', DEC), row('b', DEC)]);
    const whole = readFileSync(file, 'utf8');
    appendFileSync(file, '[{"m":"a","s":1796083200000,"e":0.035},{"m":"b","s":17960');
    expect(store.read(...ALL).map((r) => r.minerId)).toEqual(['a', 'b']);
    expect(store.integrity()).toBe('ok');
    store.write([row('a', DEC + 15 * MIN)]);
    expect(readFileSync(file, 'utf8')).toBe(`${whole}${encodeLine([row('a', DEC + 15 * MIN)])}`);
    expect(store.read(...ALL).map((r) => `${r.minerId}@${(r.start - DEC) / MIN}`)).toEqual([
      'a@0',
      'b@0',
      'a@15',
    ]);
    // Torn just before its newline: complete JSON, still not a finished write.
    appendFileSync(file, JSON.stringify([{ m: 'c', s: DEC, e: 1, r: 0, h: 0, p: 0 }]));
    expect(store.read(...ALL)).toHaveLength(3);
    store.write([]);
    store.write([row('c', DEC + 30 * MIN)]);
    expect(lines(file)).toHaveLength(4); // three writes and the empty string after the last newline
    expect(store.integrity()).toBe('ok');
  });

  it('integrity names a damaged line; read still returns every whole write', () => {
    const store = new HistoryStore(tempDataDir());
    const file = join(store.path, '2026-12.jsonl');
    store.write([row('a', DEC)]);
    appendFileSync(file, '[{"m":"a","s":"soon"}]\n');
    store.write([row('a', DEC + 15 * MIN)]);
    expect(store.integrity()).toBe(`${file} line 2 is not a history write.`);
    expect(store.read(...ALL).map((r) => r.start - DEC)).toEqual([0, 15 * MIN]);
  });

  it('retention: months before keepFrom are deleted, its own month rewritten without older rows once a day', () => {
    const dir = tempDataDir();
    const store = new HistoryStore(dir);
    const nov15 = Date.UTC(2026, 10, 15);
    store.write([row('a', Date.UTC(2026, 9, 31)), row('a', Date.UTC(2026, 10, 10)), row('a', nov15)]);
    store.write([row('a', nov15 + 15 * MIN), row('a', DEC)]);
    store.write([], nov15);
    expect(readdirSync(store.path).sort()).toEqual(['2026-11.jsonl', '2026-12.jsonl']);
    expect(lines(join(store.path, '2026-11.jsonl'))).toEqual([
      JSON.stringify(
        [nov15, nov15 + 15 * MIN].map((s) => ({ m: 'a', s, e: 0.035, r: 0.035 / 10, h: 0.01, p: 0.011 })),
      ),
      '',
    ]);
    // Later the same day: not rewritten yet, but the agent's own reads leave the expired row out.
    store.write([row('a', DEC + 15 * MIN)], nov15 + 15 * MIN);
    expect(lines(join(store.path, '2026-11.jsonl'))).toHaveLength(2);
    expect(store.read(...ALL).map((r) => r.start)).toEqual([nov15 + 15 * MIN, DEC, DEC + 15 * MIN]);
    expect(new HistoryStore(dir, { readOnly: true }).read(...ALL)).toHaveLength(4);
    // The next day's first write drops it from the file too.
    store.write([], nov15 + 86_400_000);
    expect(readdirSync(store.path).sort()).toEqual(['2026-12.jsonl']);
    expect(new HistoryStore(dir, { readOnly: true }).read(...ALL).map((r) => r.start)).toEqual([
      DEC,
      DEC + 15 * MIN,
    ]);
  });

  it('a read-only store refuses to write and creates nothing', () => {
    const dir = tempDataDir();
    const store = new HistoryStore(join(dir, 'none'), { readOnly: true });
    expect(store.read(...ALL)).toEqual([]);
    expect(store.integrity()).toBe('ok');
    expect(() => store.write([row('a', DEC)])).toThrow(/read-only/);
    expect(existsSync(join(dir, 'none'))).toBe(false);
    expect(hasHistory(join(dir, 'none'))).toBe(false);
  });
});

/** A history file as earlier versions wrote it (their schema, through the same SQLite). */
function legacyFile(dataDir: string, rows: readonly IntervalRow[]): string {
  const path = join(dataDir, 'history.sqlite');
  const db = new Database(path);
  db.exec(`CREATE TABLE IF NOT EXISTS intervals (
      miner TEXT NOT NULL, start INTEGER NOT NULL,
      energy_kwh REAL NOT NULL, revenue REAL NOT NULL, heat_credit REAL NOT NULL, power_cost REAL NOT NULL,
      PRIMARY KEY (miner, start)) WITHOUT ROWID;`);
  for (const r of rows)
    db.run('INSERT OR REPLACE INTO intervals VALUES (?, ?, ?, ?, ?, ?)', [
      r.minerId,
      r.start,
      r.energyKWh,
      r.revenue,
      r.heatCredit,
      r.powerCost,
    ]);
  db.close();
  return path;
}

describe('history from an earlier version (history.sqlite)', () => {
  const OLD = [
    row('nano', Date.UTC(2026, 9, 31, 23, 45), 0.0351),
    row('garage', Date.UTC(2026, 10, 1), 1 / 3),
    row('nano', Date.UTC(2026, 10, 1), 0.035),
  ];

  it('the agent migrates it once, keeping every row exactly, and keeps the old file as .migrated', () => {
    const dir = tempDataDir();
    const path = legacyFile(dir, OLD);
    const store = new HistoryStore(dir);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.migrated`)).toBe(true);
    expect(readdirSync(store.path).sort()).toEqual(['2026-10.jsonl', '2026-11.jsonl']);
    expect(store.read(...ALL)).toEqual(OLD);
    store.write([row('nano', Date.UTC(2026, 10, 1), 0.02)]);
    const after = new HistoryStore(dir);
    expect(after.read(...ALL)).toEqual([OLD[0], OLD[1], row('nano', Date.UTC(2026, 10, 1), 0.02)]);
    expect(lines(join(store.path, '2026-11.jsonl'))).toHaveLength(3); // migrated, written, ''
    // An old file again (the user went back to an earlier version for a while): the first copy stays.
    legacyFile(dir, [row('nano', Date.UTC(2026, 10, 2))]);
    new HistoryStore(dir);
    expect(existsSync(`${path}.migrated`) && existsSync(`${path}.migrated.2`)).toBe(true);
    expect(new HistoryStore(dir, { readOnly: true }).read(...ALL)).toHaveLength(4);
  });

  it('a read-only store (hashheat report before the agent ran again) reads it in place, changing nothing', () => {
    const dir = tempDataDir();
    const path = legacyFile(dir, OLD);
    const before = readFileSync(path);
    expect(hasHistory(dir)).toBe(true);
    const store = new HistoryStore(dir, { readOnly: true });
    try {
      expect(store.read(Date.UTC(2026, 10, 1), Date.UTC(2026, 11, 1))).toEqual(OLD.slice(1));
      expect(store.integrity()).toBe('ok');
    } finally {
      store.close();
    }
    expect(readFileSync(path)).toEqual(before);
    expect(readdirSync(dir)).toEqual(['history.sqlite']);
  });

  it('beside month files (a migration that could not rename it), a read-only store reads both, the files last', () => {
    const dir = tempDataDir();
    mkdirSync(join(dir, 'history'));
    appendFileSync(
      join(dir, 'history', '2026-11.jsonl'),
      encodeLine([row('nano', Date.UTC(2026, 10, 1), 0.5)]),
    );
    legacyFile(dir, OLD);
    const store = new HistoryStore(dir, { readOnly: true });
    try {
      expect(store.read(...ALL)).toEqual([OLD[0], OLD[1], row('nano', Date.UTC(2026, 10, 1), 0.5)]);
    } finally {
      store.close();
    }
  });

  it('the agent writes again after its history folder was deleted under it', () => {
    const store = new HistoryStore(tempDataDir());
    rmSync(store.path, { recursive: true });
    store.write([row('nano', DEC)]);
    expect(store.read(...ALL)).toEqual([row('nano', DEC)]);
  });
});
