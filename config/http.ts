import { z } from 'zod';

/** Hosts that only this machine can reach: no token needed there. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** `host:port` split; IPv6 in brackets (`[::1]:8235`). */
export function splitListen(listen: string): { host: string; port: number } {
  const at = listen.lastIndexOf(':');
  const host = listen.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  return { host, port: Number(listen.slice(at + 1)) };
}

/** The `http` section: the agent's web page, JSON API and Prometheus metrics (off unless configured). */
export const httpSchema = z
  .object({
    listen: z
      .string()
      .regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'host:port such as 127.0.0.1:8235')
      .default('127.0.0.1:8235')
      .describe(
        'where the page and API listen (port 0: any free port); anything but localhost needs a token',
      ),
    token: z
      .string()
      .min(16, 'at least 16 characters')
      .optional()
      .describe(
        'bearer token for the API and the page (put it in an environment variable); required off localhost',
      ),
    historyDecisions: z
      .number()
      .int()
      .positive()
      .default(500)
      .describe('tick records kept in memory for GET /api/decisions'),
    historyDecisionsMiB: z
      .number()
      .positive()
      .default(2)
      .describe(
        'and at most this much of their JSON (about 1.1 kB per miner and tick): fewer records for a large fleet',
      ),
  })
  .strict()
  .superRefine((http, ctx) => {
    const { host, port } = splitListen(http.listen);
    if (port < 0 || port > 65_535)
      ctx.addIssue({ code: 'custom', path: ['listen'], message: `port ${port} is out of range` });
    if (!isLoopbackHost(host) && http.token === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['token'],
        message: `listening on ${host} (not localhost) needs a token: anyone on the network could steer the miners`,
      });
  });

export type HttpConfig = z.infer<typeof httpSchema>;
