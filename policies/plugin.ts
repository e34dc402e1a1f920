import type { z } from 'zod';
import type { Policy } from '../src/core/policy.js';

/**
 * A policy as a plugin, like a miner family or a tariff: its `type`, the schema of its config in a
 * miner's `policies:` list (an object with `type` as a literal), and `create`, which turns one
 * validated config into a pure policy instance. Everything the policy needs lives in that instance;
 * the core model carries no policy settings.
 */
export interface PolicyPlugin<C extends { type: string } = { type: string }> {
  type: string;
  schema: z.ZodType<C>;
  create(config: C): Policy;
}

/** A policy config as the registry reads it: its type plus its own fields. */
export type PolicyConfig = { type: string } & Record<string, unknown>;

/** A policy that applies to one miner only: a configured instance from that miner's list. */
export function forMiner(minerId: string, policy: Policy): Policy {
  return {
    name: policy.name,
    minerId,
    evaluate: (ctx) => (ctx.miner.id === minerId ? policy.evaluate(ctx) : {}),
  };
}
