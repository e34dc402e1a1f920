import type { Instant } from '../core/types.js';
import type { TickRecord } from '../ports.js';

/** One tick record as the API sends it: its JSON as UTF-8, written once, and its time for `since`. */
interface Kept {
  at: Instant;
  utf8: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The tick records `GET /api/decisions` answers from: the newest ones, at most `maxRecords` of them
 * and at most `maxBytes` of JSON. A record holds every miner's ledger (about 1.1 kB of JSON per miner),
 * so a count alone is no bound: 500 records of 100 miners would be 55 MB. Records are kept as their
 * JSON in UTF-8 bytes: the string JSON.stringify returns is a tree of pieces (two bytes a character once
 * a reason has a non-Latin-1 character such as →), which took about 6 kB a demo record on the heap
 * against its 2.3 kB of UTF-8. The live event stream sends the same JSON, so each record is serialised
 * once. The newest record is always kept, however large.
 */
export class RecordBuffer {
  private readonly kept: Kept[] = [];
  private bytes = 0;

  constructor(
    private readonly maxRecords: number,
    private readonly maxBytes: number,
  ) {}

  /** Keeps `record` and returns its JSON; drops the oldest records beyond either bound. */
  add(record: TickRecord): string {
    const json = JSON.stringify(record);
    const utf8 = encoder.encode(json);
    this.kept.push({ at: record.at, utf8 });
    this.bytes += utf8.byteLength;
    while (this.kept.length > 1 && (this.kept.length > this.maxRecords || this.bytes > this.maxBytes))
      this.bytes -= this.kept.shift()!.utf8.byteLength;
    return json;
  }

  /** How many records are kept. */
  get size(): number {
    return this.kept.length;
  }

  /** The kept records after `after` (ms), oldest first, as one JSON array. */
  jsonAfter(after: Instant): string {
    const parts: string[] = [];
    for (const k of this.kept) if (k.at > after) parts.push(decoder.decode(k.utf8));
    return `[${parts.join(',')}]`;
  }
}
