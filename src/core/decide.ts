import { capacityView } from './capacity.js';
import { announceCapacity, choose, reachable, withReachableOff } from './choose.js';
import { withSurplusLevels } from './continuous.js';
import { probeMiner } from './decide-probe.js';
import type { Decision } from './decision.js';
import { CAPACITY_POLICY } from './explain.js';
import { fuseBinds, fuseShares } from './fuse-shares.js';
import { pricedByEvents } from './grid-events.js';
import { textOf } from './lazy-text.js';
import { bestRow, buildLedger } from './ledger.js';
import { describeYield, loadShares, type Yielded } from './loads.js';
import { clearWants, type Memory, type MinerMemory, nextMemory, startingMemory } from './memory.js';
import type { Model, ZoneModel } from './model.js';
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

/**
 * Each miner's policies in evaluation order: the site-wide ones and its own instances, without those
 * that say they cannot apply to it. Built once per policy list and zone list (a model's lifetime).
 */
const perMinerCache = new WeakMap<readonly Policy[], WeakMap<readonly ZoneModel[], Map<string, Policy[]>>>();

/**
 * Every miner's list in one pass over the policies, in their order: a site-wide policy goes to every
 * miner, a miner's own instance to that miner only. Filtering the whole list per miner instead was
 * miners × policies: with 10,000 miners, each with its own instances, 2 × 10⁸ checks and 3 s in the
 * first tick after a start or a reload (issue 16).
 */
function policiesPerMiner(model: Model): Map<string, Policy[]> {
  const lists = new Map<string, Policy[]>(model.miners.map((m) => [m.id, []]));
  const minerById = new Map(model.miners.map((m) => [m.id, m]));
  for (const policy of model.policies) {
    const own = policy.minerId === undefined ? undefined : minerById.get(policy.minerId);
    const miners = policy.minerId === undefined ? model.miners : own ? [own] : [];
    for (const miner of miners)
      if (policy.appliesTo?.(miner, model) ?? true) lists.get(miner.id)!.push(policy);
  }
  return lists;
}

function policiesOf(model: Model, minerId: string): readonly Policy[] {
  let byZones = perMinerCache.get(model.policies);
  if (!byZones) {
    byZones = new WeakMap();
    perMinerCache.set(model.policies, byZones);
  }
  let byMiner = byZones.get(model.zones);
  if (!byMiner) {
    byMiner = policiesPerMiner(model);
    byZones.set(model.zones, byMiner);
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

function matches(status: MinerStatus | undefined, levelId: string): boolean {
  if (!status?.reachable) return true;
  if (levelId === 'off') return !status.running;
  return status.running && (status.levelId === undefined || status.levelId === levelId);
}

function decideMiner(ctx: PolicyContext, extra?: Constraint[]): { decision: Decision; memory: MinerMemory } {
  const { terms, constraints, abstentions } = collect(ctx);
  if (extra) for (const constraint of extra) constraints.push(constraint);
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
 * memory always give the same result. Scarce surplus goes to miners in allocation order; a binding
 * site limit (`site.maxPowerW`) is shared by value per W (`fuseShares`).
 */
export function decide(inputs: Snapshot, model: Model, memory: Memory): DecideResult {
  // Grid events price the power of their windows (a free session, a saving session) for every policy.
  const snapshot = pricedByEvents(inputs);
  const first = decideAll(snapshot, model, memory);
  const budgetW = siteBudgetW(snapshot, model, memory);
  if (budgetW === undefined || !fuseBinds(first.decisions)) return first;
  // The limit binds: what each miner would choose without it, shared out as one site allocation.
  const free = decideAll(snapshot, { ...model, siteMaxPowerW: undefined }, memory);
  return decideAll(snapshot, model, memory, fuseShares(snapshot, model, budgetW, free.decisions));
}

/** One pass over the miners in allocation order; `sharesW`: each miner's part of a binding site limit. */
function decideAll(
  snapshot: Snapshot,
  model: Model,
  memory: Memory,
  sharesW?: ReadonlyMap<string, number>,
): DecideResult {
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
      const shareW = sharesW?.get(miner.id);
      if (shareW !== undefined) ctx.siteShareW = shareW;
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
    for (const abstention of loads.abstentions) decision.abstentions.push(abstention);
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
