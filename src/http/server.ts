import type { ServerResponse } from 'node:http';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { HttpConfig } from '../../config/http.js';
import { splitListen } from '../../config/http.js';
import type { Config } from '../../config/schema.js';
import type { HistoryStore } from '../history/store.js';
import { summarize, totalsOf } from '../history/summary.js';
import { requestProblem } from '../override-request.js';
import type { AgentControls, AgentView, Deps, TickRecord } from '../ports.js';
import { packageVersion } from '../version.js';
import {
  badRequest,
  decisionsQuery,
  dryRunBody,
  enabledBody,
  historyQuery,
  instantOf,
  overrideBody,
} from './api-schemas.js';
import { bearerMatches } from './auth.js';
import { createMetrics } from './metrics.js';
import { MoneyToday } from './money-today.js';
import { openApiDocument } from './openapi.js';
import { renderPage } from './page.js';
import { stateView } from './state-view.js';

/** Largest request body accepted (bytes): every command fits in a few hundred. */
const BODY_LIMIT_BYTES = 16 * 1024;
/** A comment line on every event stream this often (ms), so proxies keep it open. */
const HEARTBEAT_MS = 25_000;

/** The running web server. */
export interface HttpServer {
  /** The port it listens on (useful with port 0 in tests). */
  port: number;
  close(): Promise<void>;
}

/**
 * The agent's web page, JSON API, live events and metrics, in the agent's process. Commands take the
 * same path as Home Assistant's and the CLI's (`agent.setOverride` … with the same validation).
 */
export async function startHttpServer(
  agent: AgentView<Config> & AgentControls,
  config: HttpConfig,
  deps: Deps,
  options: { history?: HistoryStore } = {},
): Promise<HttpServer> {
  const { clock, logger } = deps;
  const records: TickRecord[] = [];
  const streams = new Set<ServerResponse>();
  const today = new MoneyToday(agent.config.site.timeZone);
  const metrics = createMetrics(agent);
  let last: TickRecord | undefined = agent.lastRecord();
  if (last) {
    records.push(last);
    today.add(last);
  }
  const page = renderPage();

  const send = (event: string, data: unknown) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const stream of streams) stream.write(frame);
  };
  const unsubscribe = agent.onRecord((record) => {
    last = record;
    records.push(record);
    if (records.length > config.historyDecisions) records.splice(0, records.length - config.historyDecisions);
    today.add(record);
    metrics.record(record);
    send('tick', record);
  });
  const heartbeat = setInterval(() => {
    for (const stream of streams) stream.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const app = Fastify({ bodyLimit: BODY_LIMIT_BYTES, logger: false });
  const authorised = (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (config.token === undefined) return true;
    // EventSource cannot send headers: a GET may carry the token as `access_token` instead.
    const query = (request.query ?? {}) as Record<string, unknown>;
    const fromQuery =
      request.method === 'GET' && typeof query.access_token === 'string'
        ? `Bearer ${query.access_token}`
        : undefined;
    if (bearerMatches(request.headers.authorization ?? fromQuery, config.token)) return true;
    void reply
      .code(401)
      .header('www-authenticate', 'Bearer')
      .send({ error: 'missing or wrong bearer token' });
    return false;
  };
  const changed = () => send('state', stateView(agent, clock.now(), last, today));

  app.get('/', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header(
        'content-security-policy',
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:",
      )
      .send(page),
  );
  app.get('/api/openapi.json', async () => openApiDocument(packageVersion()));

  app.get('/api/state', async (request, reply) => {
    if (!authorised(request, reply)) return reply;
    return stateView(agent, clock.now(), last, today);
  });

  app.get('/api/decisions', async (request, reply) => {
    if (!authorised(request, reply)) return reply;
    const query = decisionsQuery.safeParse(request.query);
    if (!query.success) return reply.code(400).send(badRequest(query.error));
    const since = query.data.since;
    const after =
      since === undefined ? Number.NEGATIVE_INFINITY : typeof since === 'number' ? since : Date.parse(since);
    return { records: records.filter((r) => r.at > after) };
  });

  app.get('/api/history', async (request, reply) => {
    if (!authorised(request, reply)) return reply;
    const query = historyQuery.safeParse(request.query);
    if (!query.success) return reply.code(400).send(badRequest(query.error));
    if (!options.history)
      return reply.code(404).send({ error: 'no history: add a `history:` section to the config' });
    const now = clock.now();
    const from = query.data.from === undefined ? now - 7 * 86_400_000 : instantOf(query.data.from);
    const to = query.data.to === undefined ? now : instantOf(query.data.to);
    const rows = options.history.read(from, to);
    return {
      from,
      to,
      step: query.data.step,
      currency: agent.model.currency,
      steps: summarize(rows, query.data.step, agent.config.site.timeZone),
      totals: totalsOf(rows),
    };
  });

  app.post('/api/miners/:id/override', async (request, reply) => {
    if (!authorised(request, reply)) return reply;
    const { id } = request.params as { id: string };
    const body = overrideBody.safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send(badRequest(body.error));
    if (!agent.model.miners.some((m) => m.id === id))
      return reply
        .code(404)
        .send({ error: `no miner "${id}"`, issues: [{ field: 'id', message: 'no such miner' }] });
    const now = clock.now();
    const until =
      body.data.forMinutes !== undefined
        ? now + body.data.forMinutes * 60_000
        : body.data.until !== undefined
          ? Date.parse(body.data.until)
          : undefined;
    const requested = {
      minerId: id,
      levelId: body.data.level,
      source: 'http',
      ...(until !== undefined ? { until } : {}),
    };
    const problem = requestProblem(requested, agent.model, now);
    if (problem) {
      const field = problem.startsWith('no level') ? 'level' : 'until';
      return reply
        .code(400)
        .send({ error: `invalid request: ${field}: ${problem}`, issues: [{ field, message: problem }] });
    }
    const override =
      body.data.level === 'auto'
        ? undefined
        : { levelId: body.data.level, source: 'http', ...(until !== undefined ? { until } : {}) };
    agent.setOverride(id, override);
    logger.info(
      { miner: id, levelId: body.data.level, until },
      `${id}: override ${body.data.level} from the web page / API`,
    );
    changed();
    return { ok: true, override: override ?? null };
  });

  app.post('/api/enabled', async (request, reply) => {
    if (!authorised(request, reply)) return reply;
    const body = enabledBody.safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send(badRequest(body.error));
    agent.setEnabled(body.data.enabled);
    changed();
    return { ok: true, enabled: body.data.enabled };
  });

  app.post('/api/dry-run', async (request, reply) => {
    if (!authorised(request, reply)) return reply;
    const body = dryRunBody.safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send(badRequest(body.error));
    agent.setDryRun(body.data.dryRun);
    changed();
    return { ok: true, dryRun: agent.isDryRun() };
  });

  app.get('/api/events', async (request, reply) => {
    if (!authorised(request, reply)) return reply;
    reply.hijack();
    const stream = reply.raw;
    stream.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    stream.write(`event: state\ndata: ${JSON.stringify(stateView(agent, clock.now(), last, today))}\n\n`);
    streams.add(stream);
    request.raw.on('close', () => streams.delete(stream));
    return reply;
  });

  app.get('/metrics', async (request, reply) => {
    if (!authorised(request, reply)) return reply;
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(await metrics.text(clock.now()));
  });

  // Bad JSON, a body over the limit, a wrong content type: a 4xx naming what is wrong, never a stack.
  app.setErrorHandler((error: { statusCode?: number; message?: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) logger.warn({ error: error.message }, 'web request failed');
    void reply
      .code(status)
      .send({ error: status === 500 ? 'internal error' : (error.message ?? 'bad request') });
  });

  const { host, port } = splitListen(config.listen);
  await app.listen({ host, port });
  const address = app.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  logger.info(
    { url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/` },
    'web page and API listening',
  );
  return {
    port: bound,
    async close() {
      unsubscribe();
      clearInterval(heartbeat);
      for (const stream of streams) stream.end();
      streams.clear();
      await app.close();
    },
  };
}
