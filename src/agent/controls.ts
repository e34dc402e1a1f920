import type { AgentControls } from '../ports.js';
import type { MinerSupervisor } from './miner-supervisor.js';
import type { LiveState } from './tick.js';

/**
 * The controls Home Assistant and the CLI use: each changes the state, then `persist` writes it
 * and asks for a tick so the change takes effect at once.
 */
export function agentControls(
  live: LiveState,
  miners: ReadonlyMap<string, MinerSupervisor>,
  persist: () => void,
): AgentControls {
  return {
    setOverride(minerId, override) {
      const overrides = { ...live.state.overrides };
      if (override) overrides[minerId] = override;
      else delete overrides[minerId];
      live.state = { ...live.state, overrides };
      miners.get(minerId)?.resetBackoff();
      persist();
    },
    setEnabled(enabled) {
      live.state = { ...live.state, enabled };
      persist();
    },
    setDryRun(dryRun) {
      live.state = { ...live.state, dryRun };
      persist();
    },
    setZoneTarget(zoneId, targetC) {
      const zoneTargetsC = { ...live.state.zoneTargetsC };
      if (targetC === undefined) delete zoneTargetsC[zoneId];
      else zoneTargetsC[zoneId] = targetC;
      live.state = { ...live.state, zoneTargetsC };
      persist();
    },
  };
}
