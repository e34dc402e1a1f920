import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../config/loader.js';
import { SignalStore } from '../../../../src/agent/signal-store.js';
import { SourceRunner } from '../../../../src/agent/source-runner.js';
import { createSources } from '../../../../src/agent/wiring.js';
import { knownEvents } from '../../../../src/core/grid-events.js';
import { type OctopusServer, startOctopusServer } from '../../../emulators/octopus-server.js';
import { testAdapterDeps } from '../../../fakes/adapter-deps.js';
import { FakeClock } from '../../../fakes/clock.js';
import { waitFor } from '../../../fakes/mqtt-test-bus.js';

const NOW = Date.parse('2026-12-07T08:00:00Z');
const ICS = join(import.meta.dirname, '../../../fixtures/events/google-export.ics');

let octopus: OctopusServer;
beforeAll(async () => {
  octopus = await startOctopusServer();
  octopus.setSessions({
    free: [{ code: 'FREE-1', start: '2026-12-08T13:00:00Z', end: '2026-12-08T14:00:00Z' }],
  });
});
afterAll(() => octopus.close());

describe('event sources from a config, through the runner into the store (issue 18)', () => {
  it('keeps each source list apart; a failing source keeps its last good list, logged once', async () => {
    const f = octopus.sourceFields();
    const config = parseConfig(
      `site: { timeZone: Europe/London, currency: GBP }
prices: { import: { type: fixed, perKWh: 0.25 } }
revenue: { hashprice: { type: static, perThsDay: 0.034 } }
events:
  - { type: ics, file: ${JSON.stringify(ICS)}, effects: [{ match: free, effect: { pricePerKWh: 0 } }] }
  - type: octopus
    apiKey: \${OCTOPUS_API_KEY}
    account: ${f.account}
    url: ${f.url}
    backendUrl: ${f.backendUrl}
    freeElectricityUrl: ${f.freeElectricityUrl}
miners:
  - { id: heater, type: simulated, levels: [{ id: full, powerW: 140, ths: 6 }] }
`,
      { OCTOPUS_API_KEY: octopus.apiKey },
    );
    const clock = new FakeClock(NOW);
    const { deps, log } = testAdapterDeps({ clock });
    const sources = createSources(config, { ...deps, currency: config.site.currency }).filter((s) =>
      s.id.startsWith('events'),
    );
    const store = new SignalStore();
    const runner = new SourceRunner(sources, (u) => store.update(u), deps);
    await runner.start();
    const titles = () => knownEvents(store.eventsRecord()).map((e) => `${e.title} (${e.id.split(':')[0]})`);
    const before = titles();
    expect(before).toEqual(['Octopus free electricity (events[1])', 'Free electricity session (events[0])']);

    octopus.fault('*', 'http500');
    const failures = () => runner.healthAll().find((h) => h.id === 'events[1]')!.failures;
    await clock.advance(30 * 60_000); // Octopus's next poll fails…
    await waitFor(() => failures() === 1);
    await clock.advance(15_000); // …and so does the first retry of its backoff
    await waitFor(() => failures() === 2);
    expect(titles()).toEqual(before);
    const failed = log.entries.filter((e) => e.msg === 'source failed; keeping its last good reading');
    expect(failed.map((e) => e.source)).toEqual(['events[1]']);

    octopus.fault('*', undefined);
    await clock.advance(30_000);
    await log.until(() => log.messages().includes('source recovered'));
    await runner.stop();
  });
});
