import type { HistoryConfig } from '../../config/history.js';
import type { Config } from '../../config/schema.js';
import { errorText } from '../errors.js';
import type { AgentView, Deps } from '../ports.js';
import { HistoryRecorder } from './recorder.js';
import { HistoryStore } from './store.js';

/** The history a running agent keeps: its store (for the API) and how to stop it cleanly. */
export interface AttachedHistory {
  store: HistoryStore;
  stop(): void;
}

/**
 * Records every tick into `<dataDir>/history/` (store.ts). A write that fails (disk full) is logged once
 * until one succeeds again; control never waits for or stops on the history.
 */
export function attachHistory(
  agent: AgentView<Config>,
  config: HistoryConfig,
  deps: Pick<Deps, 'logger'>,
): AttachedHistory {
  const store = new HistoryStore(agent.config.agent.dataDir);
  let failing = false;
  const recorder = new HistoryRecorder((rows, keepFrom) => {
    try {
      store.write(rows, keepFrom);
      if (failing) deps.logger.info('history written again');
      failing = false;
    } catch (error) {
      if (!failing)
        deps.logger.warn({ error: errorText(error) }, 'cannot write the history; control goes on');
      failing = true;
    }
  }, config.retentionDays * 86_400_000);
  const unsubscribe = agent.onRecord((record) => recorder.add(record, agent.statuses()));
  return {
    store,
    stop() {
      unsubscribe();
      recorder.flush();
      store.close();
    },
  };
}
