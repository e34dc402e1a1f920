import type { MinerModel, Term, TermCategory } from './model.js';

/** The policy contract lives in model.ts (a model holds its policies and a policy sees the model, so one module avoids a cycle). */
export type {
  Abstention,
  Constraint,
  Policy,
  PolicyContext,
  PolicyResult,
  Term,
  TermCategory,
} from './model.js';

/** Helper: a term whose value per level is computed by `fn`. */
export function termFor(
  policy: string,
  category: TermCategory,
  miner: MinerModel,
  fn: (levelIndex: number) => number,
): Term {
  const perHour: Record<string, number> = {};
  const { levels } = miner;
  for (let i = 0; i < levels.length; i++) perHour[levels[i]!.id] = fn(i);
  return { policy, category, perHour };
}
