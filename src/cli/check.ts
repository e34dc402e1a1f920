import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { createAgent } from '../agent/agent.js';
import { systemClock } from '../agent/clock.js';
import { manualScheduler } from '../agent/scheduler.js';
import { StateFile } from '../agent/state-file.js';
import { type GridEvent, nextEvent } from '../core/grid-events.js';
import type { Reading } from '../core/types.js';
import type { Clock } from '../ports.js';
import { checkBacktestConfig, isBacktestConfig } from './backtest-check.js';
import { probeBroker } from './broker-check.js';
import { checkInputs } from './input-check.js';
import { loadConfigOrExit } from './load.js';
import { createLogger } from './logger.js';
import { renderTable } from './table.js';

/** A source's grid events (issue 18): how many, and the first still to come or under way. */
function describeEvents(reading: Reading<GridEvent[]> | undefined, now: number, timeZone: string): string {
  if (!reading) return 'no events yet';
  const next = nextEvent(reading.value, now);
  const when = (at: number) => DateTime.fromMillis(at, { zone: timeZone }).toFormat('dd.MM HH:mm');
  const count = `${reading.value.length} event${reading.value.length === 1 ? '' : 's'}`;
  return next ? `${count}, next "${next.title}" ${when(next.start)} → ${when(next.end)}` : count;
}

function describeReading(reading: Reading<unknown> | undefined): string {
  if (!reading) return 'no reading';
  if (Array.isArray(reading.value)) return `${reading.value.length} price slots`;
  return `value ${String(reading.value)}`;
}

/** Rows for the diagnoses in the agent's saved state; a state file the agent could not load is a failure. */
function savedDiagnoses(dataDir: string): string[][] {
  const path = join(dataDir, 'state.json');
  if (!existsSync(path)) return [];
  try {
    const { diagnostics } = new StateFile(dataDir).load();
    return Object.entries(diagnostics).map(([key, text]) => ['diagnosis', key, 'WARN', text]);
  } catch (error) {
    return [['state', path, 'FAILED', (error as Error).message]];
  }
}

/**
 * `hashheat check`: validate the config, try every source and miner once, print a table. Exit 1 if
 * anything failed. `deps.clock` (a test's) sets the moment event windows and ages are measured from.
 */
export async function checkCommand(
  options: { config: string },
  deps: { clock?: Clock } = {},
): Promise<number> {
  const clock = deps.clock ?? systemClock;
  if (isBacktestConfig(options.config))
    return checkBacktestConfig(options.config, { stdout: process.stdout, stderr: process.stderr });
  const config = loadConfigOrExit(options.config);
  const logger = createLogger('silent');
  // The broker first, as a probe that cannot disturb a running agent; MQTT inputs then read through it.
  const broker = config.mqtt ? await probeBroker(config.mqtt, { clock, logger }) : undefined;
  // The check's agent keeps its state in a scratch folder: the real data directory belongs to the
  // agent that may be running on it (its lock, its state.json, its override spool).
  const scratch = mkdtempSync(join(tmpdir(), 'hashheat-check-'));
  const agent = await createAgent(
    { ...config, agent: { ...config.agent, dataDir: scratch } },
    {
      clock,
      logger,
      scheduler: manualScheduler,
      dryRun: true,
      ...(broker ? { mqtt: broker.bus } : {}),
    },
  );
  const rows: string[][] = [
    ['config', options.config, 'ok', `${config.miners.length} miners, ${config.signals.length} signals`],
  ];
  if (broker) rows.push(broker.row);
  // start(): polls every source once and starts the pushed ones (MQTT, HA WebSocket); stop() ends them.
  await agent.sources.start();
  const inputs = await checkInputs({ config, store: agent.store, clock });
  for (const health of agent.sources.healthAll()) {
    const readings = agent.sources
      .keysOf(health.id)
      .map((k) =>
        k === 'events'
          ? `events: ${describeEvents(agent.store.eventsRecord()?.[health.id], clock.now(), config.site.timeZone)}`
          : `${k}: ${describeReading(agent.store.get(k))}`,
      );
    rows.push([
      'source',
      health.id,
      health.ok ? 'ok' : 'FAILED',
      health.ok ? readings.join('; ') : (health.lastError ?? ''),
    ]);
  }
  for (const input of inputs)
    rows.push(['input', `${input.id} ${input.what}`, input.ok ? 'ok' : 'FAILED', input.detail]);
  for (const [id, supervisor] of agent.miners) {
    const status = await supervisor.status();
    const detail = status.reachable
      ? `${supervisor.adapter.family}, ${status.running ? `running at ${status.levelId ?? '?'}` : 'stopped'}${status.powerW !== undefined ? `, ${status.powerW} W` : ''}`
      : (status.error ?? 'unreachable');
    rows.push(['miner', id, status.reachable ? 'ok' : 'FAILED', detail]);
    if (status.canSwitchOff === false)
      rows.push([
        'miner',
        id,
        'WARN',
        'cannot switch off: no soft off and no companion plug; it will run at its lowest level when off is wanted (add `companion:` with a smart plug)',
      ]);
  }
  // Diagnoses the running agent made and persisted (e.g. an inverted grid meter), read, never written.
  rows.push(...savedDiagnoses(config.agent.dataDir));
  await agent.stop({ applyOnExit: false });
  rmSync(scratch, { recursive: true, force: true });
  await broker?.bus.close();
  process.stdout.write(`${renderTable(['kind', 'id', 'status', 'detail'], rows)}\n`);
  return rows.some((r) => r[2] === 'FAILED') ? 1 : 0;
}
