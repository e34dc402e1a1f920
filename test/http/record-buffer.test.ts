import { describe, expect, it } from 'vitest';
import { RecordBuffer } from '../../src/http/record-buffer.js';
import type { TickRecord } from '../../src/ports.js';

// Issue 16: the records behind GET /api/decisions are bounded by count and by the size of their JSON.
function record(at: number, reason = 'x'): TickRecord {
  return { at, decisions: [{ minerId: 'nano', reason }] } as unknown as TickRecord;
}

describe('RecordBuffer', () => {
  it('keeps the newest records up to the count, and answers `since` as one JSON array', () => {
    const buffer = new RecordBuffer(3, 1e9);
    for (let at = 1; at <= 5; at++) buffer.add(record(at));
    expect(buffer.size).toBe(3);
    expect(JSON.parse(buffer.jsonAfter(Number.NEGATIVE_INFINITY)).map((r: TickRecord) => r.at)).toEqual([
      3, 4, 5,
    ]);
    expect(JSON.parse(buffer.jsonAfter(4)).map((r: TickRecord) => r.at)).toEqual([5]);
    expect(buffer.jsonAfter(5)).toBe('[]');
  });

  it('drops the oldest records beyond the byte bound, and always keeps the newest', () => {
    const one = JSON.stringify(record(1, 'a'.repeat(100))).length;
    const buffer = new RecordBuffer(500, 3 * one + 3); // `at` 8, 9, 10: one more digit for 10
    for (let at = 1; at <= 10; at++) buffer.add(record(at, 'a'.repeat(100)));
    expect(buffer.size).toBe(3);
    const huge = buffer.add(record(11, 'b'.repeat(10 * one)));
    expect(buffer.size).toBe(1);
    expect(JSON.parse(buffer.jsonAfter(0))).toEqual([JSON.parse(huge)]);
  });

  it('counts the bytes of the UTF-8 it keeps, not characters', () => {
    const one = new TextEncoder().encode(JSON.stringify(record(1, '→'.repeat(100)))).byteLength; // 3 bytes per →
    const buffer = new RecordBuffer(500, 2 * one);
    for (let at = 1; at <= 3; at++) buffer.add(record(at, '→'.repeat(100)));
    expect(buffer.size).toBe(2);
    expect(JSON.parse(buffer.jsonAfter(0))[1].decisions[0].reason).toBe('→'.repeat(100));
  });

  it('returns the JSON it keeps, the same text the live stream sends, for thousands of adds', () => {
    const buffer = new RecordBuffer(100, 1e9);
    let last = '';
    for (let at = 1; at <= 5000; at++) last = buffer.add(record(at, `tick ${at}`));
    expect(buffer.size).toBe(100);
    const kept = JSON.parse(buffer.jsonAfter(0)) as TickRecord[];
    expect(kept.map((r) => r.at)).toEqual(Array.from({ length: 100 }, (_, i) => 4901 + i));
    expect(JSON.stringify(kept.at(-1))).toBe(last);
  });
});
