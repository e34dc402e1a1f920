import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aedes } from 'aedes';

/** Which broker implementation a test runs against. */
export type BrokerKind = 'aedes' | 'mosquitto';

/** A real MQTT broker on 127.0.0.1 that a test can stop and start again on the same port. */
export interface TestBroker {
  readonly kind: BrokerKind;
  readonly port: number;
  /** `mqtt://127.0.0.1:<port>`. */
  readonly url: string;
  /** Stops the broker (clients see the connection drop); sessions survive for the next `start`. */
  stop(): Promise<void>;
  /** Starts it again on the same port, with the sessions and retained messages it had. */
  start(): Promise<void>;
  /** Stops it for good and removes its files. */
  close(): Promise<void>;
}

function hasMosquitto(): boolean {
  try {
    execFileSync('mosquitto', ['-h'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // `mosquitto -h` prints usage and exits non-zero; only a missing binary is ENOENT.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** aedes always; mosquitto too when it is on PATH (installed here and in CI). */
export const brokerKinds: BrokerKind[] = hasMosquitto() ? ['aedes', 'mosquitto'] : ['aedes'];

/** Starts a broker of the given kind on a free port. */
export function startBroker(kind: BrokerKind): Promise<TestBroker> {
  return kind === 'aedes' ? startAedes() : startMosquitto();
}

/** aedes in-process on port 0; a restart reuses its persistence (sessions, retained messages). */
export async function startAedes(): Promise<TestBroker> {
  let broker: Aedes | undefined;
  let server: Server | undefined;
  // aedes keeps sessions and retained messages in its persistence; reusing it makes a restart keep them.
  let persistence: unknown;
  const sockets = new Set<Socket>();
  let port = 0;

  async function start(): Promise<void> {
    const current = await Aedes.createBroker(persistence ? { persistence } : {});
    persistence = (current as unknown as { persistence: unknown }).persistence;
    broker = current;
    server = createServer((socket) => {
      sockets.add(socket);
      // No Nagle delay: replies are not held back to share a segment, so tests see the message
      // orders a real network can produce (a late reply landing just after the next request).
      socket.setNoDelay(true);
      socket.on('close', () => sockets.delete(socket));
      current.handle(socket);
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address && typeof address === 'object') port = address.port;
  }

  async function stop(): Promise<void> {
    const [b, s] = [broker, server];
    broker = undefined;
    server = undefined;
    if (!b || !s) return;
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => b.close(() => resolve()));
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  await start();
  return {
    kind: 'aedes',
    get port() {
      return port;
    },
    get url() {
      return `mqtt://127.0.0.1:${port}`;
    },
    stop,
    start,
    close: stop,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = address && typeof address === 'object' ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`mosquitto did not open port ${port}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A mosquitto process on a free port with a generated config; persistence on, so sessions survive a restart. */
export async function startMosquitto(): Promise<TestBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'hashheat-mosquitto-'));
  // Started as root, mosquitto drops to the `mosquitto` user and must still write its database here.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const confPath = join(dir, 'mosquitto.conf');
  writeFileSync(
    confPath,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence true',
      `persistence_location ${dir}/`,
      'log_dest none',
      // No Nagle delay, as the aedes broker above: a reply is not held back to share a segment with
      // the next one (mosquitto's default waits ~40 ms for the peer's delayed ACK on each round trip).
      'set_tcp_nodelay true',
      '',
    ].join('\n'),
  );
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    const proc = spawn('mosquitto', ['-c', confPath], { stdio: 'ignore' });
    child = proc;
    proc.once('exit', () => {
      if (child === proc) child = undefined;
    });
    await waitForPort(port, 5000);
  }

  async function stop(): Promise<void> {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    await exited;
  }

  await start();
  return {
    kind: 'mosquitto',
    port,
    url: `mqtt://127.0.0.1:${port}`,
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
