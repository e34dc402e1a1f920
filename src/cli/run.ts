import type { Logger } from 'pino';
import type { HistoryConfig } from '../../config/history.js';
import type { HttpConfig } from '../../config/http.js';
import { type Agent, createAgent, type TickRecord } from '../agent/agent.js';
import { systemClock } from '../agent/clock.js';
import { acquireDataDirLock, DataDirBusyError, type DataDirLock } from '../agent/data-dir-lock.js';
import { cronScheduler, manualScheduler } from '../agent/scheduler.js';
import { compilersFor, youngGenerationFor } from '../heap-flags.js';
import type { AttachedHistory } from '../history/attach.js';
import { startHomeAssistantBridge } from '../homeassistant/bridge.js';
import type { HttpServer } from '../http/server.js';
import { loadConfigOrExit } from './load.js';
import { createLogger } from './logger.js';

/** How long the first tick waits for MQTT and push inputs (ms). */
const STARTUP_WAIT_MS = 5000;

/** Options of `hashheat run`. */
export interface RunOptions {
  config: string;
  dryRun?: boolean;
  once?: boolean;
  json?: boolean;
}

/** The JSON line printed per tick with `--json`. */
export function recordLine(record: TickRecord): string {
  return JSON.stringify({
    at: new Date(record.at).toISOString(),
    dryRun: record.dryRun,
    enabled: record.enabled,
    ...(record.plans ? { plans: record.plans } : {}),
    decisions: record.decisions.map((d) => ({
      minerId: d.minerId,
      levelId: d.levelId,
      previousLevelId: d.previousLevelId,
      powerW: d.powerW,
      changed: d.changed,
      command: d.command,
      outcome: d.outcome,
      decidedBy: d.decidedBy,
      reason: d.reason,
      autoLevelId: d.autoLevelId,
      abstentions: d.abstentions,
      ledger: d.ledger.map((r) => ({
        levelId: r.levelId,
        powerW: r.powerW,
        surplusW: r.surplusW,
        gridW: r.gridW,
        revenuePerHour: r.revenuePerHour,
        heatCreditPerHour: r.heatCreditPerHour,
        powerCostPerHour: r.powerCostPerHour,
        netPerHour: r.netPerHour,
        allowed: r.allowed,
        ...(r.blockedBy ? { blockedBy: r.blockedBy } : {}),
      })),
    })),
  });
}

function printFirstDecisions(record: TickRecord | undefined, logger: Logger): void {
  for (const d of record?.decisions ?? []) {
    if (!d.changed)
      logger.info(
        { miner: d.minerId, levelId: d.levelId, decidedBy: d.decidedBy },
        `${d.minerId}: ${d.reason}`,
      );
  }
}

/** Takes the data directory's single-instance lock, or says who holds it and exits 1 before anything connects. */
function lockDataDirOrExit(dataDir: string): DataDirLock {
  try {
    return acquireDataDirLock(dataDir);
  } catch (error) {
    if (!(error instanceof DataDirBusyError)) throw error;
    process.stderr.write(`hashheat: ${error.message}\n`);
    process.exit(1);
  }
}

/** `hashheat run`: the agent, until SIGINT/SIGTERM (or one tick with `--once`). */
export async function runCommand(options: RunOptions): Promise<void> {
  const config = loadConfigOrExit(options.config);
  // main.ts kept the young generation small and the compilers off before loading anything; a large
  // fleet gets V8's growth back, more than a few miners the compilers (src/heap-flags.ts).
  youngGenerationFor(config.miners.length);
  compilersFor(config.miners.length);
  const lock = lockDataDirOrExit(config.agent.dataDir);
  process.once('exit', () => lock.release());
  const logger = createLogger(config.agent.logLevel, { timeZone: config.site.timeZone });
  guardProcess(logger);
  const agent = await createAgent(config, {
    clock: systemClock,
    logger,
    scheduler: options.once ? manualScheduler : cronScheduler(systemClock, config.site.timeZone),
    ...(options.dryRun ? { dryRun: true } : {}),
  });
  if (options.json) agent.onRecord((record) => process.stdout.write(`${recordLine(record)}\n`));
  // Home Assistant discovery, states and commands over the agent's MQTT connection (config.mqtt).
  const { mqtt } = config;
  const bridge =
    mqtt?.discovery && agent.mqtt
      ? startHomeAssistantBridge(agent, agent.mqtt, { ...config, mqtt }, { clock: systemClock, logger })
      : undefined;
  await agent.start({ waitForInputsMs: STARTUP_WAIT_MS });
  const first = await agent.tick();
  if (!options.json) printFirstDecisions(first, logger);
  if (options.once) {
    bridge?.stop();
    await agent.stop({ applyOnExit: false });
    lock.release();
    return;
  }
  const history = config.history ? await startHistory(agent, config.history, logger) : undefined;
  const web = config.http ? await startWeb(agent, config.http, logger, history) : undefined;
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      bridge?.stop();
      void web?.close();
      history?.stop();
      agent.stop().then(
        () => {
          lock.release();
          resolve();
        },
        (error: unknown) => {
          logger.error({ error: String(error) }, 'shutdown failed');
          lock.release();
          resolve();
        },
      );
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
}

/**
 * Last line of defence. Every tick, source and device call is a boundary of its own, so a rejection
 * that still escapes is a bug: it is logged with its stack and the agent runs on. An uncaught
 * exception leaves the process in an unknown state: logged as fatal, exit code 1.
 */
function guardProcess(logger: Logger): void {
  process.on('unhandledRejection', (reason) => {
    logger.error(
      { error: reason instanceof Error ? reason.stack : String(reason) },
      'unhandled rejection (a bug); running on',
    );
  });
  process.on('uncaughtException', (error) => {
    logger.fatal({ error: error.stack ?? String(error) }, 'uncaught exception; exiting');
    logger.flush?.();
    process.exit(1);
  });
}

/** The web page and API (config.http), loaded only when configured; a port in use is logged, not fatal. */
async function startWeb(
  agent: Agent,
  http: HttpConfig,
  logger: Logger,
  history: AttachedHistory | undefined,
): Promise<HttpServer | undefined> {
  try {
    const { startHttpServer } = await import('../http/server.js');
    return await startHttpServer(
      agent,
      http,
      { clock: systemClock, logger },
      history ? { history: history.store } : {},
    );
  } catch (error) {
    logger.error(
      { listen: http.listen, error: String(error) },
      'web page and API not started; the agent runs on',
    );
    return undefined;
  }
}

/** The 15-minute history (config.history), loaded only when configured; a file that cannot open is logged, not fatal. */
async function startHistory(
  agent: Agent,
  config: HistoryConfig,
  logger: Logger,
): Promise<AttachedHistory | undefined> {
  try {
    const { attachHistory } = await import('../history/attach.js');
    return attachHistory(agent, config, { logger });
  } catch (error) {
    logger.error({ error: String(error) }, 'history not started; the agent runs on');
    return undefined;
  }
}
