import { z } from 'zod';
import type { Constraint, Policy, PolicyContext, PolicyResult } from '../src/core/policy.js';
import { scalar } from '../src/core/signals.js';
import type { PolicyPlugin } from './plugin.js';
import type { FailSafe, FailSafeInput, SafetySettings } from './rules.js';
import { CHIP_TEMP_MAX_AGE_MS } from './safety.js';

const POLICY = 'stale-fail-safe';
const INPUTS: readonly FailSafeInput[] = ['chipTemp', 'grid', 'zoneTemp'];

/** Why the chip temperature of a running miner is unknown; undefined when known or not needed. */
function chipTempUnknown(ctx: PolicyContext): string | undefined {
  const { memory, status, snapshot, model } = ctx;
  if (memory.levelId === 'off') return undefined;
  const maxAgeMs = model.maxAgeMs.chipTemp ?? CHIP_TEMP_MAX_AGE_MS;
  // A miner that just started (or re-tunes) may report no temperature yet: give it one max age.
  if (memory.onSince !== undefined && snapshot.now - memory.onSince < maxAgeMs) return undefined;
  if (!status) return 'no miner status';
  if (status.chipTempC === undefined) return 'the miner reports no chip temperature';
  const ageMs = snapshot.now - status.at;
  if (ageMs > maxAgeMs) return `chip temperature is stale (${Math.round(ageMs / 60_000)} min old)`;
  return undefined;
}

/** Why an input the miner depends on is unknown (missing or stale); undefined when it is known. */
export function unknownInput(ctx: PolicyContext, input: FailSafeInput): string | undefined {
  if (input === 'chipTemp') return chipTempUnknown(ctx);
  if (input === 'grid') {
    const grid = scalar(ctx.snapshot, ctx.model, 'grid.powerW');
    return grid.ok ? undefined : grid.why;
  }
  if (!ctx.miner.zoneId) return undefined;
  const room = scalar(ctx.snapshot, ctx.model, `zone.${ctx.miner.zoneId}.tempC`);
  return room.ok ? undefined : room.why;
}

/** The constraint of a fail-safe: `stop` forbids every running level, `lowest` all above the lowest, `hold` all but the current. */
export function failSafeConstraint(
  ctx: PolicyContext,
  input: FailSafeInput,
  mode: FailSafe,
  why: string,
): Constraint | undefined {
  const { miner, memory } = ctx;
  const lowestOn = miner.levels.find((l) => l.id !== 'off');
  const keep = (id: string) => {
    if (mode === 'hold') return id === memory.levelId;
    if (mode === 'lowest') return id === 'off' || id === lowestOn?.id;
    return id === 'off';
  };
  const levelIds = miner.levels.map((l) => l.id).filter((id) => !keep(id));
  if (levelIds.length === 0) return undefined;
  const reason = `${why}: fail-safe "${mode}"`;
  // Only chip temperature is a hard limit; a stale grid or room reading may still be overridden by hand.
  return {
    policy: POLICY,
    kind: 'forbid',
    levelIds,
    reason,
    bypassGuards: true,
    safety: input === 'chipTemp',
  };
}

/**
 * Stale inputs: for each input kind with a configured fail-safe (`stop`, `lowest`, `hold`), applies
 * it while that input is unknown — grid power, the miner's room temperature, its chip temperature.
 */
export function staleFailSafePolicy(onStale: SafetySettings['onStale']): Policy {
  return {
    name: POLICY,
    evaluate(ctx): PolicyResult {
      const constraints: Constraint[] = [];
      for (const input of INPUTS) {
        const mode = onStale[input];
        const why = mode ? unknownInput(ctx, input) : undefined;
        const constraint = mode && why ? failSafeConstraint(ctx, input, mode, why) : undefined;
        if (constraint) constraints.push(constraint);
      }
      return { constraints };
    },
  };
}

const failSafeSchema = z.enum(['stop', 'lowest', 'hold']);

/** Fail-safe per input kind as the config writes it (`safety.onStale`). */
export const onStaleSchema = z
  .object({
    grid: failSafeSchema.optional().describe('grid power unknown'),
    zoneTemp: failSafeSchema.optional().describe("the miner's room temperature unknown"),
    chipTemp: failSafeSchema.optional().describe('chip temperature of a running miner unknown'),
  })
  .strict();

const schema = z.object({ type: z.literal(POLICY), onStale: onStaleSchema }).strict();

/** Every miner gets one from the merged `safety.onStale` (site, then the miner's own); not listed under `policies:`. */
export const staleFailSafePlugin: PolicyPlugin<z.infer<typeof schema>> = {
  type: POLICY,
  schema,
  create: ({ onStale }) => {
    const modes: SafetySettings['onStale'] = {};
    for (const input of INPUTS) {
      const mode = onStale[input];
      if (mode) modes[input] = mode;
    }
    return staleFailSafePolicy(modes);
  },
};
