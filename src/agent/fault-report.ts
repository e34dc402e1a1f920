import type { Logger } from 'pino';
import { isFaultAbstention } from '../../policies/safety.js';
import type { Decision } from '../core/decision.js';

/**
 * Logs a miner that keeps failing to obey once when the safety policy marks it faulty, and once
 * when it obeys again; nothing in between, however many ticks it stays faulty.
 */
export class FaultReport {
  private readonly faulty = new Set<string>();

  constructor(private readonly logger: Logger) {}

  /** Looks at one tick's decisions and logs the transitions. */
  report(decisions: readonly Decision[]): void {
    for (const d of decisions) {
      const fault = d.abstentions.find(isFaultAbstention);
      if (fault && !this.faulty.has(d.minerId)) {
        this.faulty.add(d.minerId);
        this.logger.error(
          { miner: d.minerId, reason: fault.reason },
          `${d.minerId} is faulty: ${fault.reason}`,
        );
      } else if (!fault && this.faulty.delete(d.minerId)) {
        this.logger.info({ miner: d.minerId }, `${d.minerId} obeys commands again`);
      }
    }
  }

  /** Ids of the miners currently marked faulty. */
  current(): string[] {
    return [...this.faulty];
  }
}
