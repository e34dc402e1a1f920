import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AdapterDeps } from '../../adapters/deps.js';
import type { MinerPlugin } from '../../adapters/plugin.js';
import { loadConfig } from '../../config/loader.js';
import { ConfigError } from '../errors.js';
import { DEFAULT_CONFIG } from './defaults.js';
import {
  type InitAnswers,
  type InitCase,
  machineTimeZone,
  parseCase,
  parseCurrency,
  parsePrice,
  parseTariff,
  parseTimeZone,
  TARIFF_FORMS,
} from './init-answers.js';
import { createPrompter, type Prompter } from './init-prompt.js';
import { type FoundMiner, renderInitConfig } from './init-template.js';
import { EXIT_CONFIG } from './load.js';
import { probeCommand } from './probe.js';
import { SUGGESTED_ID } from './probe-config.js';

/** Flags of `hashheat init` (commander passes strings). */
export interface InitOptions {
  out?: string;
  case?: string;
  tz?: string;
  currency?: string;
  tariff?: string;
  feedIn?: string;
  miner?: string[];
  yes?: boolean;
  force?: boolean;
  timeout?: string;
}

/** Where init reads answers and writes; tests pass a stream of answers and their own probe deps. */
export interface InitIo {
  stdin: NodeJS.ReadableStream;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env?: Record<string, string | undefined>;
  plugins?: readonly MinerPlugin[];
  deps?: AdapterDeps;
  now?: () => Date;
}

type Parse<T> = (text: string) => T | string | { error: string };

function errorOf<T>(
  value: T | string | { error: string },
  isValue: (v: unknown) => boolean,
): string | undefined {
  if (isValue(value)) return undefined;
  return typeof value === 'string' ? value : (value as { error: string }).error;
}

/** One answer: from its flag (an invalid flag is an error), else asked until valid, else the default. */
async function answer<T>(spec: {
  flag: string | undefined;
  flagName: string;
  question: string;
  fallback: string;
  parse: Parse<T>;
  isValue: (v: unknown) => boolean;
  prompt: Prompter | undefined;
  stderr: InitIo['stderr'];
}): Promise<T> {
  if (spec.flag !== undefined) {
    const value = spec.parse(spec.flag);
    const error = errorOf(value, spec.isValue);
    if (error) throw new Error(`${spec.flagName}: ${error}`);
    return value as T;
  }
  for (;;) {
    const text = spec.prompt ? await spec.prompt.ask(spec.question, spec.fallback) : spec.fallback;
    const value = spec.parse(text);
    const error = errorOf(value, spec.isValue);
    if (!error) return value as T;
    if (!spec.prompt || text === spec.fallback) throw new Error(error);
    spec.stderr.write(`  ${error}\n`);
  }
}

async function gather(options: InitOptions, prompt: Prompter | undefined, io: InitIo): Promise<InitAnswers> {
  const common = { prompt, stderr: io.stderr };
  const isString = (v: unknown) => typeof v === 'string';
  const isCase = (v: unknown) => v === 'heater' || v === 'solar' || v === 'both';
  const useCase = await answer<InitCase>({
    ...common,
    flag: options.case,
    flagName: '--case',
    question: 'What will the miners do? 1) heat a room  2) soak up solar surplus  3) both',
    fallback: '1',
    parse: parseCase,
    isValue: isCase,
  });
  const timeZone = await answer<string>({
    ...common,
    flag: options.tz,
    flagName: '--tz',
    question: 'Time zone',
    fallback: machineTimeZone(),
    parse: parseTimeZone,
    isValue: isString,
  });
  const currency = await answer<string>({
    ...common,
    flag: options.currency,
    flagName: '--currency',
    question: 'Currency',
    fallback: 'EUR',
    parse: parseCurrency,
    isValue: isString,
  });
  const tariff = await answer({
    ...common,
    flag: options.tariff,
    flagName: '--tariff',
    question: `Electricity tariff: ${TARIFF_FORMS}`,
    fallback: '0.30',
    parse: parseTariff,
    isValue: (v) => typeof v === 'object' && v !== null && 'type' in v,
  });
  const feedInPerKWh =
    useCase === 'heater'
      ? 0
      : await answer<number>({
          ...common,
          flag: options.feedIn,
          flagName: '--feed-in',
          question: 'What exported solar power earns per kWh (feed-in tariff)',
          fallback: '0.08',
          parse: parsePrice,
          isValue: (v) => typeof v === 'number',
        });
  const minerUrls = [...(options.miner ?? [])];
  if (minerUrls.length === 0 && prompt)
    for (;;) {
      const url = await prompt.ask('Miner address (family://host:port or host[:port]; empty when done)', '');
      if (url === '') break;
      minerUrls.push(url);
    }
  return { case: useCase, timeZone, currency, tariff, feedInPerKWh, minerUrls };
}

/** Probes one address with `hashheat probe` and turns its suggested entry into this config's entry. */
async function probeMiner(
  url: string,
  useCase: InitCase,
  taken: Set<string>,
  options: InitOptions,
  io: InitIo,
): Promise<FoundMiner | string> {
  let stdout = '';
  let stderr = '';
  const code = await probeCommand(
    url,
    { timeout: options.timeout ?? '2000' },
    {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      ...(io.plugins ? { plugins: io.plugins } : {}),
      ...(io.deps ? { deps: io.deps } : {}),
    },
  );
  if (code !== 0) return stderr.trim().split('\n')[0] ?? `no miner answered at ${url}`;
  const family = /^family\s+(\S+)/m.exec(stdout)?.[1] ?? 'miner';
  const model = /^model\s+(.+)$/m.exec(stdout)?.[1]?.trim();
  const block = stdout.split('config (miners:)\n')[1]?.trimEnd().split('\n') ?? [];
  let id = family;
  for (let n = 2; taken.has(id); n++) id = `${family}-${n}`;
  taken.add(id);
  const zone = useCase === 'solar' ? '' : 'zone: living, ';
  const lines = block.map((line, i) =>
    i === 0 ? line.replace(`{ id: ${SUGGESTED_ID}, `, `{ id: ${id}, ${zone}`) : line,
  );
  const label = model && model !== 'unknown' ? `${family} (${model})` : family;
  return { url, lines: [`  # ${label} at ${url}`, ...lines] };
}

/** `${NAME}` references in the written text that the environment does not set. */
function unsetReferences(text: string, env: Record<string, string | undefined>): string[] {
  const names = [...text.matchAll(/^[^#\n]*?\$\{([A-Z0-9_]+)\}/gm)].map((m) => m[1]!);
  return [...new Set(names)].filter((name) => env[name] === undefined);
}

/**
 * `hashheat init`: asks a few questions (or takes flags), probes the given miners, writes a commented
 * config for the case and validates it as `hashheat check` does (no network). Exit 0 when the file is
 * written and valid, 1 for a bad flag or an existing file without --force, 2 when the written config is invalid.
 */
export async function initCommand(options: InitOptions, io: InitIo): Promise<number> {
  const out = options.out ?? DEFAULT_CONFIG;
  if (existsSync(out) && !options.force) {
    io.stderr.write(
      `hashheat init: ${out} exists; keeping it. Pass --force to overwrite it, or --out another file.\n`,
    );
    return 1;
  }
  const prompt = options.yes ? undefined : createPrompter(io.stdin, io.stdout);
  let answers: InitAnswers;
  try {
    answers = await gather(options, prompt, io);
  } catch (error) {
    io.stderr.write(`hashheat init: ${(error as Error).message}\n`);
    return 1;
  } finally {
    prompt?.close();
  }
  const found: FoundMiner[] = [];
  const taken = new Set<string>();
  for (const url of answers.minerUrls) {
    io.stdout.write(`probing ${url} …\n`);
    const result = await probeMiner(url, answers.case, taken, options, io);
    if (typeof result === 'string')
      io.stderr.write(`  ${result}; left out (add it later: hashheat probe ${url})\n`);
    else {
      found.push(result);
      io.stdout.write(`  found ${result.lines[0]!.replace(/^\s*# /, '')}\n`);
    }
  }
  const text = renderInitConfig(answers, found, (io.now ?? (() => new Date()))());
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  // The validation of `hashheat check` (the same loader), with placeholders for secrets still to be set.
  const env = { ...(io.env ?? process.env) };
  const unset = unsetReferences(text, env);
  for (const name of unset) env[name] = 'set-me';
  try {
    loadConfig(out, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`hashheat init: wrote ${out}, but it does not validate: ${error.message}\n`);
    return EXIT_CONFIG;
  }
  const miners =
    found.length === 0 ? 'a placeholder miner' : `${found.length} miner${found.length === 1 ? '' : 's'}`;
  io.stdout.write(`wrote ${out}: a valid config with ${miners}.\n`);
  if (unset.length > 0) io.stdout.write(`  before running, set in the environment: ${unset.join(', ')}\n`);
  if (answers.tariff.type !== 'fixed' && answers.tariff.type !== 'tibber')
    io.stdout.write(
      '  edit prices.import.charges and tax: the day-ahead price alone leaves out grid fees and VAT\n',
    );
  io.stdout.write(`  add the readings it needs under signals: (see the comments there)\n`);
  io.stdout.write(`next: hashheat check --config ${out}, then hashheat run --config ${out}\n`);
  return 0;
}
