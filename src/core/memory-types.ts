import type { Instant } from './basics.js';

/** What the core remembers about one miner between ticks; persisted by the shell. */
export interface MinerMemory {
  /** Level the core last chose. */
  levelId: string;
  /** When that level was entered (epoch ms); undefined when never switched. */
  levelSince?: Instant;
  /** Level before the last change (the safety policy tells a step down from a step up). */
  previousLevelId?: string;
  /** When the miner was last started / stopped. */
  onSince?: Instant;
  offSince?: Instant;
  /** Local date the start counter belongs to, and the starts on that date. */
  startsDate: string;
  startsToday: number;
  /** Since when the ledger has wanted to start (while off) or to stop (while running). */
  wantOnSince?: Instant;
  wantOffSince?: Instant;
}

/**
 * The hidden-surplus probe (issue 19) between ticks: idle since its last start, or watching grid
 * import after stepping one miner up one level.
 */
export type ProbeMemory =
  | {
      phase: 'idle';
      lastStartAt?: Instant;
      /** Probes backed off in a row since the last one kept: each doubles the wait, up to 4×. */
      failures?: number;
    }
  | {
      phase: 'probing';
      failures?: number;
      minerId: string;
      fromLevelId: string;
      toLevelId: string;
      startedAt: Instant;
      /** Highest import (W, grid plus battery discharge) seen since the step. */
      maxImportW: number;
    };

/** Everything the core remembers between ticks. */
export interface Memory {
  miners: Record<string, MinerMemory>;
  /** The hidden-surplus probe's state; absent until a probe is configured and first runs. */
  probe?: ProbeMemory;
}
