import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A package loaded on first use instead of at start: the MQTT client, the WebSocket client, the XML
 * parser and the metrics library each cost megabytes of resident memory, and most configs use few of
 * them. Only for packages that ship a CommonJS entry (all of those do).
 */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(id) as T;
    return loaded;
  };
}
