import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { EmulatorHandle, Fault } from '../contract/miner-contract.js';

/** An entity as the emulator holds it (times in epoch ms). */
interface Entity {
  state: string;
  attributes: Record<string, unknown>;
  changedAt: number;
  updatedAt: number;
  reportedAt: number;
}

/** A running Home Assistant emulator: REST + WebSocket on 127.0.0.1 (reference/homeassistant.md §4.3–4.4). */
export interface HaEmulator extends EmulatorHandle {
  url: string;
  token: string;
  /** Sets a state like an integration would; unchanged values only move `last_reported`. */
  setState(entityId: string, state: string, attributes?: Record<string, unknown>): void;
  state(entityId: string): string | undefined;
  /** One attribute of an entity (a fan's `percentage`). */
  attribute(entityId: string, name: string): unknown;
  /**
   * Events `GET /api/calendars/<entity_id>?start=&end=` lists for a calendar entity, in HA's API form
   * (home-assistant/core calendar/__init__.py CalendarEventView + _api_event_dict_factory):
   * `{ start: {dateTime} | {date}, end: …, summary, description, location, uid, recurrence_id, rrule }`.
   * The emulator returns those overlapping [start, end).
   */
  setCalendarEvents(entityId: string, events: Record<string, unknown>[]): void;
  /** Every service call received: `switch.turn_on` with its data. */
  readonly serviceCalls: { service: string; data: Record<string, unknown> }[];
  /** Closes every WebSocket connection (clients should reconnect). */
  dropSockets(): void;
  /** Open WebSocket connections with at least one subscription. */
  sockets(): number;
  /** Whether `ping` gets a `pong` (false: a half-dead connection). */
  answerPings(answer: boolean): void;
}

/** Options: the token to accept, the clock for timestamps, and side effects of switching. */
export interface HaEmulatorOptions {
  token?: string;
  now?: () => number;
  /** Called after a switch entity changes by a service call (e.g. update a power sensor). */
  onSwitch?: (entityId: string, on: boolean, emulator: HaEmulator) => void;
}

const seconds = (ms: number) => ms / 1000;

/** Starts the emulator on port 0. */
export async function startHaEmulator(options: HaEmulatorOptions = {}): Promise<HaEmulator> {
  const token = options.token ?? 'test-token';
  const now = options.now ?? Date.now;
  const entities = new Map<string, Entity>();
  const subscribers = new Set<{ ws: WebSocket; id: number; ids?: string[]; events: boolean }>();
  const serviceCalls: HaEmulator['serviceCalls'] = [];
  const calendars = new Map<string, Record<string, unknown>[]>();
  const sockets = new Set<Socket>();
  let fault: Fault = 'none';
  let pongs = true;
  let context = 0;

  const restState = (id: string, e: Entity) => ({
    entity_id: id,
    state: e.state,
    attributes: e.attributes,
    last_changed: new Date(e.changedAt).toISOString(),
    last_updated: new Date(e.updatedAt).toISOString(),
    last_reported: new Date(e.reportedAt).toISOString(),
    context: { id: `ctx${++context}`, parent_id: null, user_id: null },
  });
  const compressed = (e: Entity) => ({
    s: e.state,
    a: e.attributes,
    c: `ctx${++context}`,
    lc: seconds(e.changedAt),
    ...(e.updatedAt !== e.changedAt ? { lu: seconds(e.updatedAt) } : {}),
  });
  const send = (ws: WebSocket, message: unknown) => ws.send(JSON.stringify(message));

  const emulator: HaEmulator = {
    url: '',
    token,
    serviceCalls,
    setState(entityId, state, attributes) {
      const at = now();
      const old = entities.get(entityId);
      const attrs = attributes ?? old?.attributes ?? {};
      const same = old && old.state === state && JSON.stringify(old.attributes) === JSON.stringify(attrs);
      if (old && same) {
        old.reportedAt = at; // HA ≥ 2024.3: a report without change fires no state_changed
        return;
      }
      const next: Entity = {
        state,
        attributes: attrs,
        changedAt: old && old.state === state ? old.changedAt : at,
        updatedAt: at,
        reportedAt: at,
      };
      entities.set(entityId, next);
      for (const sub of subscribers) {
        if (sub.events) {
          const data = {
            entity_id: entityId,
            old_state: old ? restState(entityId, old) : null,
            new_state: restState(entityId, next),
          };
          send(sub.ws, { id: sub.id, type: 'event', event: { event_type: 'state_changed', data } });
        } else if (!sub.ids || sub.ids.includes(entityId)) {
          const event = old
            ? { c: { [entityId]: { '+': { s: state, a: attrs, lu: seconds(at), c: `ctx${++context}` } } } }
            : { a: { [entityId]: compressed(next) } };
          send(sub.ws, { id: sub.id, type: 'event', event });
        }
      }
    },
    state: (entityId) => entities.get(entityId)?.state,
    attribute: (entityId, name) => entities.get(entityId)?.attributes[name],
    setCalendarEvents(entityId, events) {
      calendars.set(entityId, events);
    },
    setFault(next) {
      fault = next;
    },
    dropSockets() {
      for (const client of wss.clients) client.terminate();
    },
    sockets: () => new Set([...subscribers].map((s) => s.ws)).size,
    answerPings(answer) {
      pongs = answer;
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function reply(res: ServerResponse, status: number, body: unknown): void {
    const text = fault === 'garbage' ? '<html>502 Bad Gateway</html>' : JSON.stringify(body);
    const write = () => {
      if (res.destroyed) return;
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(text);
    };
    if (fault === 'slow') setTimeout(write, 1500);
    else write();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (fault === 'no-answer') return;
    if (fault === 'reset') return void req.socket.destroy();
    if (fault === 'auth' || req.headers.authorization !== `Bearer ${token}`)
      return reply(res, 401, { message: '401: Unauthorized' });
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/') return reply(res, 200, { message: 'API running.' });
    const stateMatch = /^\/api\/states\/([^/]+)$/.exec(url.pathname);
    if (stateMatch && req.method === 'GET') {
      const id = decodeURIComponent(stateMatch[1]!);
      const entity = entities.get(id);
      return entity
        ? reply(res, 200, restState(id, entity))
        : reply(res, 404, { message: 'Entity not found.' });
    }
    const calendarMatch = /^\/api\/calendars\/([^/]+)$/.exec(url.pathname);
    if (calendarMatch && req.method === 'GET') {
      const list = calendars.get(decodeURIComponent(calendarMatch[1]!));
      const from = Date.parse(url.searchParams.get('start') ?? '');
      const to = Date.parse(url.searchParams.get('end') ?? '');
      // HA answers 400 for an unknown calendar or a missing/unparseable range.
      if (!list || !Number.isFinite(from) || !Number.isFinite(to)) return reply(res, 400, null);
      const at = (t: Record<string, string>) => Date.parse(t.dateTime ?? `${t.date}T00:00:00Z`);
      const overlapping = list.filter((e) => {
        const [start, end] = [at(e.start as never), at(e.end as never)];
        return !(end <= from || start >= to); // rows with unreadable times pass (robustness tests)
      });
      return reply(res, 200, overlapping);
    }
    const serviceMatch = /^\/api\/services\/([a-z_]+)\/([a-z_]+)$/.exec(url.pathname);
    if (serviceMatch && req.method === 'POST') {
      let raw = '';
      for await (const chunk of req) raw += String(chunk);
      const data = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
      const [, domain, service] = serviceMatch;
      serviceCalls.push({ service: `${domain}.${service}`, data });
      const id = String(data.entity_id ?? '');
      const entity = entities.get(id);
      const changed: unknown[] = [];
      if (entity && entity.state !== 'unavailable' && /^turn_(on|off)$|^toggle$/.test(service!)) {
        const on = service === 'toggle' ? entity.state !== 'on' : service === 'turn_on';
        emulator.setState(id, on ? 'on' : 'off');
        options.onSwitch?.(id, on, emulator);
        changed.push(restState(id, entities.get(id)!));
      } else if (
        entity &&
        entity.state !== 'unavailable' &&
        `${domain}.${service}` === 'fan.set_percentage'
      ) {
        // A fan entity's state is on/off and its speed the `percentage` attribute; 0 % turns it off
        // (https://www.home-assistant.io/integrations/fan/#action-fanset_percentage).
        const percentage = Number(data.percentage);
        emulator.setState(id, percentage > 0 ? 'on' : 'off', { ...entity.attributes, percentage });
        changed.push(restState(id, entities.get(id)!));
      } else if (entity && entity.state !== 'unavailable' && service === 'set_value') {
        // number.set_value / input_number.set_value: the state is the value
        // (https://www.home-assistant.io/integrations/number/#actions).
        emulator.setState(id, String(Number(data.value)), entity.attributes);
        changed.push(restState(id, entities.get(id)!));
      }
      return reply(res, 200, changed);
    }
    return reply(res, 404, { message: 'Not found' });
  }

  const server = createServer((req, res) => void handle(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (req.url !== '/api/websocket' || fault === 'reset') return void socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  });

  function serveSocket(ws: WebSocket): void {
    let authed = false;
    if (fault === 'no-answer') return;
    send(ws, { type: 'auth_required', ha_version: '2025.1.0' });
    ws.on('message', (data) => {
      if (fault === 'garbage') return void ws.send('garbage{');
      const msg = JSON.parse(String(data)) as Record<string, unknown>;
      if (!authed) {
        if (msg.type === 'auth' && msg.access_token === token && fault !== 'auth') {
          authed = true;
          return send(ws, { type: 'auth_ok', ha_version: '2025.1.0' });
        }
        send(ws, { type: 'auth_invalid', message: 'Invalid access token or password' });
        return void ws.close();
      }
      const id = Number(msg.id);
      if (msg.type === 'ping') return pongs ? send(ws, { id, type: 'pong' }) : undefined;
      if (msg.type === 'subscribe_entities') {
        const ids = Array.isArray(msg.entity_ids) ? (msg.entity_ids as string[]) : undefined;
        subscribers.add({ ws, id, ...(ids ? { ids } : {}), events: false });
        send(ws, { id, type: 'result', success: true, result: null });
        const snapshot = Object.fromEntries(
          [...entities].filter(([eid]) => !ids || ids.includes(eid)).map(([eid, e]) => [eid, compressed(e)]),
        );
        return send(ws, { id, type: 'event', event: { a: snapshot } });
      }
      if (msg.type === 'subscribe_events') {
        subscribers.add({ ws, id, events: true });
        return send(ws, { id, type: 'result', success: true, result: null });
      }
      send(ws, {
        id,
        type: 'result',
        success: false,
        error: { code: 'unknown_command', message: 'Unknown command.' },
      });
    });
    ws.on('close', () => {
      for (const sub of subscribers) if (sub.ws === ws) subscribers.delete(sub);
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  emulator.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return emulator;
}
