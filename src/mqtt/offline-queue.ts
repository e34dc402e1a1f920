import type { PublishOptions } from './bus.js';

/** One publish held while the broker is unreachable. */
export interface QueuedPublish {
  topic: string;
  payload: string | Buffer;
  options: PublishOptions;
}

/**
 * Publishes held while offline, bounded: a retained publish replaces an older one on the same
 * topic (only the latest retained state matters), and beyond `limit` the oldest entries are dropped.
 */
export class OfflineQueue {
  private readonly items = new Map<string, QueuedPublish>();
  private seq = 0;
  private droppedCount = 0;

  constructor(private readonly limit: number) {}

  /** Queues a publish; returns false when an older entry had to be dropped to make room. */
  push(item: QueuedPublish): boolean {
    const key = item.options.retain ? `r:${item.topic}` : `n:${this.seq++}`;
    this.items.delete(key);
    this.items.set(key, item);
    let dropped = false;
    while (this.items.size > this.limit) {
      const oldest = this.items.keys().next().value as string;
      this.items.delete(oldest);
      this.droppedCount += 1;
      dropped = true;
    }
    return !dropped;
  }

  /** Everything queued, oldest first; the queue is empty afterwards. */
  drain(): QueuedPublish[] {
    const all = [...this.items.values()];
    this.items.clear();
    return all;
  }

  /** Entries waiting. */
  get size(): number {
    return this.items.size;
  }

  /** Entries dropped since the queue was made. */
  get dropped(): number {
    return this.droppedCount;
  }
}
