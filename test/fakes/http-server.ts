import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A canned reply. */
export interface FakeReply {
  status?: number;
  body?: string;
  contentType?: string;
}

/** One request the server saw. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Ways a reply can go wrong: status 500, an HTML error page, an empty body, cut-off content, no answer. */
export type Fault = 'http500' | 'html' | 'empty' | 'truncated' | 'timeout';

type Handler = (request: SeenRequest) => FakeReply;

/**
 * A small HTTP server on 127.0.0.1 (port 0) that serves canned replies or fixture files per path
 * (query ignored unless the handler looks at it), with switchable faults, for API adapter tests.
 */
export class FakeHttpServer {
  readonly requests: SeenRequest[] = [];
  private readonly routes = new Map<string, Handler>();
  private readonly faults = new Map<string, Fault>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** Starts a server on an ephemeral port. */
  static async start(): Promise<FakeHttpServer> {
    let instance: FakeHttpServer | undefined;
    const server = createServer((req, res) => void instance?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    instance = new FakeHttpServer(server, `http://127.0.0.1:${port}`);
    return instance;
  }

  /** Serves `reply` (or the handler's result) at `path`. */
  route(path: string, reply: FakeReply | Handler): this {
    this.routes.set(path, typeof reply === 'function' ? reply : () => reply);
    return this;
  }

  /** Serves a fixture file at `path`; JSON unless the file ends in .xml. */
  file(path: string, file: string): this {
    const body = readFileSync(file, 'utf8');
    const contentType = file.endsWith('.xml') ? 'application/xml' : 'application/json';
    return this.route(path, { body, contentType });
  }

  /** Makes `path` (or every path with `*`) fail; undefined clears it. */
  fault(path: string, fault: Fault | undefined): this {
    if (fault) this.faults.set(path, fault);
    else this.faults.delete(path);
    return this;
  }

  /** Requests seen at `path`. */
  seen(path: string): SeenRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.url);
    const seen: SeenRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    this.requests.push(seen);
    const fault = this.faults.get(url.pathname) ?? this.faults.get('*');
    if (fault === 'timeout') return; // hold the socket open until the client gives up
    const handler = this.routes.get(url.pathname);
    let reply: FakeReply = handler
      ? handler(seen)
      : { status: 404, body: 'not found', contentType: 'text/plain' };
    if (fault === 'http500') reply = { status: 500, body: '{"error":"internal"}' };
    if (fault === 'html')
      reply = {
        status: 200,
        body: '<!DOCTYPE html><html><body>Maintenance</body></html>',
        contentType: 'text/html',
      };
    if (fault === 'empty')
      reply = { status: 200, body: '', contentType: reply.contentType ?? 'application/json' };
    if (fault === 'truncated')
      reply = { ...reply, body: (reply.body ?? '').slice(0, Math.floor((reply.body ?? '').length / 2)) };
    res.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'application/json' });
    res.end(reply.body ?? '');
  }
}
