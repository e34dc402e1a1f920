import type { Decision } from '../core/decision.js';
import type { Memory } from '../core/memory.js';
import type { MinerStatus } from '../core/types.js';
import type { AppliedDecision, CommandOutcome, Deps } from '../ports.js';
import { within } from '../timeout.js';
import type { MinerSupervisor } from './miner-supervisor.js';

export type { AppliedDecision, CommandOutcome, CommandStatus } from '../ports.js';

/** Outcomes after which the device is at (or on its way to) the decided level. */
export function reachedDevice(outcome: CommandOutcome): boolean {
  return outcome.status === 'none' || outcome.status === 'taken' || outcome.status === 'sent';
}

/** What the tick records for a decision whose command was kept from the device. */
export function withoutCommand(decision: Decision, status: 'dry-run' | 'disabled'): AppliedDecision {
  return { ...decision, command: false, outcome: decision.command ? { status } : { status: 'none' } };
}

/**
 * Sends every decision that needs a command to its miner, in parallel (one dead miner never stalls
 * the others), exactly the level the decision carries; reads each commanded miner back at once so
 * its new state is published without waiting for the next tick. A miner whose status read is still
 * under way is held back until the next tick (its command would queue behind the read); a command
 * without a reply within the miner's timeout is recorded as sent and the tick moves on.
 */
export async function applyDecisions(
  decisions: readonly Decision[],
  miners: ReadonlyMap<string, MinerSupervisor>,
  deps: Deps,
): Promise<{ decisions: AppliedDecision[]; statuses: Record<string, MinerStatus> }> {
  const statuses: Record<string, MinerStatus> = {};
  const applied = await Promise.all(
    decisions.map(async (d): Promise<AppliedDecision> => {
      const supervisor = miners.get(d.minerId);
      if (!d.command || !supervisor) return { ...d, command: false, outcome: { status: 'none' } };
      const { outcome, answered } = await send(supervisor, d, deps);
      if (outcome.status === 'taken')
        deps.logger.debug({ miner: d.minerId, levelId: d.levelId }, 'command taken');
      if (outcome.status === 'held-back')
        deps.logger.debug(
          { miner: d.minerId, levelId: d.levelId, detail: outcome.detail },
          'command held back',
        );
      if (answered && outcome.status !== 'held-back') {
        const readBack = await within(supervisor.status(), supervisor.timeoutMs, deps.clock);
        if (readBack) statuses[d.minerId] = readBack;
      }
      return { ...d, command: outcome.status !== 'held-back', outcome };
    }),
  );
  return { decisions: applied, statuses };
}

/** One command and what became of it; `answered` is false when the device has not replied (yet). */
async function send(
  supervisor: MinerSupervisor,
  d: Decision,
  deps: Deps,
): Promise<{ outcome: CommandOutcome; answered: boolean }> {
  if (supervisor.busy)
    return {
      outcome: {
        status: 'held-back',
        detail: 'status read still under way; the command waits for the next tick',
      },
      answered: false,
    };
  const result = await within(supervisor.apply(d.level), supervisor.timeoutMs, deps.clock);
  if (result === undefined) {
    const detail = `no reply within ${supervisor.timeoutMs} ms; the device may still take it`;
    return { outcome: { status: 'sent', detail }, answered: false };
  }
  const detail = result.detail === undefined ? {} : { detail: result.detail };
  if (result.skipped) return { outcome: { status: 'held-back', ...detail }, answered: true };
  if (result.accepted) return { outcome: { status: 'taken' }, answered: true };
  if (result.pending) return { outcome: { status: 'sent', ...detail }, answered: true };
  return { outcome: { status: 'failed', ...detail }, answered: true };
}

/**
 * Logs one line per level change that reached the device (or would have, in dry run), with its
 * reason; a change held back or refused is not a change.
 */
export function logChanges(decisions: readonly AppliedDecision[], deps: Deps, dryRun: boolean): void {
  for (const d of decisions) {
    if (!d.changed) continue;
    const { status } = d.outcome;
    if (status !== 'taken' && status !== 'sent' && status !== 'dry-run' && status !== 'none') continue;
    deps.logger.info(
      { miner: d.minerId, from: d.previousLevelId, to: d.levelId, decidedBy: d.decidedBy, dryRun },
      `${d.minerId}: ${d.reason}`,
    );
  }
}

/**
 * The memory for the next tick: what `decide` remembered for miners whose device took (or is
 * taking) the decision, and the previous memory for those whose command was held back, refused or
 * kept from the device by the pause switch — so guards and the next decision see the device's level.
 */
export function followDevice(
  previous: Memory,
  decided: Memory,
  decisions: readonly AppliedDecision[],
): Memory {
  const miners = { ...decided.miners };
  for (const d of decisions) {
    const kept = previous.miners[d.minerId];
    const status = d.outcome.status;
    if (status !== 'held-back' && status !== 'failed' && status !== 'disabled') continue;
    // Never seen before: forget it, so the next tick seeds the memory from the device's status.
    if (kept) miners[d.minerId] = kept;
    else delete miners[d.minerId];
  }
  return { ...decided, miners };
}
