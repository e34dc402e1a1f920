import type { IncomingMessage } from 'node:http';
import { HttpError } from './replies.js';

// A client that sends more than the limit may go on sending: close the connection after the 413
// rather than read the rest into nowhere on a kept-alive socket.
const CLOSE = { connection: 'close' };

/** Whether the request carries a body at all (a POST without one reads as `{}` in the routes). */
function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Whether a content-type header names JSON; parameters such as `charset=utf-8` are allowed. */
export function isJsonType(header: string | undefined): boolean {
  return header?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/**
 * The JSON body of a request, or undefined when it has none. Throws an HttpError the client can act
 * on: 415 for a body that is not JSON, 413 past `limitBytes`, 400 for text that does not parse.
 */
export async function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<unknown> {
  if (!hasBody(request)) return undefined;
  const type = request.headers['content-type'];
  if (!isJsonType(type))
    throw new HttpError(415, `unsupported content type ${type ?? '(none)'}: send application/json`);
  const tooLarge = () => new HttpError(413, `request body over ${limitBytes} bytes`, CLOSE);
  if (Number(request.headers['content-length']) > limitBytes) throw tooLarge();
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limitBytes) return void chunks.push(chunk);
      // Stop collecting; the rest is discarded as it arrives (no destroy: the 413 must still go out).
      request.off('data', onData);
      reject(tooLarge());
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });
  // A byte order mark is legal before JSON text from some clients; JSON.parse refuses it.
  const body = raw.toString('utf8').replace(/^\uFEFF/, '');
  if (body.trim() === '') return undefined;
  try {
    // `__proto__` keys are refused outright: nothing legitimate sends one, and a merge elsewhere
    // must never meet one.
    return JSON.parse(body, (key, value) => {
      if (key === '__proto__') throw new SyntaxError('"__proto__" is not allowed as a key');
      return value;
    });
  } catch (error) {
    throw new HttpError(400, `invalid JSON body: ${(error as Error).message}`);
  }
}
