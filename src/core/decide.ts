import { capacityView } from './capacity.js';
import { withSurplusLevels } from './continuous.js';
import { probeMiner } from './decide-probe.js';
import type { Decision, LedgerRow } from './decision.js';
import { CAPACITY_POLICY, explainCapacityHold, explainHold, explainLedgerChoice } from './explain.js';
import { effectiveForce } from './force.js';
import { pricedByEvents } from './grid-events.js';
import { checkGuards } from './guards.js';
import { type Text, textOf } from './lazy-text.js';
import { bestRow, buildLedger } from './ledger.js';
import { describeYield, loadShares, type Yielded } from './loads.js';
import {
  clearWants,
  type Memory,
  type MinerMemory,
  nextMemory,
  startingMemory,
  trackWants,
} from './memory.js';
import type { MinerModel, Model } from './model.js';
import type { Abstention, Constraint, Policy, PolicyContext, Term } from './policy.js';
import { probeTick } from './probe.js';
import { siteBudgetW } from './site-power.js';
import { allocationOrder, offeredSurplusW, siteSurplus } from './surplus.js';
import type { MinerStatus, Snapshot } from './types.js';

/** What `decide` returns: one decision per configured miner and the memory for the next tick. */
export interface DecideResult {
  decisions: Decision[];
  memory: Memory;
}

interface Choice {
  row: LedgerRow;
  decidedBy: string;
  /** The sentence, formatted once the choice is final (`textOf`). */
  reason: Text;
  /** Memory with this tick's start/stop wishes tracked (guarded choices only). */
  memory?: MinerMemory;
}

/** Each miner's policies in evaluation order: the site-wide ones and its own instances (built once per policy list). */
const perMinerCache = new WeakMap<readonly Policy[], Map<string, Policy[]>>();

function policiesOf(model: Model, minerId: string): readonly Policy[] {
  let byMiner = perMinerCache.get(model.policies);
  if (!byMiner) {
    byMiner = new Map(model.miners.map((m) => [m.id, [] as Policy[]]));
    for (const policy of model.policies) {
      if (policy.minerId === undefined) for (const list of byMiner.values()) list.push(policy);
      else byMiner.get(policy.minerId)?.push(policy);
    }
    perMinerCache.set(model.policies, byMiner);
  }
  return (
    byMiner.get(minerId) ?? model.policies.filter((p) => p.minerId === undefined || p.minerId === minerId)
  );
}

function collect(ctx: PolicyContext) {
  const terms: Term[] = [];
  const constraints: Constraint[] = [];
  const abstentions: Abstention[] = [];
  for (const policy of policiesOf(ctx.model, ctx.miner.id)) {
    try {
      const result = policy.evaluate(ctx);
      if (result.terms) for (const term of result.terms) terms.push(term);
      if (result.constraints) for (const constraint of result.constraints) constraints.push(constraint);
      if (result.abstentions) for (const abstention of result.abstentions) abstentions.push(abstention);
    } catch (error) {
      // A policy bug must not take the decision down: treat it as missing data.
      abstentions.push({ policy: policy.name, reason: `failed: ${String(error)}`, essential: true });
    }
  }
  return { terms, constraints, abstentions };
}

function rowOf(ledger: LedgerRow[], levelId: string): LedgerRow | undefined {
  return ledger.find((r) => r.levelId === levelId);
}

function fallbackChoice(miner: MinerModel, ledger: LedgerRow[], memory: MinerMemory, why: string): Choice {
  const off = ledger[0]!;
  const lowest = ledger.find((r) => r.levelId !== 'off' && r.allowed);
  const held = rowOf(ledger, memory.levelId);
  let row = off;
  if (miner.staleFallback === 'lowest' && lowest) row = lowest;
  if (miner.staleFallback === 'hold' && held?.allowed) row = held;
  const verb = row.levelId === 'off' ? 'off' : `at ${row.levelId}`;
  return { row, decidedBy: 'stale-fallback', reason: `${verb} (fallback "${miner.staleFallback}"): ${why}` };
}

/**
 * A manual override wins over the ledger and every policy except safety. A level that a safety limit
 * forbids is capped to the highest running level below it that safety allows (off when none is).
 */
function overrideChoice(
  ledger: LedgerRow[],
  constraints: Constraint[],
  levelId: string,
  autoLevelId: string,
): Choice | undefined {
  const wanted = rowOf(ledger, levelId);
  if (!wanted) return undefined;
  const unsafe = (id: string) =>
    constraints.some((c) => c.kind === 'forbid' && c.safety && c.levelIds.includes(id));
  if (!unsafe(levelId)) {
    return {
      row: wanted,
      decidedBy: 'override',
      reason: `${levelId} by manual override (auto would choose ${autoLevelId})`,
    };
  }
  const capped =
    [...ledger].reverse().find((r) => r.powerW <= wanted.powerW && !unsafe(r.levelId)) ?? ledger[0]!;
  const limit = constraints.find((c) => c.kind === 'forbid' && c.safety && c.levelIds.includes(levelId));
  const why = limit?.kind === 'forbid' ? `${limit.policy}: ${limit.reason}` : 'a safety limit';
  return {
    row: capped,
    decidedBy: 'override',
    reason: `${capped.levelId}: manual override to ${levelId} capped by ${why}`,
  };
}

function choose(
  ctx: PolicyContext,
  ledger: LedgerRow[],
  constraints: Constraint[],
  abstentions: Abstention[],
): Choice {
  const { miner, memory, snapshot, model } = ctx;
  const auto = bestRow(ledger) ?? ledger[0]!;
  const forced = effectiveForce(ledger, constraints);
  if (forced?.force.bypassGuards) {
    return {
      row: forced.row,
      decidedBy: forced.force.policy,
      reason: `${forced.row.levelId}: ${forced.reason}`,
    };
  }
  const override = snapshot.overrides[miner.id];
  if (override && (override.until === undefined || override.until > snapshot.now)) {
    const choice = overrideChoice(ledger, constraints, override.levelId, auto.levelId);
    if (choice) return choice;
  }
  const essential = abstentions.find((a) => a.essential);
  if (essential) return fallbackChoice(miner, ledger, memory, `${essential.policy}: ${essential.reason}`);

  const candidate = forced?.row ?? auto;
  const decidedBy = forced ? forced.force.policy : 'ledger';
  const reason: Text = forced
    ? `${candidate.levelId}: ${forced.reason}`
    : () => explainLedgerChoice(candidate, ledger, model.currency);
  const tracked = trackWants(memory, candidate.levelId, snapshot.now);
  const current = rowOf(ledger, memory.levelId);
  const leavingForbidden = current !== undefined && !current.allowed;
  const bypass = constraints.some(
    (c) =>
      (c.kind === 'forbid' && c.bypassGuards && c.levelIds.includes(memory.levelId)) || c.kind === 'unguard',
  );
  if (!current || leavingForbidden || bypass) return { row: candidate, decidedBy, reason, memory: tracked };
  const guardInput = {
    now: snapshot.now,
    memory: tracked,
    // A forced level is a rule, not a money choice: timing guards apply, the money hysteresis does not.
    settings: forced ? { ...miner.guards, hysteresisPerHour: Number.NEGATIVE_INFINITY } : miner.guards,
    current,
    currency: model.currency,
    surplusKnown: ctx.surplusW !== undefined,
  };
  const hold = checkGuards({ ...guardInput, candidate });
  if (!hold) return { row: candidate, decidedBy, reason, memory: tracked };
  if (hold.guard === 'disable-delay') {
    // While a stop waits, step down to the best running level instead (evcc keeps minimum power).
    const interim = bestRow(ledger.filter((r) => r.levelId !== 'off'));
    if (
      interim &&
      interim.levelId !== current.levelId &&
      !checkGuards({ ...guardInput, candidate: interim })
    ) {
      const why = () => `stepping down to ${interim.levelId} while a stop waits: ${textOf(hold.why)}`;
      return { row: interim, decidedBy: hold.guard, reason: why, memory: tracked };
    }
  }
  const why = () => explainHold(current.levelId, candidate.levelId, textOf(hold.why));
  return { row: current, decidedBy: hold.guard, reason: why, memory: tracked };
}

function matches(status: MinerStatus | undefined, levelId: string): boolean {
  if (!status?.reachable) return true;
  if (levelId === 'off') return !status.running;
  return status.running && (status.levelId === undefined || status.levelId === levelId);
}

/** Why `off` is out of reach for a miner whose device cannot be switched off. */
const NO_OFF = 'cannot switch off: no soft off and no companion plug';

/** Marks `off` as not allowed when nothing can switch the miner off. */
function withReachableOff(ledger: LedgerRow[], status: MinerStatus | undefined): LedgerRow[] {
  if (status?.canSwitchOff !== false) return ledger;
  return ledger.map((r) => (r.levelId === 'off' ? { ...r, allowed: false, blockedBy: NO_OFF } : r));
}

/**
 * `off` chosen (by a rule, a fallback, an override, or because nothing else is allowed) for a miner
 * that cannot be switched off: its lowest running level instead, the least power and heat it can make.
 */
function reachable(choice: Choice, ledger: LedgerRow[], status: MinerStatus | undefined): Choice {
  if (choice.row.levelId !== 'off' || status?.canSwitchOff !== false) return choice;
  const lowest = ledger.find((r) => r.levelId !== 'off');
  if (!lowest) return choice;
  const reason = () =>
    `${NO_OFF}; running at ${lowest.levelId} instead (${textOf(choice.reason).replace(/^off:\s*/, '')})`;
  return { ...choice, row: lowest, reason };
}

/** A ledger choice the capacity tariff held below the money's says so (`explainCapacityHold`). */
function announceCapacity(choice: Choice, ledger: LedgerRow[], withoutCapacity: () => LedgerRow[]): Choice {
  if (choice.decidedBy !== 'ledger') return choice;
  const reason = explainCapacityHold(choice.row, ledger, withoutCapacity);
  return reason ? { ...choice, decidedBy: CAPACITY_POLICY, reason } : choice;
}

function decideMiner(
  ctx: PolicyContext,
  extra: Constraint[] = [],
): { decision: Decision; memory: MinerMemory } {
  const { terms, constraints, abstentions } = collect(ctx);
  constraints.push(...extra);
  const ledger = withReachableOff(buildLedger(ctx.miner, terms, constraints, ctx.surplusW), ctx.status);
  const auto = bestRow(ledger) ?? ledger[0]!;
  const withoutCapacity = () =>
    buildLedger(
      ctx.miner,
      terms.filter((t) => t.policy !== CAPACITY_POLICY),
      constraints.filter((c) => c.policy !== CAPACITY_POLICY),
      ctx.surplusW,
    );
  const choice = announceCapacity(
    reachable(choose(ctx, ledger, constraints, abstentions), ledger, ctx.status),
    ledger,
    withoutCapacity,
  );
  const previousLevelId = ctx.memory.levelId;
  const changed = choice.row.levelId !== previousLevelId;
  const decision: Decision = {
    minerId: ctx.miner.id,
    levelId: choice.row.levelId,
    level: { id: choice.row.levelId, powerW: choice.row.powerW, ths: choice.row.ths },
    previousLevelId,
    powerW: choice.row.powerW,
    changed,
    command: changed || !matches(ctx.status, choice.row.levelId),
    decidedBy: choice.decidedBy,
    reason: textOf(choice.reason),
    autoLevelId: auto.levelId,
    ledger,
    abstentions,
  };
  const base = choice.memory ?? clearWants(ctx.memory);
  const memory = nextMemory(base, choice.row.levelId, ctx.snapshot.now, ctx.snapshot.local.date);
  return { decision, memory };
}

/**
 * Decides every miner's level for one tick. Pure and synchronous: the same snapshot, model and
 * memory always give the same result. Scarce surplus goes to miners in allocation order.
 */
export function decide(inputs: Snapshot, model: Model, memory: Memory): DecideResult {
  // Grid events price the power of their windows (a free session, a saving session) for every policy.
  const snapshot = pricedByEvents(inputs);
  const site = siteSurplus(snapshot, model, memory);
  let remainingW = site.surplusW;
  let budgetW = siteBudgetW(snapshot, model, memory);
  const capacity = capacityView(snapshot, model, memory);
  let capacityLeftW = capacity && 'budgetW' in capacity ? capacity.budgetW : undefined;
  const byId = new Map<string, Decision>();
  const nextMiners: Record<string, MinerMemory> = { ...memory.miners };
  const loads = loadShares(snapshot, model);
  let nextLoad = 0;
  let yieldedW = 0;
  const yielded: Yielded[] = [];
  const probe = probeTick(snapshot, model, memory);
  let probeMemory = probe.memory;
  let offerOpen = probe.kind === 'offer';
  for (const miner of allocationOrder(model.miners)) {
    // Loads ahead of this miner keep their unmet want out of the surplus it is offered.
    for (; nextLoad < loads.shares.length; nextLoad++) {
      const share = loads.shares[nextLoad]!;
      if (share.load.priority >= miner.priority) break;
      if (remainingW === undefined || share.unmetW <= 0) continue;
      const takeW = Math.min(remainingW, share.unmetW);
      remainingW -= takeW;
      yieldedW += takeW;
      yielded.push({ load: share.load, yieldedW: takeW });
    }
    const status = snapshot.miners[miner.id];
    const minerMemory = startingMemory(memory.miners[miner.id], miner, status, snapshot.local.date);
    const contextFor = (surplusW: number | undefined): PolicyContext => {
      const offeredW = offeredSurplusW(surplusW, site, miner, minerMemory);
      const ctx: PolicyContext = {
        snapshot,
        model,
        miner: withSurplusLevels(miner, offeredW, minerMemory.levelId),
        status,
        memory: minerMemory,
        surplusW: offeredW,
      };
      if (budgetW !== undefined) ctx.siteBudgetW = budgetW;
      if (capacity && 'why' in capacity) ctx.capacity = capacity;
      else if (capacity && capacityLeftW !== undefined) ctx.capacity = { ...capacity, leftW: capacityLeftW };
      return ctx;
    };
    const decideAt = (surplusW: number | undefined, extra?: Constraint[]) =>
      decideMiner(contextFor(surplusW), extra);
    const override = snapshot.overrides[miner.id];
    const probed = model.probe
      ? probeMiner(
          {
            tick: probe,
            probe: model.probe,
            miner,
            memory: minerMemory,
            now: snapshot.now,
            remainingW,
            overridden:
              override !== undefined && (override.until === undefined || override.until > snapshot.now),
            decideAt,
          },
          offerOpen,
        )
      : undefined;
    if (probed?.offerTaken) offerOpen = false;
    if (probed?.memory) probeMemory = probed.memory;
    const { decision, memory: next } = probed?.decided ?? decideAt(remainingW);
    if (yieldedW > 0 && remainingW !== undefined) {
      // Only a miner that loads pushed down says so: decide again as if they had wanted nothing.
      const unyielded = decideMiner(contextFor(remainingW + yieldedW)).decision;
      if (unyielded.powerW > decision.powerW) {
        const before = decision.reason;
        decision.reason = `${before}; yielding ${describeYield(yielded)}`;
      }
    }
    if (site.abstention) decision.abstentions.push(site.abstention);
    decision.abstentions.push(...loads.abstentions);
    byId.set(miner.id, decision);
    nextMiners[miner.id] = next;
    if (remainingW !== undefined)
      remainingW = Math.max(0, remainingW - Math.min(decision.powerW, remainingW));
    if (budgetW !== undefined) budgetW -= decision.powerW;
    if (capacityLeftW !== undefined) capacityLeftW -= decision.powerW;
  }
  const decisions = model.miners.map((m) => byId.get(m.id)!);
  const result: Memory = { miners: nextMiners };
  if (probeMemory) result.probe = probeMemory;
  return { decisions, memory: result };
}
