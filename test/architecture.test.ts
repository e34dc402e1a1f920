import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Modules that do I/O, read the clock or log; the pure core and policies may import none of them. */
const IMPURE_IMPORT =
  /from\s+['"](node:[^'"]+|fs|net|http|https|dgram|child_process|mqtt|axios|pino[^'"]*|node-cron|ws|yaml)['"]/;
const IMPURE_CALL =
  /\bDate\.now\(|new Date\(\)|\bconsole\.|\bprocess\.|\bsetTimeout\(|\bsetInterval\(|Math\.random\(/;

/** The layer a source file belongs to (paths relative to the repository root, `/`-separated). */
function layerOf(file: string): string {
  const f = file.split(sep).join('/');
  if (f.startsWith('src/core/')) return 'core';
  if (f.startsWith('policies/')) return 'policies';
  if (f.startsWith('adapters/')) return 'adapters';
  if (f.startsWith('config/')) return 'config';
  const folder = /^src\/([^/]+)\//.exec(f)?.[1];
  if (folder) return folder; // agent, mqtt, sim, homeassistant, backtest, cli
  return 'shared'; // src/ports.ts, src/errors.ts, src/timeout.ts, … : ports and shell utilities
}

/**
 * What each layer may import (DESIGN.md §3a): core ← policies ← adapters (through src/ports.ts) ←
 * agent ← homeassistant/http/history/backtest ← cli; config is a leaf that only assembles the registries' schemas.
 * The CLI is the composition root and may import anything.
 */
const ALLOWED: Record<string, readonly string[]> = {
  core: ['core'],
  policies: ['core', 'policies'],
  shared: ['core', 'shared'],
  config: ['config', 'core', 'policies', 'shared', 'adapters'],
  adapters: ['adapters', 'core', 'policies', 'shared', 'config'],
  mqtt: ['mqtt', 'core', 'shared', 'config'],
  sim: ['sim', 'core', 'shared'],
  // Sharded agents sharing one site budget (issue 20): offers over MQTT, the core's allocation.
  fleet: ['fleet', 'core', 'shared', 'config', 'mqtt'],
  agent: ['agent', 'core', 'policies', 'adapters', 'shared', 'config', 'mqtt', 'sim', 'fleet'],
  homeassistant: ['homeassistant', 'core', 'shared', 'config', 'mqtt'],
  // Front ends beside Home Assistant: the history file and the web page/API (AgentView/AgentControls ports).
  history: ['history', 'core', 'shared', 'config'],
  http: ['http', 'core', 'shared', 'config', 'history'],
  backtest: ['backtest', 'core', 'policies', 'adapters', 'shared', 'config', 'agent', 'sim'],
};

/** Edges finer than layers: [importer pattern, target pattern, why it is allowed or forbidden]. */
function edgeProblem(from: string, to: string): string | undefined {
  const [a, b] = [layerOf(from), layerOf(to)];
  const f = from.split(sep).join('/');
  const t = to.split(sep).join('/');
  // Adapters see the config only through its public base schemas (config/common.ts), never its internals.
  if (a === 'adapters' && b === 'config' && t !== 'config/common.ts')
    return 'adapters may import only config/common.ts';
  // The config assembles the registries' unions (miners, plugs, sources) and nothing else of the adapters.
  if (a === 'config' && b === 'adapters' && !/^adapters\/([^/]+\/)+registry\.ts$/.test(t))
    return 'config may import only the adapter registries';
  // config/planner.ts names the core planner's settings type; the mapping (plannerSettings) still lives
  // there because issue 14 is reworking the planner. Every other config file stays off the core.
  if (a === 'config' && b === 'core' && !(f === 'config/planner.ts' && t === 'src/core/planner/plan-all.ts'))
    return 'config is a leaf: schemas and loading only';
  if (a === 'cli') return undefined;
  if (b === 'cli') return 'only the CLI imports the CLI';
  const allowed = ALLOWED[a];
  if (!allowed) return `no rule for layer ${a}`;
  return allowed.includes(b) ? undefined : `${a} may not import ${b}`;
}

/** Relative imports of a file, resolved to repository paths (`.js` → `.ts`). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/from\s+['"](\.[^'"]+)['"]/g)].map((m) =>
    join(dirname(file), m[1]!).replace(/\.js$/, '.ts'),
  );
}

/** One import cycle among `files`, as a path that returns to its start; undefined when there is none. */
function findCycle(files: readonly string[]): string[] | undefined {
  const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => files.includes(t))]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string): string[] | undefined => {
    if (state.get(f) === 'done') return undefined;
    if (state.get(f) === 'open') return [...stack.slice(stack.indexOf(f)), f];
    state.set(f, 'open');
    stack.push(f);
    for (const t of graph.get(f) ?? []) {
      const cycle = visit(t);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(f, 'done');
    return undefined;
  };
  for (const f of files) {
    const cycle = visit(f);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('architecture', () => {
  const pure = [...filesUnder('src/core'), ...filesUnder('policies')];

  it('finds the pure modules', () => {
    expect(pure.length).toBeGreaterThan(10);
  });

  it.each(pure)('%s imports nothing with I/O and reads no clock', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(IMPURE_IMPORT);
    expect(text).not.toMatch(IMPURE_CALL);
    for (const match of text.matchAll(/from\s+['"](\.[^'"]+)['"]/g)) {
      const target = join(file, '..', match[1]!);
      expect(
        target.startsWith('src/core') || target.startsWith('policies'),
        `${file} imports ${target}`,
      ).toBe(true);
    }
  });

  it('the checker itself catches an impure import', () => {
    expect("import { readFileSync } from 'node:fs';").toMatch(IMPURE_IMPORT);
    expect('const t = Date.now();').toMatch(IMPURE_CALL);
  });

  const shell = ['src', 'adapters', 'config', 'policies'].flatMap(filesUnder);

  it.each(shell)('%s imports only what its layer may', (file) => {
    const problems = importsOf(file)
      .map((target) => ({ target, why: edgeProblem(file, target) }))
      .filter((p) => p.why !== undefined)
      .map((p) => `${p.target}: ${p.why}`);
    expect(problems).toEqual([]);
  });

  it('has no import cycle (type-only imports included)', () => {
    expect(findCycle(shell)).toBeUndefined();
  });

  it('the layer rules catch the edges issue 15 removed', () => {
    expect(edgeProblem('src/homeassistant/view.ts', 'src/agent/state-file.ts')).toBe(
      'homeassistant may not import agent',
    );
    expect(edgeProblem('src/backtest/report-table.ts', 'src/cli/table.ts')).toBe(
      'only the CLI imports the CLI',
    );
    expect(edgeProblem('adapters/deps.ts', 'src/mqtt/bus.ts')).toBe('adapters may not import mqtt');
    expect(edgeProblem('adapters/miners/bitaxe/bitaxe.ts', 'config/schema.ts')).toBe(
      'adapters may import only config/common.ts',
    );
    expect(edgeProblem('config/common.ts', 'src/agent/build-rules.ts')).toBe('config may not import agent');
    expect(edgeProblem('src/cli/run.ts', 'src/agent/agent.ts')).toBeUndefined();
    expect(edgeProblem('src/homeassistant/view.ts', 'src/ports.ts')).toBeUndefined();
  });

  it('the cycle finder finds a type-only cycle', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hashheat-arch-'));
    writeFileSync(join(dir, 'a.ts'), "import type { B } from './b.js';\nexport type A = B[];\n");
    writeFileSync(join(dir, 'b.ts'), "import type { A } from './a.js';\nexport type B = { a: A };\n");
    expect(findCycle([join(dir, 'a.ts'), join(dir, 'b.ts')])).toEqual([
      join(dir, 'a.ts'),
      join(dir, 'b.ts'),
      join(dir, 'a.ts'),
    ]);
    rmSync(dir, { recursive: true });
  });
});
