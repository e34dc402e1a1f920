import { readFileSync } from 'node:fs';
import { isMap, parseDocument } from 'yaml';
import { loadBacktestConfig } from '../backtest/config.js';
import { buildWorld } from '../backtest/world.js';
import { ConfigError } from '../errors.js';
import { EXIT_CONFIG } from './load.js';
import { renderTable } from './table.js';

/** Where `check` writes (tests pass buffers). */
export interface CheckIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Whether the file is a backtest config (a top-level `backtest:` section); false when it cannot be read or parsed. */
export function isBacktestConfig(file: string): boolean {
  try {
    const doc = parseDocument(readFileSync(file, 'utf8'));
    return doc.errors.length === 0 && isMap(doc.contents) && doc.has('backtest');
  } catch {
    return false;
  }
}

/**
 * `hashheat check` of a backtest config (issue 11: it said `backtest: unknown key`): validates the file
 * as `hashheat backtest` does, then loads its data once. Exit 0, 1 when the data cannot be loaded, 2 for
 * an invalid config.
 */
export function checkBacktestConfig(file: string, io: CheckIo): number {
  let bc: ReturnType<typeof loadBacktestConfig>;
  try {
    bc = loadBacktestConfig(file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`hashheat: ${file}: ${error.message}\n`);
    return EXIT_CONFIG;
  }
  const { backtest, config } = bc;
  const rows = [
    [
      'config',
      file,
      'ok',
      `backtest ${backtest.from} → ${backtest.to}, ${config.miners.length} miner${config.miners.length === 1 ? '' : 's'}; run it with hashheat backtest`,
    ],
  ];
  try {
    const world = buildWorld(bc);
    rows.push([
      'data',
      bc.dataDir,
      'ok',
      `${world.frames.start.length} steps of ${world.frames.stepMs / 60_000} min`,
    ]);
  } catch (error) {
    rows.push(['data', bc.dataDir, 'FAILED', (error as Error).message]);
  }
  io.stdout.write(`${renderTable(['kind', 'id', 'status', 'detail'], rows)}\n`);
  return rows.some((r) => r[2] === 'FAILED') ? 1 : 0;
}
