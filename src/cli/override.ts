import { DateTime } from 'luxon';
import type { Config } from '../../config/schema.js';
import { writeCommand } from '../agent/command-spool.js';
import type { Instant } from '../core/types.js';
import { loadConfigOrExit } from './load.js';
import { overrideUntil } from './override-args.js';

/** Arguments of `hashheat override <miner> <auto|off|level>`. */
export interface OverrideArgs {
  minerId: string;
  level: string;
  for?: string;
  until?: string;
}

/** Why the arguments do not fit the config; undefined when they do (levels a device reports are checked by the agent). */
function problemWith(config: Config, args: OverrideArgs): string | undefined {
  const miner = config.miners.find((m) => m.id === args.minerId);
  if (!miner)
    return `no miner "${args.minerId}" in the config (miners: ${config.miners.map((m) => m.id).join(', ')})`;
  if (!miner.levels) return undefined;
  const levels = ['auto', 'off', ...miner.levels.map((l) => l.id)];
  if (!levels.includes(args.level))
    return `no level "${args.level}" on ${miner.id} (expected one of ${levels.join(', ')})`;
  if (args.level === 'auto' && (args.for !== undefined || args.until !== undefined))
    return 'auto needs no --for or --until';
  return undefined;
}

/**
 * Spools an override for the agent: validates it against the config, then writes an atomic command
 * file into `<dataDir>/commands/`. A running agent applies it within a second, a stopped one at its
 * next start. Returns the sentence to print, or the problem.
 */
export function spoolOverride(
  config: Config,
  args: OverrideArgs,
  now: Instant,
): { message: string } | { error: string } {
  const problem = problemWith(config, args);
  if (problem) return { error: problem };
  const timing = overrideUntil(args, now, config.site.timeZone);
  if ('error' in timing) return timing;
  const request = { minerId: args.minerId, levelId: args.level, source: 'cli', ...timing };
  const path = writeCommand(config.agent.dataDir, request, now);
  const untilText =
    timing.until !== undefined
      ? ` until ${DateTime.fromMillis(timing.until, { zone: config.site.timeZone }).toFormat('yyyy-MM-dd HH:mm ZZZZ')}`
      : '';
  const what = args.level === 'auto' ? 'back to auto' : `override ${args.level}${untilText}`;
  return {
    message: `${args.minerId}: ${what} (${path}); a running agent applies it within a second, otherwise at its next start`,
  };
}

/** `hashheat override`: prints what was spooled; exit code 1 for a bad miner, level or time. */
export function overrideCommand(
  minerId: string,
  level: string,
  options: { config: string; for?: string; until?: string },
): number {
  const config = loadConfigOrExit(options.config);
  const result = spoolOverride(
    config,
    {
      minerId,
      level,
      ...(options.for !== undefined ? { for: options.for } : {}),
      ...(options.until !== undefined ? { until: options.until } : {}),
    },
    Date.now(),
  );
  if ('error' in result) {
    process.stderr.write(`hashheat override: ${result.error}\n`);
    return 1;
  }
  process.stdout.write(`${result.message}\n`);
  return 0;
}
