import { createServer, type Socket } from 'node:net';
import type { Fault } from '../contract/miner-contract.js';

/** What a request handler does with one request: write bytes and close, or close silently. */
export type TcpAnswer = { bytes: Buffer } | { close: true };

/** A raw TCP emulator on 127.0.0.1: request framing and replies are the caller's. */
export interface TcpEmulator {
  readonly port: number;
  setFault(fault: Fault): void;
  close(): Promise<void>;
}

/** How to read requests off a socket and answer them. */
export interface TcpEmulatorOptions {
  /** Splits buffered bytes into one request; undefined = wait for more. */
  takeRequest(buffer: Buffer): { request: Buffer; rest: Buffer } | undefined;
  answer(request: Buffer): TcpAnswer;
  /** True while the device is down (e.g. rebooting): connections are reset at once. */
  down?(): boolean;
  /** Delay under the `slow` fault (ms). */
  slowMs?: number;
  /** Bytes sent under the `garbage` fault (random bytes by default). */
  garbage?(): Buffer;
  /** The answer under the `auth` fault. */
  authAnswer?(request: Buffer): TcpAnswer;
}

/**
 * Starts a one-request-per-connection TCP server on 127.0.0.1 (port 0) with the shared faults:
 * `no-answer` keeps the socket open silently, `slow` answers after `slowMs`, `garbage` sends junk,
 * `reset` destroys the socket, `auth` answers with the family's refusal.
 */
/**
 * `length` bytes of binary junk, the same every run and never a NUL: a leading NUL ends a cgminer reply
 * before it starts, which reads as "closed without a reply" rather than a broken reply (random bytes
 * did that once in 256 runs and made the garbage fault flaky).
 */
export function junkBytes(length: number): Buffer {
  return Buffer.from(Array.from({ length }, (_, i) => 1 + ((i * 37) % 255)));
}

export async function startTcpEmulator(options: TcpEmulatorOptions): Promise<TcpEmulator> {
  let fault: Fault = 'none';
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const send = (socket: Socket, answer: TcpAnswer) => {
    if (socket.destroyed) return;
    if ('close' in answer) socket.end();
    else socket.end(answer.bytes);
  };
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (options.down?.()) {
      socket.resetAndDestroy();
      return;
    }
    let buffer = Buffer.alloc(0);
    let answered = false;
    socket.on('data', (chunk: Buffer) => {
      if (answered) return;
      buffer = Buffer.concat([buffer, chunk]);
      const taken = options.takeRequest(buffer);
      if (!taken) return;
      answered = true;
      const current = fault;
      if (current === 'no-answer') return;
      if (current === 'reset') return void socket.resetAndDestroy();
      if (current === 'garbage')
        return send(socket, {
          bytes: options.garbage?.() ?? Buffer.concat([junkBytes(40), Buffer.from('<html>')]),
        });
      const answer =
        current === 'auth' && options.authAnswer
          ? options.authAnswer(taken.request)
          : options.answer(taken.request);
      if (current !== 'slow') return send(socket, answer);
      const timer = setTimeout(() => {
        timers.delete(timer);
        send(socket, answer);
      }, options.slowMs ?? 2000);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('emulator did not bind');
  return {
    port: address.port,
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
