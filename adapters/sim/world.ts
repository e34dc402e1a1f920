/** Shared state of the simulated world: which simulated miner heats which zone with how many watts. */
export interface SimWorld {
  setMinerPower(minerId: string, zoneId: string | undefined, powerW: number): void;
  /** Total heat the simulated miners put into a zone now (W). */
  heatIntoZoneW(zoneId: string): number;
}

/** A fresh, empty simulated world. */
export function createSimWorld(): SimWorld {
  const miners = new Map<string, { zoneId: string | undefined; powerW: number }>();
  return {
    setMinerPower(minerId, zoneId, powerW) {
      miners.set(minerId, { zoneId, powerW });
    },
    heatIntoZoneW(zoneId) {
      let total = 0;
      for (const m of miners.values()) if (m.zoneId === zoneId) total += m.powerW;
      return total;
    },
  };
}
