import { Agent as HttpAgent, type IncomingHttpHeaders, type IncomingMessage, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { httpSchema } from '../../config/http.js';
import { type Agent, createAgent } from '../../src/agent/agent.js';
import { manualScheduler } from '../../src/agent/scheduler.js';
import { type HttpServer, startHttpServer } from '../../src/http/server.js';
import { simulatedConfig, tempDataDir } from '../fakes/agent-config.js';
import { FakeClock } from '../fakes/clock.js';
import { captureLogger } from '../fakes/logger.js';

// Issue 16: the server is plain node:http now. What fastify did for us (body limits, JSON parsing,
// content types, HEAD, 404s, closing connections) is checked here on a real socket.
const TOKEN = 'test-token-0123456789';
const AUTH = { authorization: `Bearer ${TOKEN}` };

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

describe('HTTP protocol on node:http', () => {
  let agent: Agent | undefined;
  let server: HttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    await agent?.stop({ applyOnExit: false });
    server = undefined;
    agent = undefined;
  });

  async function start(wrap: (a: Agent) => Agent = (a) => a) {
    const clock = new FakeClock();
    const log = captureLogger();
    const config = simulatedConfig({
      dataDir: tempDataDir(),
      miners: `  - { id: nano, type: simulated, zone: living, levels: [{ id: low, powerW: 80, ths: 4 }, { id: high, powerW: 140, ths: 6 }] }`,
    });
    agent = await createAgent(config, { clock, logger: log.logger, scheduler: manualScheduler });
    await agent.start();
    await agent.tick();
    const http = httpSchema.parse({ listen: '127.0.0.1:0', token: TOKEN });
    server = await startHttpServer(wrap(agent), http, { clock, logger: log.logger });
    return { log, port: server.port };
  }

  /** One request with exactly these headers (fetch would add a content type of its own). */
  function call(
    port: number,
    method: string,
    path: string,
    headers: Record<string, string> = AUTH,
    body?: string | Buffer,
    via?: HttpAgent,
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method, path, headers, agent: via }, (reply) => {
        const chunks: Buffer[] = [];
        reply.on('data', (c: Buffer) => chunks.push(c));
        reply.on('end', () =>
          resolve({
            status: reply.statusCode!,
            headers: reply.headers,
            text: Buffer.concat(chunks).toString(),
          }),
        );
      });
      req.on('error', reject);
      req.end(body);
    });
  }
  const jsonHeaders = { ...AUTH, 'content-type': 'application/json' };
  const errorOf = (answer: Answer) => (JSON.parse(answer.text) as { error: string }).error;

  it('a body over 16 KiB: 413 in JSON, whether its length is announced or it comes in chunks', async () => {
    const { port } = await start();
    const big = JSON.stringify({ enabled: false, pad: 'x'.repeat(17 * 1024) });
    const announced = await call(port, 'POST', '/api/enabled', jsonHeaders, big);
    expect(announced.status).toBe(413);
    expect(announced.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(errorOf(announced)).toMatch(/over 16384 bytes/);
    const chunked = await call(
      port,
      'POST',
      '/api/enabled',
      { ...jsonHeaders, 'transfer-encoding': 'chunked' },
      big,
    );
    expect(chunked.status).toBe(413);
    expect(agent!.state().enabled).toBe(true);
    // Just under the limit is read and judged by the schema (an unknown key), not refused for size.
    const fits = JSON.stringify({ enabled: false, pad: 'x'.repeat(16 * 1024 - 40) });
    expect((await call(port, 'POST', '/api/enabled', jsonHeaders, fits)).status).toBe(400);
  });

  it('bad JSON: 400 naming the parse error; a charset parameter is fine; an empty body reads as {}', async () => {
    const { port } = await start();
    const bad = await call(port, 'POST', '/api/enabled', jsonHeaders, '{"enabled": fals}');
    expect(bad.status).toBe(400);
    expect(errorOf(bad)).toMatch(/^invalid JSON body: .*JSON/);
    expect(bad.text).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack
    const proto = await call(
      port,
      'POST',
      '/api/enabled',
      jsonHeaders,
      '{"enabled":false,"__proto__":{"x":1}}',
    );
    expect(proto.status).toBe(400);
    expect(errorOf(proto)).toMatch(/__proto__/);
    const withCharset = { ...AUTH, 'content-type': 'Application/JSON; charset=utf-8' };
    expect((await call(port, 'POST', '/api/enabled', withCharset, '{"enabled":false}')).status).toBe(200);
    expect(agent!.state().enabled).toBe(false);
    const empty = await call(port, 'POST', '/api/dry-run', AUTH);
    expect(empty.status).toBe(400);
    expect(JSON.parse(empty.text).issues).toEqual([expect.objectContaining({ field: 'dryRun' })]);
  });

  it('a body that is not JSON: 415 (text/plain, or no content type at all)', async () => {
    const { port } = await start();
    const plain = await call(
      port,
      'POST',
      '/api/enabled',
      { ...AUTH, 'content-type': 'text/plain' },
      'false',
    );
    expect(plain.status).toBe(415);
    expect(errorOf(plain)).toMatch(/text\/plain/);
    expect((await call(port, 'POST', '/api/enabled', AUTH, '{"enabled":false}')).status).toBe(415);
    expect(agent!.state().enabled).toBe(true);
  });

  it('HEAD on a GET route: the same status and headers, no body; the token still counts', async () => {
    const { port } = await start();
    const get = await call(port, 'GET', '/api/state');
    const head = await call(port, 'HEAD', '/api/state');
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(100);
    expect(head.text).toBe('');
    expect((await call(port, 'HEAD', '/api/state', {})).status).toBe(401);
    const page = await call(port, 'HEAD', '/', {});
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'/);
    expect(page.text).toBe('');
    const events = await call(port, 'HEAD', '/api/events');
    expect(events.headers['content-type']).toMatch(/^text\/event-stream/);
  });

  it('404 in JSON for an unknown path and for a known path with another method; 400 for a broken escape', async () => {
    const { port } = await start();
    const unknown = await call(port, 'GET', '/api/nothing?x=1');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(errorOf(unknown)).toBe('no route GET /api/nothing');
    expect((await call(port, 'POST', '/api/state', jsonHeaders, '{}')).status).toBe(404);
    expect((await call(port, 'GET', '/api/enabled')).status).toBe(404);
    expect((await call(port, 'GET', '/api/state/')).status).toBe(404);
    expect(
      (await call(port, 'POST', '/api/miners/%E0/override', jsonHeaders, '{"level":"off"}')).status,
    ).toBe(400);
  });

  it('the miner id is URL-decoded; repeated query keys reach the schema as a list (a 400, not a 500)', async () => {
    const { port } = await start();
    const set = await call(port, 'POST', '/api/miners/n%61no/override', jsonHeaders, '{"level":"off"}');
    expect(set.status).toBe(200);
    expect(agent!.state().overrides.nano).toMatchObject({ levelId: 'off' });
    const twice = await call(port, 'GET', '/api/decisions?since=1&since=2');
    expect(twice.status).toBe(400);
    expect(JSON.parse(twice.text).issues[0].field).toBe('since');
    expect((await call(port, 'GET', `/api/state?access_token=${TOKEN}`, {})).status).toBe(200);
    expect((await call(port, 'GET', '/api/state?access_token=a&access_token=b', {})).status).toBe(401);
  });

  it('an unexpected exception: 500 "internal error", logged as a warning, no details to the client', async () => {
    const { port, log } = await start(
      (a) =>
        new Proxy(a, {
          get: (target, key, receiver) =>
            key === 'setEnabled'
              ? () => {
                  throw new Error('disk on fire at /secret/path.ts:12');
                }
              : Reflect.get(target, key, receiver),
        }),
    );
    const failed = await call(port, 'POST', '/api/enabled', jsonHeaders, '{"enabled":false}');
    expect(failed.status).toBe(500);
    expect(JSON.parse(failed.text)).toEqual({ error: 'internal error' });
    expect(log.entries).toContainEqual(
      expect.objectContaining({ msg: 'web request failed', error: expect.stringContaining('disk on fire') }),
    );
  });

  it('close() returns promptly with an event stream open, an idle kept-alive connection and a stalled upload, and ends them', async () => {
    const { port } = await start();
    // A client stalled half-way through its body: the server would wait for the rest for minutes.
    const stalled = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/enabled',
      headers: { ...jsonHeaders, 'content-length': '100' },
    });
    const stalledEnds = new Promise<void>((resolve) => stalled.on('close', resolve));
    stalled.on('error', () => {}); // reset by the server: expected
    await new Promise<void>((resolve) => stalled.write('{"enabled":', () => resolve()));
    // The requests below come after it on the server's loop: by their replies it holds the stalled one.
    const keepAlive = new HttpAgent({ keepAlive: true });
    expect((await call(port, 'GET', '/api/state', AUTH, undefined, keepAlive)).status).toBe(200);
    expect(keepAlive.freeSockets[`127.0.0.1:${port}:`]).toHaveLength(1); // idle, kept open
    const stream = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/events', headers: AUTH }, (reply) => {
        reply.once('data', () => resolve(reply));
      });
      req.on('error', reject);
      req.end();
    });
    const ended = new Promise<void>((resolve) => stream.on('close', resolve));
    stream.resume();
    const started = performance.now();
    await server!.close();
    server = undefined;
    expect(performance.now() - started).toBeLessThan(1000);
    await ended;
    await stalledEnds;
    keepAlive.destroy();
  });
});
