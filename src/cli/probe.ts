import { z } from 'zod';
import type { AdapterDeps } from '../../adapters/deps.js';
import { minerPlugins } from '../../adapters/miners/registry.js';
import type { ConfigSuggestion, MinerPlugin, ProbeResult } from '../../adapters/plugin.js';
import { createSimWorld } from '../../adapters/sim/world.js';
import { systemClock } from '../agent/clock.js';
import { withTimeout } from '../agent/timeout.js';
import { errorText } from '../errors.js';
import { createLogger } from './logger.js';

import { genericSuggestion, renderSuggestion, suggestedEntry } from './probe-config.js';
import { renderTable } from './table.js';

/** Flags of `hashheat probe`. */
export interface ProbeOptions {
  json?: boolean;
  /** Per-call timeout to the device (ms); commander passes it as a string. */
  timeout?: string | number;
}

/** Where the command writes and what it may try (tests pass their own). */
export interface ProbeIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  plugins?: readonly MinerPlugin[];
  deps?: AdapterDeps;
}

const DEFAULT_TIMEOUT_MS = 2000;
// A probe makes a few calls (identify, status, capabilities); bound the whole of it.
const CALLS_PER_PROBE = 4;

interface Candidate {
  plugin: MinerPlugin;
  url: URL;
}

/** Which plugins to try: the one named by the scheme, or every plugin with `probe` for a bare host. */
function candidates(
  target: string,
  plugins: readonly MinerPlugin[],
  timeoutMs: number,
): Candidate[] | string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(target)?.[1]?.toLowerCase();
  const probing = plugins.filter((p) => p.probe);
  const withTimeoutParam = (text: string) => {
    const url = new URL(text);
    url.searchParams.set('timeoutMs', String(timeoutMs));
    return url;
  };
  let url: URL;
  try {
    // A bare host goes out as http://host[:port]: HTTP families read it as theirs, TCP families as "any".
    url = withTimeoutParam(
      scheme && scheme !== 'tcp' && scheme !== 'http' ? target : `http://${target.replace(/^\w+:\/\//, '')}`,
    );
  } catch {
    return `"${target}" is not a URL or host[:port]`;
  }
  if (!scheme || scheme === 'tcp' || scheme === 'http') return probing.map((plugin) => ({ plugin, url }));
  const plugin = plugins.find((p) => p.type === scheme);
  if (!plugin?.probe) {
    const known = probing.map((p) => `${p.type}://`).join(', ');
    return plugin
      ? `the ${scheme} family cannot be probed`
      : `unknown miner family "${scheme}" (known: ${known})`;
  }
  return [{ plugin, url }];
}

function formatStatus(result: ProbeResult): string {
  const s = result.status;
  if (!s.reachable) return `unreachable${s.error ? ` (${s.error})` : ''}`;
  const parts = [s.running ? `running${s.levelId ? ` at ${s.levelId}` : ''}` : 'stopped'];
  if (s.powerW !== undefined) parts.push(`${Math.round(s.powerW)} W`);
  if (s.ths !== undefined) parts.push(`${s.ths.toFixed(2)} TH/s`);
  if (s.chipTempC !== undefined) parts.push(`chip ${Math.round(s.chipTempC)} °C`);
  if (s.uptimeS !== undefined)
    parts.push(`up ${Math.floor(s.uptimeS / 3600)}h ${Math.floor((s.uptimeS % 3600) / 60)}m`);
  return parts.join(', ');
}

/** The human-readable block: identity, status, what it can do, its levels, and a config entry to start from. */
export function renderProbe(result: ProbeResult, suggestion: ConfigSuggestion): string {
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  const c = result.capabilities;
  const rows: [string, string][] = [
    ['family', result.info.family],
    ['model', result.info.model ?? 'unknown'],
    ['firmware', result.info.firmware ?? 'unknown'],
    ...(result.info.serial ? [['serial', result.info.serial] as [string, string]] : []),
    ['status', formatStatus(result)],
    ...(c
      ? [
          [
            'can',
            `soft stop ${yes(c.softStop)}, throttle ${yes(c.throttle)}, reports power ${yes(c.reportsPower)}`,
          ] as [string, string],
        ]
      : []),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const head = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
  // A running level at 0 W means the family could not tell its power (e.g. a generic cgminer).
  const levels = renderTable(
    ['level', 'power', 'hashrate'],
    result.levels.map((l) => [
      l.id,
      l.id !== 'off' && l.powerW === 0 ? '? W' : `${l.powerW} W`,
      `${l.ths} TH/s`,
    ]),
  );
  return `${head}\n\n${levels}\n\nconfig (miners:)\n${renderSuggestion(suggestion)}\n`;
}

/** `hashheat probe <url>`: detect a miner's family and print it. Exit 0 when found, 1 when nothing answered. */
export async function probeCommand(target: string, options: ProbeOptions, io?: ProbeIo): Promise<number> {
  const out: ProbeIo = io ?? { stdout: process.stdout, stderr: process.stderr };
  const timeoutMs = Number(options.timeout ?? DEFAULT_TIMEOUT_MS);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    out.stderr.write(`hashheat probe: --timeout must be a positive number of ms\n`);
    return 1;
  }
  const tries = candidates(target, out.plugins ?? minerPlugins, timeoutMs);
  if (typeof tries === 'string') {
    out.stderr.write(`hashheat probe: ${tries}\n`);
    return 1;
  }
  const deps: AdapterDeps = out.deps ?? {
    clock: systemClock,
    logger: createLogger('silent', { pretty: false }),
    sim: createSimWorld(),
    timeZone: 'UTC',
    currency: 'EUR',
  };
  const outcomes = probeAll(tries, deps, timeoutMs * CALLS_PER_PROBE);
  const failures: string[] = [];
  // Every family runs at once; the first in registry order that answers wins (e.g. avalon before cgminer).
  for (const [i, outcome] of outcomes.entries()) {
    const { plugin, url } = tries[i]!;
    const settled = await outcome;
    if ('error' in settled) {
      failures.push(`  ${plugin.type}: ${probeErrorText(settled.error)}`);
      continue;
    }
    const result = settled.result;
    const shown = new URL(`${result.info.family}://${url.host}`);
    // The family knows its own config shape (host:port or host + port, secrets, placeholders).
    const suggestion = plugin.suggestConfig?.(result, url) ?? genericSuggestion(result, shown);
    if (options.json) {
      const json = { url: shown.href, ...result, config: suggestedEntry(suggestion) };
      out.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    } else out.stdout.write(renderProbe(result, suggestion));
    return 0;
  }
  out.stderr.write(`hashheat probe: no miner answered at ${target}\n${failures.join('\n')}\n`);
  return 1;
}

type Outcome = { result: ProbeResult } | { error: unknown };

/**
 * Starts every candidate's probe at once, each bounded by the same deadline (issue 11: a host that
 * accepts and never answers took 31 s when the families were tried one after another).
 */
function probeAll(tries: readonly Candidate[], deps: AdapterDeps, boundMs: number): Promise<Outcome>[] {
  return tries.map(({ plugin, url }) =>
    withTimeout(
      Promise.resolve().then(() => plugin.probe!(url, deps)),
      boundMs,
      deps.clock,
      `${plugin.type} probe`,
    ).then(
      (result): Outcome => ({ result }),
      (error: unknown): Outcome => ({ error }),
    ),
  );
}

/** One line per failure; a config the family rejects reads as its messages, not a raw zod array. */
export function probeErrorText(error: unknown): string {
  if (error instanceof z.ZodError) return error.issues.map((i) => i.message).join('; ');
  return errorText(error);
}
