import type { ServerResponse } from 'node:http';

/** What a route answers: a status, headers and the body already serialised. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const JSON_TYPE = 'application/json; charset=utf-8';

/** A JSON reply (the type every API answer and every error has). */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

/** A reply of another type (the page, the metrics). */
export function text(body: string, contentType: string, headers: Record<string, string> = {}): Reply {
  return { status: 200, headers: { 'content-type': contentType, ...headers }, body };
}

/**
 * A request the client got wrong (bad URL, body too large, bad JSON, wrong type): thrown where it is
 * found and answered as `{ error }` with its status; the message is for the client, never a stack.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Write a reply with its length; for HEAD, node:http sends the headers and drops the body itself. */
export function writeReply(response: ServerResponse, reply: Reply): void {
  response.writeHead(reply.status, {
    ...reply.headers,
    'content-length': String(Buffer.byteLength(reply.body)),
  });
  response.end(reply.body);
}
