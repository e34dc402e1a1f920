import { parse as parseQuery } from 'node:querystring';
import { HttpError } from './replies.js';

/** A route: method, path with `:name` segments, and its handler. */
export interface Route<H> {
  method: 'GET' | 'POST';
  path: string;
  handler: H;
}

/** The matched route, its decoded `:name` segments and the parsed query. */
export interface Match<H> {
  handler: H;
  params: Record<string, string>;
  query: Record<string, string | string[]>;
}

/** Each segment decoded on its own, so an id holding `%2F` stays one segment. */
function segmentsOf(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw new HttpError(400, `'${path}' is not a valid URL path`);
      }
    });
}

function paramsIf(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of pattern.entries()) {
    const segment = segments[i]!;
    if (part.startsWith(':')) {
      if (segment === '') return undefined;
      params[part.slice(1)] = segment;
    } else if (part !== segment) return undefined;
  }
  return params;
}

/**
 * The route for a request line, or undefined (a 404, also for a known path with another method, as
 * the API always answered). HEAD runs the GET route: node:http sends its headers without the body.
 * Repeated query keys become arrays (`?a=1&a=2` → `['1', '2']`), and the schemas see exactly that.
 */
export function matchRoute<H>(
  routes: readonly Route<H>[],
  method: string,
  url: string,
): Match<H> | undefined {
  const mark = url.indexOf('?');
  const path = mark === -1 ? url : url.slice(0, mark);
  const wanted = method === 'HEAD' ? 'GET' : method;
  const segments = segmentsOf(path);
  for (const route of routes) {
    if (route.method !== wanted) continue;
    const params = paramsIf(route.path.split('/').slice(1), segments);
    if (params === undefined) continue;
    const query = mark === -1 ? {} : { ...parseQuery(url.slice(mark + 1)) };
    return { handler: route.handler, params, query: query as Record<string, string | string[]> };
  }
  return undefined;
}
