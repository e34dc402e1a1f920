import type { Logger } from 'pino';
import { errorText } from '../errors.js';

/**
 * The agent's current problems by key (`tick`, `state-file` …): each is logged once when it
 * starts (or changes) and once when it clears, however many ticks it lasts; Home Assistant shows
 * the set as a problem sensor.
 */
export class Problems {
  private readonly open = new Map<string, string>();

  constructor(private readonly logger: Logger) {}

  /** Records that `key` fails now with `error`; logs only a new or different problem. */
  set(key: string, error: unknown, message: string): void {
    const text = errorText(error);
    if (this.open.get(key) === text) return;
    this.open.set(key, text);
    this.logger.warn({ problem: key, error: text }, message);
  }

  /** Records that `key` works again; logs only when it had failed. */
  clear(key: string, message: string): void {
    if (this.open.delete(key)) this.logger.info({ problem: key }, message);
  }

  /** The open problems, key → error text. */
  current(): Record<string, string> {
    return Object.fromEntries(this.open);
  }
}
