import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { parseConfig } from '../../config/loader.js';
import { createSources } from '../../src/agent/wiring.js';
import { testAdapterDeps } from '../fakes/adapter-deps.js';

const DOCS = parseAllDocuments(readFileSync('config/example-tariffs.yaml', 'utf8')).map(
  (d) => d.toJS() as Record<string, Record<string, unknown>>,
);
const ENV = { TIBBER_TOKEN: 't', ENTSOE_TOKEN: 'e', AMBER_TOKEN: 'a', COINGECKO_KEY: 'k' };

/** One snippet completed into a whole config: a miner, and defaults for the sections it leaves out. */
function complete(doc: Record<string, Record<string, unknown>>): string {
  return stringify({
    ...doc,
    prices: doc.prices ?? { import: { type: 'fixed', perKWh: 0.3 } },
    revenue: doc.revenue ?? { hashprice: { type: 'static', perThsDay: 0.034 } },
    miners: [
      { id: 'nano', type: 'simulated', levels: [{ id: 'high', powerW: 140, ths: 6 }] },
      { id: 'cpu', type: 'simulated', coin: 'xmr', levels: [{ id: 'all', powerW: 150, ths: 1.5e-8 }] },
    ],
  });
}

describe('config/example-tariffs.yaml', () => {
  it('has one snippet per provider and revenue source', () => {
    const types = DOCS.flatMap((d) => [
      ...Object.values(d.prices ?? {}).map((t) => (t as { type: string }).type),
      ...Object.values(d.revenue ?? {})
        .filter((r) => typeof r === 'object')
        .map((r) => (r as { type: string }).type),
    ]);
    for (const type of [
      'awattar',
      'tibber',
      'octopus',
      'entsoe',
      'nordpool',
      'energy-charts',
      'energyzero',
      'elering',
      'amber',
      'mempool',
      'monero',
      'braiins-insights',
    ])
      expect(types).toContain(type);
  });

  it.each(DOCS.map((doc, i) => [i, doc] as const))('snippet %i parses and builds its sources', (_i, doc) => {
    const config = parseConfig(complete(doc), ENV);
    const { deps } = testAdapterDeps();
    const sources = createSources(config, deps);
    expect(sources.map((s) => s.id)).toEqual(
      expect.arrayContaining([
        'prices.import',
        'revenue.hashprice',
        ...(doc.prices?.export ? ['prices.export'] : []),
      ]),
    );
    if (doc.revenue?.monero)
      expect(sources.find((s) => s.id === 'revenue.monero')?.keys).toEqual(['hashprice.xmr']);
  });

  it('keeps the documented retail defaults and secrets out of the snippet', () => {
    const config = parseConfig(complete(DOCS[0]!), ENV);
    expect(config.prices.import).toMatchObject({
      multiplier: 1,
      charges: 0.1512,
      tax: 0.19,
      negative: 'pay',
      average: 'none',
    });
    expect(config.prices.export).toMatchObject({
      type: 'energy-charts',
      negative: 'zero',
      charges: 0,
      tax: 0,
    });
    expect(parseConfig(complete(DOCS[1]!), ENV).prices.import).toMatchObject({ token: 't' });
  });
});
