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

/** Everything the core remembers between ticks. */
export interface Memory {
  miners: Record<string, MinerMemory>;
}
