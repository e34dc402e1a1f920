import type { Deps } from '../../src/ports.js';
import type { HaState } from './entity-state.js';
import { createHaRest, type HaConnection, type HaRest } from './rest.js';
import { HaSocket, type HaSocketTiming } from './websocket.js';

/** The agent's one link to Home Assistant, shared by HA sources and HA-switched miners. */
export interface HomeAssistantClient extends HaRest {
  /** Push updates of these entities over the shared WebSocket (opened on first use). */
  subscribeEntities(
    entityIds: string[],
    onState: (state: HaState) => void,
  ): { ready: Promise<void>; unsubscribe(): void };
  close(): Promise<void>;
}

/** Creates the client; nothing connects until the first call. */
export function createHomeAssistantClient(
  connection: HaConnection,
  deps: Deps,
  timing: Partial<HaSocketTiming> = {},
): HomeAssistantClient {
  const rest = createHaRest(connection);
  const logger = deps.logger.child({ homeassistant: connection.url });
  let socket: HaSocket | undefined;
  return {
    getState: (entityId) => rest.getState(entityId),
    getCalendarEvents: (entityId, range) => rest.getCalendarEvents(entityId, range),
    callService: (domain, service, data) => rest.callService(domain, service, data),
    subscribeEntities(entityIds, onState) {
      socket ??= new HaSocket(connection, { ...deps, logger }, timing);
      return socket.subscribeEntities(entityIds, onState);
    },
    async close() {
      await socket?.close();
    },
  };
}
