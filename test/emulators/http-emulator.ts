import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { EmulatorHandle, Fault } from '../contract/miner-contract.js';

/** One request as the emulated device saw it, for wire-level assertions. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: unknown;
  /** The status the emulator answered with (unset while unanswered or on a reset). */
  status?: number;
  /** When the request arrived (`performance.now()`, ms), for latency benchmarks. */
  receivedAt: number;
}

/** What a route answers: a status and a body (objects are sent as JSON, strings as they are). */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A device's request handler; `remoteAddress` is the client's IP as the device sees it. */
export type Handler = (request: RecordedRequest, remoteAddress: string) => Reply | Promise<Reply>;

/** A running HTTP emulator on 127.0.0.1 with fault injection and a request log. */
export interface HttpEmulator extends EmulatorHandle {
  readonly port: number;
  readonly requests: RecordedRequest[];
}

/**
 * Starts an HTTP server on 127.0.0.1, port 0. Faults: `no-answer` keeps the connection open
 * without a reply, `slow` answers after `slowMs`, `garbage` sends a broken body with status 200,
 * `reset` destroys the socket, `auth` sends the family's own `authReply`.
 */
export async function startHttpEmulator(options: {
  handler: Handler;
  authReply: Reply;
  slowMs?: number;
}): Promise<HttpEmulator> {
  let fault: Fault = 'none';
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '/',
        headers: req.headers,
        body,
        receivedAt: performance.now(),
      };
      try {
        if (body) recorded.json = JSON.parse(body);
      } catch {}
      requests.push(recorded);
      const send = (reply: Reply) => {
        if (res.destroyed) return;
        recorded.status = reply.status;
        const text =
          typeof reply.body === 'string'
            ? reply.body
            : reply.body === undefined
              ? ''
              : JSON.stringify(reply.body);
        const type = typeof reply.body === 'string' ? 'text/plain' : 'application/json';
        res.writeHead(reply.status, { 'content-type': type, ...reply.headers });
        res.end(text);
      };
      const current = fault;
      if (current === 'no-answer') return;
      if (current === 'reset') return void req.socket.destroy();
      if (current === 'garbage')
        return send({
          status: 200,
          body: '<html>\u0000{"truncated',
          headers: { 'content-type': 'application/json' },
        });
      if (current === 'auth') return send(options.authReply);
      const reply = await options.handler(recorded, req.socket.remoteAddress ?? '');
      if (current !== 'slow') return send(reply);
      const timer = setTimeout(() => {
        timers.delete(timer);
        send(reply);
      }, options.slowMs ?? 2000);
      timers.add(timer);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: (server.address() as AddressInfo).port,
    requests,
    setFault(next) {
      fault = next;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
