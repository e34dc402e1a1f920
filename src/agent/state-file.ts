import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { emptyMemory } from '../core/memory.js';
import type { AgentState } from '../ports.js';

export type { AgentState, MinerCounters } from '../ports.js';

const stateSchema = z.object({
  version: z.literal(1),
  memory: z.object({ miners: z.record(z.string(), z.any()), probe: z.any().optional() }),
  overrides: z.record(z.string(), z.any()).default({}),
  zoneTargetsC: z.record(z.string(), z.number()).default({}),
  enabled: z.boolean().default(true),
  dryRun: z.boolean().default(false),
  counters: z.record(z.string(), z.any()).default({}),
  learned: z.record(z.string(), z.any()).default({}),
  diagnostics: z.record(z.string(), z.string()).default({}),
  followers: z.record(z.string(), z.object({ lastRunningAt: z.number().optional() })).optional(),
  fanCaps: z.record(z.string(), z.number()).optional(),
  capacity: z
    .object({
      month: z.string(),
      peakW: z.number(),
      windowStartAt: z.number(),
      importedWh: z.number(),
      lastW: z.number().optional(),
      lastAt: z.number().optional(),
      countedTo: z.number().optional(),
    })
    .optional(),
});

/** The state of a first start. */
export function initialState(): AgentState {
  return {
    memory: emptyMemory(),
    overrides: {},
    zoneTargetsC: {},
    enabled: true,
    dryRun: false,
    counters: {},
    learned: {},
    diagnostics: {},
  };
}

/** Persists agent state as JSON in a data directory, atomically (write a temp file, then rename). */
export class StateFile {
  readonly path: string;
  constructor(dataDir: string) {
    this.path = join(dataDir, 'state.json');
    mkdirSync(dataDir, { recursive: true });
  }

  /** Loads the state; a missing file gives the initial state, a corrupt one throws with the path. */
  load(): AgentState {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return initialState();
    }
    const parsed = stateSchema.safeParse(JSON.parse(text));
    if (!parsed.success)
      throw new Error(`state file ${this.path} is not valid: ${parsed.error.issues[0]?.message}`);
    const { version: _version, ...state } = parsed.data;
    return state as AgentState;
  }

  /** Writes the state atomically. */
  save(state: AgentState): void {
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ version: 1, ...state })}\n`);
    renameSync(tmp, this.path);
  }
}
