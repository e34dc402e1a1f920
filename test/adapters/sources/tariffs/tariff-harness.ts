import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import type { SourceContext, SourcePlugin } from '../../../../adapters/plugin.js';
import type { PriceSlot } from '../../../../src/core/types.js';
import { isSeriesUpdate } from '../../../../src/ports.js';
import { testAdapterDeps } from '../../../fakes/adapter-deps.js';
import { FakeClock } from '../../../fakes/clock.js';
import type { FakeHttpServer } from '../../../fakes/http-server.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Path of a fixture under test/fixtures/<kind>/. */
export function fixture(path: string, kind: 'tariffs' | 'revenue' = 'tariffs'): string {
  return join(HERE, '../../../fixtures', kind, path);
}

/** Epoch ms of a local wall-clock time. */
export function local(iso: string, zone = 'Europe/Berlin'): number {
  return DateTime.fromISO(iso, { zone }).toMillis();
}

/** Builds a source from a plugin and raw config at a fake `now` in a site time zone. */
export function makeSource(
  plugin: SourcePlugin,
  raw: Record<string, unknown>,
  options: { now: number; timeZone?: string; role?: SourceContext['role']; currency?: string },
) {
  const clock = new FakeClock(options.now);
  const role = options.role ?? 'price.import';
  const { deps, log } = testAdapterDeps({
    clock,
    role,
    id: role === 'price.export' ? 'prices.export' : 'prices.import',
  });
  deps.timeZone = options.timeZone ?? 'Europe/Berlin';
  if (options.currency) deps.currency = options.currency;
  const source = plugin.create(plugin.schema.parse(raw) as { type: string }, deps);
  return { source, clock, log, deps };
}

/** Polls once and returns the price series it emitted. */
export async function pollSeries(source: ReturnType<typeof makeSource>['source']): Promise<PriceSlot[]> {
  const updates = (await source.poll?.()) ?? [];
  const series = updates.find(isSeriesUpdate);
  if (!series) throw new Error('no series emitted');
  return series.reading.value;
}

/** Slot lengths in minutes, for compact assertions. */
export function minutesOf(slots: readonly PriceSlot[]): number[] {
  return [...new Set(slots.map((s) => (s.end - s.start) / 60_000))];
}

/** Serves the mempool.space fixtures (difficulty 1.4826e14, tip 928123, 0.02 BTC fees, 87,500 USD). */
export function serveMempool(server: FakeHttpServer): void {
  const rev = (f: string) => fixture(f, 'revenue');
  server
    .file('/api/v1/mining/hashrate/3d', rev('mempool-hashrate-3d.json'))
    .file('/api/blocks/tip/height', rev('mempool-tip-height.txt'))
    .file('/api/v1/mining/reward-stats/144', rev('mempool-reward-stats-144.json'))
    .file('/api/v1/prices', rev('mempool-prices.json'));
}
