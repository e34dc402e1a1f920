import { afterEach, describe, expect, it } from 'vitest';
import { httpSchema } from '../../config/http.js';
import { type Agent, createAgent, type TickRecord } from '../../src/agent/agent.js';
import { manualScheduler } from '../../src/agent/scheduler.js';
import { type HttpServer, startHttpServer } from '../../src/http/server.js';
import type { StateView } from '../../src/http/state-view.js';

type BodySchema = { properties: Record<string, unknown>; required: string[] };

import { simulatedConfig, tempDataDir } from '../fakes/agent-config.js';
import { FakeClock } from '../fakes/clock.js';
import { captureLogger } from '../fakes/logger.js';

// Issue 17: the agent's JSON API on 127.0.0.1, a real HTTP server, the agent on a fake clock.
const TOKEN = 'test-token-0123456789';

describe('HTTP API', () => {
  let agent: Agent | undefined;
  let server: HttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    await agent?.stop({ applyOnExit: false });
    server = undefined;
    agent = undefined;
  });

  async function start(token: string | undefined = TOKEN, extra: Record<string, unknown> = {}) {
    const clock = new FakeClock();
    const log = captureLogger();
    const config = simulatedConfig({
      dataDir: tempDataDir(),
      miners: `  - { id: nano, type: simulated, zone: living, levels: [{ id: low, powerW: 80, ths: 4 }, { id: high, powerW: 140, ths: 6 }] }
  - { id: garage, type: simulated, levels: [{ id: p400, powerW: 400, ths: 16 }] }`,
    });
    agent = await createAgent(config, { clock, logger: log.logger, scheduler: manualScheduler });
    await agent.start();
    const http = httpSchema.parse({ listen: '127.0.0.1:0', ...(token ? { token } : {}), ...extra });
    server = await startHttpServer(agent, http, { clock, logger: log.logger });
    const base = `http://127.0.0.1:${server.port}`;
    const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const get = (path: string, headers: Record<string, string> = auth) => fetch(base + path, { headers });
    const post = (path: string, body: unknown, headers: Record<string, string> = auth) =>
      fetch(base + path, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    return { clock, log, base, get, post, agent };
  }

  it('GET /api/state: miners with level, power, reason and ledger; zones; signals with age; today’s money', async () => {
    const { get, agent: a, clock } = await start();
    await a.tick();
    await clock.advance(60_000);
    await a.tick();
    const state = (await (await get('/api/state')).json()) as StateView;
    expect(state).toMatchObject({ currency: 'EUR', enabled: true, dryRun: false, problems: {} });
    expect(state.miners.map((m) => m.id)).toEqual(['nano', 'garage']);
    expect(state.miners[0]).toMatchObject({
      levelId: 'high',
      powerW: 140,
      health: 'ok',
      decision: { levelId: 'high', decidedBy: 'ledger', command: { status: 'none' } },
    });
    expect(state.miners[0]!.decision!.reason).toMatch(/^running at high/);
    expect(state.miners[0]!.decision!.ledger.map((r) => r.levelId)).toEqual(['off', 'low', 'high']);
    expect(state.zones).toEqual([{ id: 'living', name: 'living', tempC: 19, targetC: 21, maxC: 23 }]);
    expect(state.signals).toContainEqual(expect.objectContaining({ key: 'zone.living.tempC', value: 19 }));
    // One minute at high with resistive heating: the heat credit covers the power, mining is extra.
    expect(state.today.revenue).toBeGreaterThan(0);
    expect(state.today.net).toBeCloseTo(
      state.today.revenue + state.today.heatCredit - state.today.powerCost,
      9,
    );
  });

  it('override round trip: POST sets it through the agent, the next tick obeys, auto clears it', async () => {
    const { post, get, agent: a } = await start();
    await a.tick();
    const set = await post('/api/miners/nano/override', { level: 'off', forMinutes: 90 });
    expect(set.status).toBe(200);
    expect(a.state().overrides.nano).toMatchObject({ levelId: 'off', source: 'http' });
    const record = await a.tick();
    expect(record?.decisions[0]).toMatchObject({ levelId: 'off', decidedBy: 'override' });
    expect(a.statuses().nano).toMatchObject({ running: false });
    const state = (await (await get('/api/state')).json()) as StateView;
    expect(state.miners[0]!.override).toMatchObject({ levelId: 'off' });
    expect((await post('/api/miners/nano/override', { level: 'auto' })).status).toBe(200);
    expect(a.state().overrides.nano).toBeUndefined();
  });

  it('bad bodies get a 400 naming the field; an unknown miner a 404', async () => {
    const { post } = await start();
    const cases: [string, unknown, string][] = [
      ['/api/miners/nano/override', { level: 'turbo' }, 'level'],
      ['/api/miners/nano/override', { level: 'off', forMinutes: -5 }, 'forMinutes'],
      ['/api/miners/nano/override', { level: 'off', colour: 'red' }, '(body)'],
      ['/api/enabled', { enabled: 'yes' }, 'enabled'],
      ['/api/dry-run', {}, 'dryRun'],
    ];
    for (const [path, body, field] of cases) {
      const reply = await post(path, body);
      expect(reply.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      const json = (await reply.json()) as { issues: { field: string }[] };
      expect(json.issues.map((i) => i.field)).toContain(field);
    }
    expect((await post('/api/miners/nano/override', '{"level":')).status).toBe(400);
    expect((await post('/api/miners/ghost/override', { level: 'off' })).status).toBe(404);
    expect((await post('/api/enabled', { enabled: 'x'.repeat(20_000) })).status).toBe(413);
  });

  it('with a token: 401 without it or with a wrong one, on reads, writes and metrics; the page itself is public', async () => {
    const { get, post, base } = await start();
    const tries: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-token-0123456789' }];
    for (const headers of tries) {
      expect((await get('/api/state', headers)).status).toBe(401);
      expect((await get('/metrics', headers)).status).toBe(401);
      expect((await post('/api/enabled', { enabled: false }, headers)).status).toBe(401);
    }
    expect(agentEnabled()).toBe(true);
    expect((await fetch(`${base}/`)).status).toBe(200);
    expect((await get(`/api/state?access_token=${TOKEN}`, {})).status).toBe(200);
  });

  it('controls: enabled and dry run switch the agent; decisions since a time; metrics in Prometheus text', async () => {
    const { post, get, agent: a, clock } = await start();
    const first = (await a.tick())!;
    await clock.advance(30_000);
    expect((await post('/api/dry-run', { dryRun: true })).status).toBe(200);
    expect(a.isDryRun()).toBe(true);
    expect((await post('/api/enabled', { enabled: false })).status).toBe(200);
    expect(a.state().enabled).toBe(false);
    await a.tick();
    const since = (await (await get(`/api/decisions?since=${first.at}`)).json()) as { records: TickRecord[] };
    expect(since.records).toHaveLength(1);
    expect(since.records[0]).toMatchObject({ dryRun: true, enabled: false });
    expect((await get('/api/decisions?since=yesterday')).status).toBe(400);
    const metrics = await (await get('/metrics')).text();
    expect(metrics).toMatch(/hashheat_miner_power_watts\{miner="nano"\} 140/);
    expect(metrics).toMatch(/hashheat_miner_level\{miner="nano",level="high"\} 1/);
    expect(metrics).toMatch(/hashheat_miner_commands_total\{miner="nano",outcome="taken"\} 1/);
    expect(metrics).toMatch(/hashheat_source_age_seconds\{source="[^"]+"\} \d/);
    expect(metrics).toMatch(/hashheat_tick_duration_seconds \d/);
  });

  it('GET /api/decisions keeps no more records than historyDecisionsMiB of JSON holds', async () => {
    // Each record here is about 1.7 kB of JSON (two miners' ledgers): 8 kB hold 4 of the 6.
    const { get, agent: a, clock } = await start(TOKEN, { historyDecisionsMiB: 8 / 1024 });
    const ats: number[] = [];
    for (let i = 0; i < 6; i++) {
      ats.push((await a.tick())!.at);
      await clock.advance(30_000);
    }
    const { records } = (await (await get('/api/decisions')).json()) as { records: TickRecord[] };
    const sizes = records.map((r) => JSON.stringify(r).length);
    expect(sizes.reduce((sum, n) => sum + n, 0)).toBeLessThanOrEqual(8192);
    expect(records.length).toBeGreaterThanOrEqual(3);
    expect(records.length).toBeLessThan(6);
    expect(records.map((r) => r.at)).toEqual(ats.slice(-records.length));
  });

  it('GET /api/events streams every tick as a server-sent event', async () => {
    const { base, agent: a } = await start();
    const reply = await fetch(`${base}/api/events`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(reply.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = reply.body!.getReader();
    const seen: string[] = [];
    const read = async (until: (text: string) => boolean) => {
      while (!until(seen.join(''))) {
        const { value, done } = await reader.read();
        if (done) break;
        seen.push(new TextDecoder().decode(value));
      }
    };
    await read((t) => t.includes('event: state'));
    await a.tick();
    await read((t) => t.includes('event: tick'));
    const tick = seen.join('').split('event: tick\ndata: ')[1]!.split('\n')[0]!;
    expect(JSON.parse(tick).decisions[0]).toMatchObject({ minerId: 'nano', levelId: 'high' });
    await reader.cancel();
  });

  it('the OpenAPI document describes the bodies from the same schemas', async () => {
    const { get } = await start(undefined);
    const doc = (await (await get('/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, { post: { requestBody: { content: Record<string, { schema: BodySchema }> } } }>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const body = doc.paths['/api/miners/{id}/override']!.post.requestBody.content['application/json']!.schema;
    expect(Object.keys(body.properties)).toEqual(['level', 'forMinutes', 'until']);
    expect(body.required).toEqual(['level']);
  });

  function agentEnabled(): boolean {
    return agent!.state().enabled;
  }
});

describe('http config', () => {
  it('refuses a non-local bind without a token, naming http.token', () => {
    const parsed = httpSchema.safeParse({ listen: '0.0.0.0:8235' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['token']);
    expect(httpSchema.safeParse({ listen: '0.0.0.0:8235', token: 'x'.repeat(16) }).success).toBe(true);
    expect(httpSchema.parse({})).toMatchObject({ listen: '127.0.0.1:8235' });
  });
});
