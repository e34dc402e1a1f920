import { readFileSync } from 'node:fs';
import { parseDocument, type YAMLError } from 'yaml';
import type { z } from 'zod';
import { cronProblem } from '../src/cron.js';
import { ConfigError } from '../src/errors.js';
import { isKnownTimeZone } from '../src/time-zones.js';
import { withResolvedDataDir } from './data-dir.js';
import { substituteEnv } from './env.js';
import { type Config, configSchema } from './schema.js';
import { shippedConfigPath } from './shipped.js';

/** `miners[0].type` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    return acc ? `${acc}.${String(key)}` : String(key);
  }, '');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) node = (node as Record<PropertyKey, unknown> | undefined)?.[key];
  return node;
}

/** One line per zod issue, naming the key path and what was expected. */
export function formatIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const path = formatPath(issue.path);
  if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) {
    const got = JSON.stringify(valueAt(input, issue.path));
    return `${path}: unknown type ${got}; expected one of ${issue.options.join(', ')}`;
  }
  const last = issue.path[issue.path.length - 1];
  if (issue.code === 'invalid_value' && last === 'type') {
    const got = JSON.stringify(valueAt(input, issue.path));
    return `${path}: unknown type ${got}; expected one of ${issue.values.join(', ')}`;
  }
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => `${path ? `${path}.` : ''}${k}: unknown key`).join('; ');
  }
  if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) {
    return `${path}: required (expected ${issue.expected})`;
  }
  return `${path || '(root)'}: ${issue.message}`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Checks that zod cannot express: a valid time zone and cron expression. */
function checkSemantics(config: Config): string[] {
  const errors: string[] = [];
  if (!isKnownTimeZone(config.site.timeZone))
    errors.push(`site.timeZone: unknown time zone "${config.site.timeZone}"`);
  const tickProblem = isKnownTimeZone(config.site.timeZone)
    ? cronProblem(config.agent.tick, config.site.timeZone, Date.now())
    : undefined;
  if (tickProblem) errors.push(`agent.tick: invalid cron expression "${config.agent.tick}": ${tickProblem}`);
  return errors;
}

/** Parses YAML text into a validated, frozen config, or throws a ConfigError listing every problem. */
export function parseConfig(text: string, env: Record<string, string | undefined> = process.env): Config {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) throw new ConfigError(yamlIssues(doc.errors, text));
  const envErrors: string[] = [];
  const raw = substituteEnv(doc.toJS() ?? {}, env, envErrors);
  if (envErrors.length > 0) throw new ConfigError(envErrors);
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(result.error.issues.map((i) => formatIssue(i, raw)));
  const semantic = checkSemantics(result.data);
  if (semantic.length > 0) throw new ConfigError(semantic);
  return deepFreeze(result.data);
}

/**
 * YAML syntax errors with the offending line and a caret under the column (issue 11: the message
 * used to end in a dangling colon, its context cut off).
 */
export function yamlIssues(errors: readonly YAMLError[], text: string): string[] {
  const lines = text.split(/\r?\n/);
  return errors.map((error) => {
    const what = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    const at = error.linePos?.[0];
    if (!at) return `YAML: ${what}`;
    const source = lines[at.line - 1] ?? '';
    return `YAML line ${at.line}, column ${at.col}: ${what}\n      ${source}\n      ${' '.repeat(Math.max(0, at.col - 1))}^`;
  });
}

/** Reads a config file's text; a missing file says so and what to do, instead of "invalid config". */
export function readConfigText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new ConfigError(
        [
          `${file} does not exist. Write one by answering a few questions: hashheat init --out ${file}; or start from an example: cp ${shippedConfigPath('example.yaml')} ${file} (every key explained), or run the demo: hashheat run --config ${shippedConfigPath('demo.yaml')}; another file: --config FILE`,
        ],
        'config file missing',
      );
    throw new ConfigError([`cannot read ${file}: ${(error as Error).message}`], 'cannot read the config');
  }
}

/** Reads and validates a config file; `agent.dataDir` comes back absolute (see resolveDataDir). */
export function loadConfig(file: string, env: Record<string, string | undefined> = process.env): Config {
  return withResolvedDataDir(parseConfig(readConfigText(file), env), file, env);
}
