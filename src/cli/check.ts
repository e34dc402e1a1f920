import { createAgent } from '../agent/agent.js';
import { systemClock } from '../agent/clock.js';
import { manualScheduler } from '../agent/scheduler.js';
import type { Reading } from '../core/types.js';
import { checkBacktestConfig, isBacktestConfig } from './backtest-check.js';
import { probeBroker } from './broker-check.js';
import { checkInputs } from './input-check.js';
import { loadConfigOrExit } from './load.js';
import { createLogger } from './logger.js';
import { renderTable } from './table.js';

function describeReading(reading: Reading<unknown> | undefined): string {
  if (!reading) return 'no reading';
  if (Array.isArray(reading.value)) return `${reading.value.length} price slots`;
  return `value ${String(reading.value)}`;
}

/** `hashheat check`: validate the config, try every source and miner once, print a table. Exit 1 if anything failed. */
export async function checkCommand(options: { config: string }): Promise<number> {
  if (isBacktestConfig(options.config))
    return checkBacktestConfig(options.config, { stdout: process.stdout, stderr: process.stderr });
  const config = loadConfigOrExit(options.config);
  const logger = createLogger('silent');
  // The broker first, as a probe that cannot disturb a running agent; MQTT inputs then read through it.
  const broker = config.mqtt ? await probeBroker(config.mqtt, { clock: systemClock, logger }) : undefined;
  const agent = await createAgent(config, {
    clock: systemClock,
    logger,
    scheduler: manualScheduler,
    dryRun: true,
    ...(broker ? { mqtt: broker.bus } : {}),
  });
  const rows: string[][] = [
    ['config', options.config, 'ok', `${config.miners.length} miners, ${config.signals.length} signals`],
  ];
  if (broker) rows.push(broker.row);
  // start(): polls every source once and starts the pushed ones (MQTT, HA WebSocket); stop() ends them.
  await agent.sources.start();
  const inputs = await checkInputs({ config, store: agent.store, clock: systemClock });
  for (const health of agent.sources.healthAll()) {
    const readings = agent.sources
      .keysOf(health.id)
      .map((k) => `${k}: ${describeReading(agent.store.get(k))}`);
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
  }
  // Diagnoses the running agent made and persisted (e.g. an inverted grid meter).
  for (const [key, text] of Object.entries(agent.state().diagnostics))
    rows.push(['diagnosis', key, 'WARN', text]);
  await agent.stop({ applyOnExit: false });
  await broker?.bus.close();
  process.stdout.write(`${renderTable(['kind', 'id', 'status', 'detail'], rows)}\n`);
  return rows.some((r) => r[2] === 'FAILED') ? 1 : 0;
}
