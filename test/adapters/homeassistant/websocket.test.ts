import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HaState } from '../../../adapters/homeassistant/entity-state.js';
import { baseUrlOf } from '../../../adapters/homeassistant/rest.js';
import { HaSocket } from '../../../adapters/homeassistant/websocket.js';
import { systemClock } from '../../../src/agent/clock.js';
import { type HaEmulator, startHaEmulator } from '../../emulators/homeassistant.js';
import { captureLogger } from '../../fakes/logger.js';
import { waitFor } from '../../fakes/mqtt-test-bus.js';

describe('HaSocket', () => {
  let ha: HaEmulator;
  beforeAll(async () => {
    ha = await startHaEmulator();
    ha.setState('sensor.a', '1');
    ha.setState('sensor.b', '2');
  });
  afterAll(async () => ha.close());

  function open(timing = {}) {
    const log = captureLogger();
    const socket = new HaSocket(
      { url: ha.url, token: ha.token, timeoutMs: 300 },
      { clock: systemClock, logger: log.logger },
      {
        reconnectMinMs: 50,
        reconnectMaxMs: 200,
        ...timing,
      },
    );
    return { socket, log };
  }

  it('serves several filtered subscriptions over one connection', async () => {
    const { socket } = open();
    const a: HaState[] = [];
    const b: HaState[] = [];
    await socket.subscribeEntities(['sensor.a'], (s) => a.push(s)).ready;
    await socket.subscribeEntities(['sensor.b'], (s) => b.push(s)).ready;
    await waitFor(() => a.length === 1 && b.length === 1);
    ha.setState('sensor.b', '3');
    await waitFor(() => b.length === 2);
    expect(a.map((s) => s.state)).toEqual(['1']);
    expect(b.map((s) => s.state)).toEqual(['2', '3']);
    expect(ha.sockets()).toBe(1);
    await socket.close();
  });

  it('drops a connection that stops answering pings and resubscribes on a new one', async () => {
    const { socket, log } = open({ pingEveryMs: 100 });
    const seen: string[] = [];
    await socket.subscribeEntities(['sensor.a'], (s) => seen.push(s.state)).ready;
    ha.answerPings(false);
    await log.until(() => log.messages().includes('Home Assistant WebSocket down; retrying'), 2000);
    expect(log.entries.find((e) => e.msg.endsWith('retrying'))?.error).toBe(
      'TIMEOUT: Home Assistant WebSocket: no pong',
    );
    ha.answerPings(true);
    await log.until(() => log.messages().includes('Home Assistant WebSocket recovered'), 2000);
    await waitFor(() => seen.length >= 2); // the fresh snapshot after the reconnect
    ha.setState('sensor.a', '5');
    await waitFor(() => seen.at(-1) === '5');
    await socket.close();
  });

  it('sends the token only in the auth message and never logs it', async () => {
    const { socket, log } = open();
    const bad = new HaSocket(
      { url: ha.url, token: 'secret-token-123', timeoutMs: 300 },
      { clock: systemClock, logger: log.logger },
      { reconnectMinMs: 50, reconnectMaxMs: 100 },
    );
    await expect(bad.subscribeEntities(['sensor.a'], () => undefined).ready).rejects.toMatchObject({
      code: 'AUTH',
    });
    await bad.close();
    await socket.close();
    expect(JSON.stringify(log.entries)).not.toContain('secret-token-123');
  });
});

describe('HA emulator: subscribe_events', () => {
  it('pushes state_changed with old and new state objects after the auth handshake', async () => {
    const ha = await startHaEmulator();
    ha.setState('sensor.grid', '100', { unit_of_measurement: 'W' });
    const ws = new WebSocket(`${ha.url.replace('http', 'ws')}/api/websocket`);
    const messages: Record<string, unknown>[] = [];
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      messages.push(message);
      if (message.type === 'auth_required') ws.send(JSON.stringify({ type: 'auth', access_token: ha.token }));
      if (message.type === 'auth_ok')
        ws.send(JSON.stringify({ id: 1, type: 'subscribe_events', event_type: 'state_changed' }));
      if (message.type === 'result') ha.setState('sensor.grid', '250');
    });
    await waitFor(() => messages.some((m) => m.type === 'event'));
    expect(messages.map((m) => m.type)).toEqual(['auth_required', 'auth_ok', 'result', 'event']);
    const event = messages[3]!.event as {
      event_type: string;
      data: Record<string, { state: string } | string>;
    };
    expect(event.event_type).toBe('state_changed');
    expect(event.data.entity_id).toBe('sensor.grid');
    expect((event.data.old_state as { state: string }).state).toBe('100');
    expect((event.data.new_state as { state: string }).state).toBe('250');
    ws.terminate();
    await ha.close();
  });
});

describe('baseUrlOf', () => {
  it('accepts the instance URL with a trailing slash or the API URL', () => {
    expect(baseUrlOf('http://ha.local:8123/')).toBe('http://ha.local:8123');
    expect(baseUrlOf('https://ha.example.org/api/')).toBe('https://ha.example.org');
    expect(baseUrlOf('http://10.0.0.2:8123')).toBe('http://10.0.0.2:8123');
  });
});
