import type WebSocket from 'ws';
import { lazyRequire } from '../../src/lazy-require.js';

const loadWebSocket = lazyRequire<typeof WebSocket>('ws');

import { DeviceError, errorText } from '../../src/errors.js';
import type { Deps } from '../../src/ports.js';
import { applyDiff, type CompressedState, fromCompressed, type HaState } from './entity-state.js';
import { baseUrlOf, type HaConnection } from './rest.js';

/** Reconnect and heartbeat timing (ms); tests shorten them. */
export interface HaSocketTiming {
  reconnectMinMs: number;
  reconnectMaxMs: number;
  pingEveryMs: number;
}

const DEFAULT_TIMING: HaSocketTiming = { reconnectMinMs: 1000, reconnectMaxMs: 60_000, pingEveryMs: 30_000 };

interface Subscription {
  entityIds: string[];
  onState(state: HaState): void;
  states: Map<string, HaState>;
  settle?: { resolve(): void; reject(error: unknown): void };
}

type EntitiesEvent = {
  a?: Record<string, CompressedState>;
  c?: Record<string, { '+'?: CompressedState; '-'?: { a?: string[] } }>;
  r?: string[];
};

/**
 * One WebSocket to HA (reference/homeassistant.md §4.4): auth with the token, then one filtered
 * `subscribe_entities` per subscriber. Reconnects with backoff and resubscribes; a new snapshot
 * after a reconnect is taken as the truth. Logs the connection going down once and its recovery.
 */
export class HaSocket {
  private ws: WebSocket | undefined;
  private nextId = 1;
  private readonly subs = new Set<Subscription>();
  private readonly byId = new Map<number, Subscription>();
  private failures = 0;
  private timer: unknown;
  private pingTimer: unknown;
  private awaitingPong = false;
  private authenticated = false;
  private authTimer: unknown;
  private closed = false;
  private readonly timing: HaSocketTiming;

  constructor(
    private readonly connection: HaConnection,
    private readonly deps: Deps,
    timing: Partial<HaSocketTiming> = {},
  ) {
    this.timing = { ...DEFAULT_TIMING, ...timing };
  }

  /** Subscribes to entities; resolves when the first subscription is confirmed, rejects on the first failure (retries go on). */
  subscribeEntities(
    entityIds: string[],
    onState: (state: HaState) => void,
  ): { ready: Promise<void>; unsubscribe(): void } {
    const sub: Subscription = { entityIds, onState, states: new Map() };
    const ready = new Promise<void>((resolve, reject) => {
      sub.settle = { resolve, reject };
    });
    // A caller that never awaits `ready` must not cause an unhandled rejection.
    ready.catch(() => undefined);
    this.subs.add(sub);
    if (this.ws && this.authenticated) this.send(sub);
    else if (!this.ws && this.timer === undefined) this.connect();
    return { ready, unsubscribe: () => this.subs.delete(sub) };
  }

  /** Closes the socket for good. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of [this.timer, this.pingTimer, this.authTimer])
      if (t !== undefined) this.deps.clock.clearTimeout(t);
    this.ws?.terminate();
    this.ws = undefined;
  }

  private connect(): void {
    this.timer = undefined;
    if (this.closed) return;
    const url = `${baseUrlOf(this.connection.url).replace(/^http/, 'ws')}/api/websocket`;
    const ws = new (loadWebSocket())(url, {
      handshakeTimeout: this.connection.timeoutMs,
      maxPayload: 16 * 1024 * 1024,
    });
    this.ws = ws;
    this.authTimer = this.deps.clock.setTimeout(
      () => this.fail(ws, new DeviceError('TIMEOUT', 'Home Assistant WebSocket: no auth answer in time')),
      this.connection.timeoutMs,
    );
    ws.on('message', (data) => {
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(String(data)) as Record<string, unknown>;
      } catch {
        return this.fail(ws, new DeviceError('BAD_RESPONSE', 'Home Assistant WebSocket: not JSON'));
      }
      if (message.type === 'auth_required')
        ws.send(JSON.stringify({ type: 'auth', access_token: this.connection.token }));
      else if (message.type === 'auth_invalid')
        this.fail(
          ws,
          new DeviceError('AUTH', 'Home Assistant WebSocket: token rejected (auth_invalid)', false),
        );
      else if (message.type === 'auth_ok') this.onOpen(ws);
      else if (message.type === 'pong') this.awaitingPong = false;
      else if (this.authenticated) this.onMessage(message);
    });
    ws.on('error', (error) => this.fail(ws, this.typed(error)));
    ws.on('close', () => this.fail(ws, new DeviceError('UNREACHABLE', 'Home Assistant WebSocket closed')));
  }

  private typed(error: Error): DeviceError {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (/: 40[13]$/.test(error.message))
      return new DeviceError('AUTH', `Home Assistant WebSocket: ${error.message}`, false);
    if (/timed out/i.test(error.message))
      return new DeviceError('TIMEOUT', 'Home Assistant WebSocket: no answer in time');
    return new DeviceError('UNREACHABLE', `Home Assistant WebSocket: ${code || error.message}`);
  }

  private onOpen(ws: WebSocket): void {
    this.authenticated = true;
    this.deps.clock.clearTimeout(this.authTimer);
    if (this.failures > 0)
      this.deps.logger.info({ after: this.failures }, 'Home Assistant WebSocket recovered');
    this.failures = 0;
    this.byId.clear();
    for (const sub of this.subs) this.send(sub);
    this.heartbeat(ws);
  }

  private send(sub: Subscription): void {
    const id = this.nextId++;
    this.byId.set(id, sub);
    sub.states.clear();
    this.ws?.send(JSON.stringify({ id, type: 'subscribe_entities', entity_ids: sub.entityIds }));
  }

  private onMessage(message: Record<string, unknown>): void {
    const sub = this.byId.get(Number(message.id));
    if (!sub) return;
    if (message.type === 'result') {
      if (message.success === true) {
        sub.settle?.resolve();
        sub.settle = undefined;
      } else {
        const detail = JSON.stringify(message.error ?? {}).slice(0, 120);
        sub.settle?.reject(
          new DeviceError('BAD_RESPONSE', `Home Assistant refused subscribe_entities: ${detail}`, false),
        );
        sub.settle = undefined;
      }
      return;
    }
    if (message.type !== 'event' || !message.event || typeof message.event !== 'object') return;
    const event = message.event as EntitiesEvent;
    for (const [id, c] of Object.entries(event.a ?? {})) this.deliver(sub, fromCompressed(id, c));
    for (const [id, diff] of Object.entries(event.c ?? {})) {
      const previous = sub.states.get(id);
      if (previous) this.deliver(sub, applyDiff(previous, diff));
    }
    for (const id of event.r ?? []) sub.states.delete(id);
  }

  private deliver(sub: Subscription, state: HaState): void {
    sub.states.set(state.entityId, state);
    sub.onState(state);
  }

  private heartbeat(ws: WebSocket): void {
    this.pingTimer = this.deps.clock.setTimeout(() => {
      if (ws !== this.ws) return;
      if (this.awaitingPong)
        return this.fail(ws, new DeviceError('TIMEOUT', 'Home Assistant WebSocket: no pong'));
      this.awaitingPong = true;
      ws.send(JSON.stringify({ id: this.nextId++, type: 'ping' }));
      this.heartbeat(ws);
    }, this.timing.pingEveryMs);
  }

  /** Drops the socket and schedules a reconnect; the first failure of a spell is logged. */
  private fail(ws: WebSocket, error: DeviceError): void {
    if (ws !== this.ws) return;
    this.ws = undefined;
    this.awaitingPong = false;
    this.authenticated = false;
    for (const t of [this.pingTimer, this.authTimer]) if (t !== undefined) this.deps.clock.clearTimeout(t);
    ws.removeAllListeners();
    ws.on('error', () => undefined);
    ws.terminate();
    if (this.closed) return;
    this.failures += 1;
    if (this.failures === 1)
      this.deps.logger.warn({ error: errorText(error) }, 'Home Assistant WebSocket down; retrying');
    for (const sub of this.subs) {
      sub.settle?.reject(error);
      sub.settle = undefined;
    }
    const delayMs =
      error.code === 'AUTH'
        ? this.timing.reconnectMaxMs
        : this.timing.reconnectMinMs * 2 ** (this.failures - 1);
    this.timer = this.deps.clock.setTimeout(
      () => this.connect(),
      Math.min(this.timing.reconnectMaxMs, delayMs),
    );
  }
}
