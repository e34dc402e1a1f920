import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { httpSchema } from '../../config/http.js';
import { type Agent, createAgent } from '../../src/agent/agent.js';
import { manualScheduler } from '../../src/agent/scheduler.js';
import { boundPort, listenAll } from '../../src/http/listen.js';
import { startHttpServer } from '../../src/http/server.js';
import { simulatedConfig, tempDataDir } from '../fakes/agent-config.js';
import { FakeClock } from '../fakes/clock.js';
import { captureLogger } from '../fakes/logger.js';

// Issue 16: listening without fastify. `localhost` gets every address it resolves to (fastify did
// that; a browser may try ::1 first), a port in use still fails start-up for run.ts to log.
describe('listenAll', () => {
  const open: Server[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });
  const create = () => {
    const server = createServer((_request, response) => response.end('hello'));
    open.push(server);
    return server;
  };

  it('localhost: one server per address it resolves to, on the first one’s port; an address that cannot bind is skipped', async () => {
    const asked: string[] = [];
    const servers = await listenAll(create, 'localhost', 0, async (host) => {
      asked.push(host);
      // 127.0.0.2 is loopback on Linux; 192.0.2.1 (TEST-NET) is on no interface here.
      return [{ address: '127.0.0.1' }, { address: '127.0.0.2' }, { address: '192.0.2.1' }];
    });
    expect(asked).toEqual(['localhost']);
    expect(servers).toHaveLength(2);
    const port = boundPort(servers[0]!, 0);
    expect(port).toBeGreaterThan(0);
    expect(servers.map((s) => boundPort(s, 0))).toEqual([port, port]);
    for (const host of ['127.0.0.1', '127.0.0.2'])
      expect(await (await fetch(`http://${host}:${port}/`)).text()).toBe('hello');
  });

  it('an address is used as given, without a lookup', async () => {
    const servers = await listenAll(create, '127.0.0.1', 0, () => {
      throw new Error('no lookup expected');
    });
    expect(servers).toHaveLength(1);
  });

  it('a port in use: startHttpServer rejects with EADDRINUSE (run.ts logs it and the agent runs on)', async () => {
    const [taken] = await listenAll(create, '127.0.0.1', 0);
    const clock = new FakeClock();
    const log = captureLogger();
    let agent: Agent | undefined;
    try {
      agent = await createAgent(simulatedConfig({ dataDir: tempDataDir() }), {
        clock,
        logger: log.logger,
        scheduler: manualScheduler,
      });
      const http = httpSchema.parse({ listen: `127.0.0.1:${boundPort(taken!, 0)}` });
      await expect(startHttpServer(agent, http, { clock, logger: log.logger })).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
      expect(log.messages()).not.toContain('web page and API listening');
    } finally {
      await agent?.stop({ applyOnExit: false });
    }
  });

  it('startHttpServer on localhost:0 answers on 127.0.0.1 and logs the bound port', async () => {
    const clock = new FakeClock();
    const log = captureLogger();
    const agent = await createAgent(simulatedConfig({ dataDir: tempDataDir() }), {
      clock,
      logger: log.logger,
      scheduler: manualScheduler,
    });
    const server = await startHttpServer(agent, httpSchema.parse({ listen: 'localhost:0' }), {
      clock,
      logger: log.logger,
    });
    try {
      expect((await fetch(`http://127.0.0.1:${server.port}/api/state`)).status).toBe(200);
      expect(log.entries).toContainEqual(
        expect.objectContaining({
          msg: 'web page and API listening',
          url: `http://localhost:${server.port}/`,
        }),
      );
    } finally {
      await server.close();
      await agent.stop({ applyOnExit: false });
    }
  });
});
