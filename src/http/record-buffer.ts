import type { Instant } from '../core/types.js';
import type { TickRecord } from '../ports.js';

/** One tick record as the API sends it: its JSON, written once, and its time for `since`. */
interface Kept {
  at: Instant;
  json: string;
}

/**
 * The tick records `GET /api/decisions` answers from: the newest ones, at most `maxRecords` of them
 * and at most `maxBytes` of JSON. A record holds every miner's ledger (about 1.1 kB of JSON per miner),
 * so a count alone is no bound: 500 records of 100 miners would be 55 MB. Records are kept as their
 * JSON, which the live event stream sends as well, so each record is serialised once. The newest
 * record is always kept, however large.
 */
export class RecordBuffer {
  private readonly kept: Kept[] = [];
  private first = 0;
  private bytes = 0;

  constructor(
    private readonly maxRecords: number,
    private readonly maxBytes: number,
  ) {}

  /** Keeps `record` and returns its JSON; drops the oldest records beyond either bound. */
  add(record: TickRecord): string {
    const json = JSON.stringify(record);
    this.kept.push({ at: record.at, json });
    this.bytes += json.length;
    while (this.size > 1 && (this.size > this.maxRecords || this.bytes > this.maxBytes)) {
      this.bytes -= this.kept[this.first]!.json.length;
      this.first += 1;
    }
    // Drop the consumed head now and then, not on every add (a shift is a copy of the array).
    if (this.first > 64 && this.first * 2 > this.kept.length) {
      this.kept.splice(0, this.first);
      this.first = 0;
    }
    return json;
  }

  /** How many records are kept. */
  get size(): number {
    return this.kept.length - this.first;
  }

  /** The kept records after `after` (ms), oldest first, as one JSON array. */
  jsonAfter(after: Instant): string {
    const parts: string[] = [];
    for (let i = this.first; i < this.kept.length; i++) {
      const k = this.kept[i]!;
      if (k.at > after) parts.push(k.json);
    }
    return `[${parts.join(',')}]`;
  }
}
