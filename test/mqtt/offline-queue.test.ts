import { describe, expect, it } from 'vitest';
import { OfflineQueue } from '../../src/mqtt/offline-queue.js';

describe('OfflineQueue', () => {
  it('keeps only the latest retained publish per topic, in order of the last update', () => {
    const queue = new OfflineQueue(10);
    queue.push({ topic: 'a', payload: '1', options: { retain: true } });
    queue.push({ topic: 'b', payload: 'x', options: {} });
    queue.push({ topic: 'a', payload: '2', options: { retain: true } });
    queue.push({ topic: 'b', payload: 'y', options: {} });
    expect(queue.drain().map((i) => `${i.topic}=${i.payload}`)).toEqual(['b=x', 'a=2', 'b=y']);
    expect(queue.size).toBe(0);
  });

  it('drops the oldest beyond its limit and says so', () => {
    const queue = new OfflineQueue(3);
    for (let i = 0; i < 3; i++)
      expect(queue.push({ topic: 't', payload: String(i), options: {} })).toBe(true);
    expect(queue.push({ topic: 't', payload: '3', options: {} })).toBe(false);
    expect(queue.dropped).toBe(1);
    expect(queue.drain().map((i) => i.payload)).toEqual(['1', '2', '3']);
  });
});
