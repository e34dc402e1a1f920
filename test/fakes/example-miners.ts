import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { parse } from 'yaml';
import type { MinerPlugin } from '../../adapters/plugin.js';
import { substituteEnv } from '../../config/env.js';

/** The `miners` list of an example file, as written (before `${ENV}` substitution). */
export function exampleMiners(file: string): Record<string, unknown>[] {
  return (parse(readFileSync(file, 'utf8')) as { miners: Record<string, unknown>[] }).miners;
}

/** Substitutes `env` into the example miners and expects each to parse through its own family's schema. */
export function expectMinersParse(
  miners: Record<string, unknown>[],
  plugins: readonly MinerPlugin[],
  env: Record<string, string> = {},
): Record<string, unknown>[] {
  const errors: string[] = [];
  const substituted = substituteEnv(miners, env, errors) as Record<string, unknown>[];
  expect(errors).toEqual([]);
  for (const miner of substituted) {
    const plugin = plugins.find((p) => p.type === miner.type);
    expect(plugin, `plugin for ${String(miner.type)}`).toBeDefined();
    const result = plugin!.schema.safeParse(miner);
    expect(result.error?.issues ?? [], String(miner.id)).toEqual([]);
  }
  return substituted;
}
