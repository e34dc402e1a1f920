import { type FSWatcher, mkdirSync, watch } from 'node:fs';
import { DateTime } from 'luxon';
import type { MinerBaseConfig } from '../../config/common.js';
import type { Model } from '../core/model.js';
import type { Instant, Override } from '../core/types.js';
import type { Deps } from '../ports.js';
import { commandsDir, drainCommands, hasCommands } from './command-spool.js';
import {
  configRequests,
  type OverrideRequest,
  requestProblem,
  withoutExpired,
  withRequest,
} from './overrides.js';

/** How often the spool is looked at when the file system cannot be watched (ms). */
const POLL_MS = 1000;

/**
 * Manual overrides from outside the process: the config's `override:` keys at start, and command
 * files the CLI (`hashheat override`) drops into `<dataDir>/commands/`. The agent drains the spool
 * at the start of every tick; a watcher asks for a tick as soon as a file lands. Expired overrides
 * are dropped here too. Every change is logged once.
 */
export class OverrideInbox {
  private watcher: FSWatcher | undefined;
  private pollTimer: unknown;
  private closed = false;

  constructor(
    private readonly options: { dataDir: string; model: Model; timeZone: string },
    private readonly deps: Deps,
  ) {}

  /** Overrides with the config's applied (they win at every start; `auto` clears one). */
  seed(overrides: Record<string, Override>, miners: readonly MinerBaseConfig[]): Record<string, Override> {
    const now = this.deps.clock.now();
    let next = overrides;
    for (const request of configRequests(miners, this.options.timeZone)) {
      const problem = requestProblem(request, this.options.model, now);
      if (problem) this.deps.logger.warn({ miner: request.minerId, problem }, 'config override ignored');
      else next = this.apply(next, request);
    }
    return next;
  }

  /** Overrides after the spooled commands and without expired ones; `onCommand` hears each commanded miner. */
  refresh(
    overrides: Record<string, Override>,
    now: Instant,
    onCommand: (minerId: string) => void = () => {},
  ): Record<string, Override> {
    const drained = drainCommands(this.options.dataDir, (c) => requestProblem(c, this.options.model, now));
    let next = overrides;
    for (const command of drained.commands) {
      next = this.apply(next, command);
      onCommand(command.minerId);
    }
    for (const { file, why } of drained.rejected) {
      this.deps.logger.warn({ file, why }, 'override command rejected; the file is kept as .rejected');
    }
    const { overrides: kept, expired } = withoutExpired(next, now);
    for (const id of expired) {
      this.deps.logger.info(
        { miner: id, levelId: next[id]?.levelId },
        `${id}: manual override ended, back to auto`,
      );
    }
    return kept;
  }

  private apply(overrides: Record<string, Override>, request: OverrideRequest): Record<string, Override> {
    const until = request.until !== undefined ? new Date(request.until).toISOString() : undefined;
    // The sentence says the end in the site's local time (issue 11); the record keeps the ISO instant.
    const localUntil =
      request.until !== undefined
        ? DateTime.fromMillis(request.until, { zone: this.options.timeZone }).toFormat('yyyy-MM-dd HH:mm')
        : undefined;
    const what =
      request.levelId === 'auto' ? 'auto' : `${request.levelId}${localUntil ? ` until ${localUntil}` : ''}`;
    this.deps.logger.info(
      { miner: request.minerId, levelId: request.levelId, until, source: request.source },
      `${request.minerId}: manual override ${what} (${request.source})`,
    );
    return withRequest(overrides, request);
  }

  /** Calls `onCommand` within a second of a command file landing (file watch; polling where that fails). */
  watch(onCommand: () => void): void {
    const dir = commandsDir(this.options.dataDir);
    mkdirSync(dir, { recursive: true });
    try {
      this.watcher = watch(dir, (_event, name) => {
        if (!name || String(name).endsWith('.json')) onCommand();
      });
      this.watcher.on('error', (error) => this.fallBackToPolling(String(error), onCommand));
    } catch (error) {
      this.fallBackToPolling(String(error), onCommand);
    }
  }

  private fallBackToPolling(why: string, onCommand: () => void): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.deps.logger.warn({ why }, 'cannot watch the command directory; looking every second instead');
    const poll = () => {
      if (this.closed) return;
      if (hasCommands(this.options.dataDir)) onCommand();
      this.pollTimer = this.deps.clock.setTimeout(poll, POLL_MS);
    };
    poll();
  }

  /** Stops watching. */
  close(): void {
    this.closed = true;
    this.watcher?.close();
    if (this.pollTimer !== undefined) this.deps.clock.clearTimeout(this.pollTimer);
  }
}
