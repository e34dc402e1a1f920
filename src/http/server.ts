import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
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
import { boundPort, listenAll } from './listen.js';
import { createMetrics } from './metrics.js';
import { MoneyToday } from './money-today.js';
import { openApiDocument } from './openapi.js';
import { renderPage } from './page.js';
import { RecordBuffer } from './record-buffer.js';
import { HttpError, JSON_TYPE, json, type Reply, text, writeReply } from './replies.js';
import { readJsonBody } from './request-body.js';
import { matchRoute, type Route } from './router.js';
import { stateView } from './state-view.js';

/** Largest request body accepted (bytes): every command fits in a few hundred. */
const BODY_LIMIT_BYTES = 16 * 1024;
/** A comment line on every event stream this often (ms), so proxies keep it open. */
const HEARTBEAT_MS = 25_000;
/** How long an idle kept-alive connection stays open (ms): fastify's 72 s, longer than a proxy's usual 60 s. */
const KEEP_ALIVE_MS = 72_000;
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:",
};

/** One request as a route sees it: the JSON body is read (and checked) before the route runs. */
interface RouteRequest {
  method: string;
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  headers: IncomingMessage['headers'];
  body: unknown;
  /** For the event stream only, which writes its own response. */
  response: ServerResponse;
}
/** A reply, or undefined when the route wrote the response itself (the event stream). */
type Handler = (request: RouteRequest) => Reply | undefined | Promise<Reply | undefined>;

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
  const records = new RecordBuffer(config.historyDecisions, config.historyDecisionsMiB * 2 ** 20);
  const streams = new Set<ServerResponse>();
  const today = new MoneyToday(agent.config.site.timeZone);
  const metrics = createMetrics(agent);
  let last: TickRecord | undefined = agent.lastRecord();
  if (last) {
    records.add(last);
    today.add(last);
  }
  const page = renderPage();

  /** An event to every live stream, its data already JSON. */
  const sendJson = (event: string, data: string) => {
    const frame = `event: ${event}\ndata: ${data}\n\n`;
    for (const stream of streams) stream.write(frame);
  };
  const send = (event: string, data: unknown) => sendJson(event, JSON.stringify(data));
  const unsubscribe = agent.onRecord((record) => {
    last = record;
    const recordJson = records.add(record);
    today.add(record);
    metrics.record(record);
    sendJson('tick', recordJson);
  });
  const heartbeat = setInterval(() => {
    for (const stream of streams) stream.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const authorised = (request: RouteRequest): Reply | undefined => {
    if (config.token === undefined) return undefined;
    // EventSource cannot send headers: a read may carry the token as `access_token` instead.
    const fromQuery =
      request.method !== 'POST' && typeof request.query.access_token === 'string'
        ? `Bearer ${request.query.access_token}`
        : undefined;
    if (bearerMatches(request.headers.authorization ?? fromQuery, config.token)) return undefined;
    return json({ error: 'missing or wrong bearer token' }, 401, { 'www-authenticate': 'Bearer' });
  };
  const changed = () => send('state', stateView(agent, clock.now(), last, today));
  /** The route behind the token check. */
  const guarded =
    (handler: Handler): Handler =>
    (request) =>
      authorised(request) ?? handler(request);

  const state: Handler = () => json(stateView(agent, clock.now(), last, today));

  const decisions: Handler = (request) => {
    const query = decisionsQuery.safeParse(request.query);
    if (!query.success) return json(badRequest(query.error), 400);
    const since = query.data.since;
    const after =
      since === undefined ? Number.NEGATIVE_INFINITY : typeof since === 'number' ? since : Date.parse(since);
    return text(`{"records":${records.jsonAfter(after)}}`, JSON_TYPE);
  };

  const history: Handler = (request) => {
    const query = historyQuery.safeParse(request.query);
    if (!query.success) return json(badRequest(query.error), 400);
    if (!options.history) return json({ error: 'no history: add a `history:` section to the config' }, 404);
    const now = clock.now();
    const from = query.data.from === undefined ? now - 7 * 86_400_000 : instantOf(query.data.from);
    const to = query.data.to === undefined ? now : instantOf(query.data.to);
    const rows = options.history.read(from, to);
    return json({
      from,
      to,
      step: query.data.step,
      currency: agent.model.currency,
      steps: summarize(rows, query.data.step, agent.config.site.timeZone),
      totals: totalsOf(rows),
    });
  };

  const override: Handler = (request) => {
    const id = request.params.id!;
    const body = overrideBody.safeParse(request.body ?? {});
    if (!body.success) return json(badRequest(body.error), 400);
    if (!agent.model.miners.some((m) => m.id === id))
      return json({ error: `no miner "${id}"`, issues: [{ field: 'id', message: 'no such miner' }] }, 404);
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
      return json(
        { error: `invalid request: ${field}: ${problem}`, issues: [{ field, message: problem }] },
        400,
      );
    }
    const chosen =
      body.data.level === 'auto'
        ? undefined
        : { levelId: body.data.level, source: 'http', ...(until !== undefined ? { until } : {}) };
    agent.setOverride(id, chosen);
    logger.info(
      { miner: id, levelId: body.data.level, until },
      `${id}: override ${body.data.level} from the web page / API`,
    );
    changed();
    return json({ ok: true, override: chosen ?? null });
  };

  const enabled: Handler = (request) => {
    const body = enabledBody.safeParse(request.body ?? {});
    if (!body.success) return json(badRequest(body.error), 400);
    agent.setEnabled(body.data.enabled);
    changed();
    return json({ ok: true, enabled: body.data.enabled });
  };

  const dryRun: Handler = (request) => {
    const body = dryRunBody.safeParse(request.body ?? {});
    if (!body.success) return json(badRequest(body.error), 400);
    agent.setDryRun(body.data.dryRun);
    changed();
    return json({ ok: true, dryRun: agent.isDryRun() });
  };

  const events: Handler = ({ method, response }) => {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    // HEAD: the headers a stream would have, and no stream.
    if (method === 'HEAD') return void response.end();
    response.write(`event: state\ndata: ${JSON.stringify(stateView(agent, clock.now(), last, today))}\n\n`);
    streams.add(response);
    response.on('close', () => streams.delete(response));
    return undefined;
  };

  const routes: Route<Handler>[] = [
    { method: 'GET', path: '/', handler: () => text(page, 'text/html; charset=utf-8', PAGE_HEADERS) },
    { method: 'GET', path: '/api/openapi.json', handler: () => json(openApiDocument(packageVersion())) },
    { method: 'GET', path: '/api/state', handler: guarded(state) },
    { method: 'GET', path: '/api/decisions', handler: guarded(decisions) },
    { method: 'GET', path: '/api/history', handler: guarded(history) },
    { method: 'POST', path: '/api/miners/:id/override', handler: guarded(override) },
    { method: 'POST', path: '/api/enabled', handler: guarded(enabled) },
    { method: 'POST', path: '/api/dry-run', handler: guarded(dryRun) },
    { method: 'GET', path: '/api/events', handler: guarded(events) },
    {
      method: 'GET',
      path: '/metrics',
      handler: guarded(async () =>
        text(await metrics.text(clock.now()), 'text/plain; version=0.0.4; charset=utf-8'),
      ),
    },
  ];

  const dispatch = async (raw: IncomingMessage, response: ServerResponse): Promise<Reply | undefined> => {
    const method = raw.method ?? 'GET';
    const url = raw.url ?? '/';
    const match = matchRoute(routes, method, url);
    if (!match) return json({ error: `no route ${method} ${url.split('?')[0]}` }, 404);
    const body = method === 'POST' ? await readJsonBody(raw, BODY_LIMIT_BYTES) : undefined;
    const { params, query } = match;
    return match.handler({ method, params, query, headers: raw.headers, body, response });
  };

  // A client's mistake is a 4xx naming it; anything else a 500 without details, logged here.
  const handle = async (raw: IncomingMessage, response: ServerResponse) => {
    try {
      const reply = await dispatch(raw, response);
      if (reply) writeReply(response, reply);
    } catch (error) {
      if (!(error instanceof HttpError))
        logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'web request failed');
      if (response.headersSent) return void response.destroy();
      writeReply(
        response,
        error instanceof HttpError
          ? json({ error: error.message }, error.status, error.headers)
          : json({ error: 'internal error' }, 500),
      );
    }
  };
  const create = () =>
    createServer({ keepAliveTimeout: KEEP_ALIVE_MS }, (raw, response) => {
      void handle(raw, response);
    });

  const { host, port } = splitListen(config.listen);
  const servers = await listenAll(create, host, port).catch((error: unknown) => {
    // A port in use: nothing of this server may stay subscribed or ticking.
    unsubscribe();
    clearInterval(heartbeat);
    throw error;
  });
  const bound = boundPort(servers[0]!, port);
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
      await Promise.all(
        servers.map((server) => {
          const closed = new Promise<void>((resolve) => server.close(() => resolve()));
          // Kept-alive sockets and stalled uploads would otherwise hold close() for minutes.
          server.closeAllConnections();
          return closed;
        }),
      );
    },
  };
}
