import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** Retained topics of one published device: its discovery topic and its retained state topics. */
export type PublishedDevices = Record<string, string[]>;

const fileSchema = z.object({ version: z.literal(1), devices: z.record(z.string(), z.array(z.string())) });

/**
 * Remembers, in the agent's data dir, which discovery topics (and retained state topics) the last run
 * published, so a miner removed from the config gets its retained discovery cleared at the next start.
 * A file beats scanning the broker's retained `<prefix>/device/+/config` topics: no guessing how long
 * to wait for retained messages, and no risk of clearing another program's devices.
 */
export class PublishedTopics {
  readonly path: string;
  constructor(dataDir: string) {
    this.path = join(dataDir, 'homeassistant.json');
  }

  /** What the last run published; empty when never written. A corrupt file counts as empty (and says why). */
  load(): { devices: PublishedDevices; problem?: string } {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return { devices: {} };
    }
    try {
      const parsed = fileSchema.safeParse(JSON.parse(text));
      if (parsed.success) return { devices: parsed.data.devices };
      return { devices: {}, problem: parsed.error.issues[0]?.message ?? 'invalid' };
    } catch (error) {
      return { devices: {}, problem: (error as Error).message };
    }
  }

  /** Saves atomically (temp file + rename). */
  save(devices: PublishedDevices): void {
    mkdirSync(join(this.path, '..'), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ version: 1, devices }, null, 2)}\n`);
    renameSync(tmp, this.path);
  }
}

/** Devices published before that are gone now: their discovery topic → retained topics to clear. */
export function removedDevices(previous: PublishedDevices, current: PublishedDevices): PublishedDevices {
  return Object.fromEntries(Object.entries(previous).filter(([topic]) => !(topic in current)));
}
