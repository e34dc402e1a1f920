import { lookup as dnsLookup } from 'node:dns/promises';
import type { Server } from 'node:http';

/** Every address a host name resolves to (dns.lookup with `all`, which reads /etc/hosts). */
export type LookupAll = (host: string) => Promise<{ address: string }[]>;

const lookupAll: LookupAll = (host) => dnsLookup(host, { all: true });

function listenOne(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** The port a listening server is bound to. */
export function boundPort(server: Server, fallback: number): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : fallback;
}

/**
 * Listen on `host:port`; the first server's failure (a port in use) rejects. `localhost` may name
 * both 127.0.0.1 and ::1, and a client may try either: like the server before (fastify), every
 * address it resolves to gets a server of its own on the same port, each best effort.
 */
export async function listenAll(
  create: () => Server,
  host: string,
  port: number,
  lookup: LookupAll = lookupAll,
): Promise<Server[]> {
  const main = create();
  await listenOne(main, host, port);
  if (host !== 'localhost') return [main];
  const primary = main.address();
  const taken = typeof primary === 'object' && primary ? primary.address : host;
  const others = await lookup(host).catch(() => []);
  const extra = await Promise.all(
    others
      .filter(({ address }) => address !== taken)
      .map(async ({ address }) => {
        const server = create();
        return listenOne(server, address, boundPort(main, port)).then(
          () => server,
          () => undefined,
        );
      }),
  );
  return [main, ...extra.filter((s): s is Server => s !== undefined)];
}
