/**
 * What evcc publishes for one loadpoint, as far as the surplus share needs it. Topic names from evcc's
 * core/keys/loadpoint.go (evcc-io/evcc at b29b49e3): connected, charging, enabled, mode, chargePower,
 * vehicleSoc, limitSoc / effectiveLimitSoc, maxCurrent / effectiveMaxCurrent, phasesActive.
 */
export interface EvccLoadpoint {
  connected?: boolean | undefined;
  charging?: boolean | undefined;
  enabled?: boolean | undefined;
  mode?: string | undefined;
  chargePowerW?: number | undefined;
  vehicleSocPct?: number | undefined;
  limitSocPct?: number | undefined;
  maxCurrentA?: number | undefined;
  /** The vehicle's and loadpoint's effective values win over the configured ones when present. */
  effectiveLimitSocPct?: number | undefined;
  effectiveMaxCurrentA?: number | undefined;
  phasesActive?: number | undefined;
}

/** evcc's nominal phase voltage (core/loadpoint.go `Voltage = 230`). */
export const EVCC_VOLTAGE_V = 230;

/**
 * Modes in which evcc charges from surplus (api/chargemodestatus.go: off, now, minpv, pv at b29b49e3;
 * the same four since the mode was introduced). `now` charges from the grid whatever happens and wants
 * no share of the surplus; an unknown (future) mode counts as wanting nothing, the side where the meter
 * still corrects a mistake.
 */
const SURPLUS_MODES = new Set(['pv', 'minpv']);

/**
 * The most the car would take from surplus now (W): a connected car in a surplus mode, below its limit
 * SoC, wants up to its max power (max current × active phases × 230 V); otherwise 0.
 */
export function evccWantsW(lp: EvccLoadpoint): number {
  if (!lp.connected || !SURPLUS_MODES.has(lp.mode ?? '')) return 0;
  const limitPct = lp.effectiveLimitSocPct ?? lp.limitSocPct;
  // A limit of 0 means none is set (evcc shows no limit then).
  if (
    lp.vehicleSocPct !== undefined &&
    limitPct !== undefined &&
    limitPct > 0 &&
    lp.vehicleSocPct >= limitPct
  )
    return 0;
  const phases = lp.phasesActive && lp.phasesActive > 0 ? lp.phasesActive : 3;
  return (lp.effectiveMaxCurrentA ?? lp.maxCurrentA ?? 16) * phases * EVCC_VOLTAGE_V;
}

/** Reads one evcc payload: booleans as "true"/"false", numbers as text, "" = the value was erased. */
export function evccValue(payload: string): string | number | boolean | undefined {
  const text = payload.trim();
  if (text === '') return undefined;
  if (text === 'true') return true;
  if (text === 'false') return false;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

/**
 * Applies one loadpoint topic (the part after `loadpoints/<n>/`) to the state; false when the topic
 * is not one the share needs. `effective*` values win over the configured ones when present.
 */
export function applyLoadpointTopic(lp: EvccLoadpoint, key: string, payload: string): boolean {
  const value = evccValue(payload);
  const num = typeof value === 'number' ? value : undefined;
  const bool = typeof value === 'boolean' ? value : undefined;
  switch (key) {
    case 'connected':
      lp.connected = bool;
      return true;
    case 'charging':
      lp.charging = bool;
      return true;
    case 'enabled':
      lp.enabled = bool;
      return true;
    case 'mode':
      lp.mode = typeof value === 'string' ? value.toLowerCase() : undefined;
      return true;
    case 'chargePower':
      lp.chargePowerW = num;
      return true;
    case 'vehicleSoc':
      lp.vehicleSocPct = num;
      return true;
    case 'limitSoc':
      lp.limitSocPct = num;
      return true;
    case 'effectiveLimitSoc':
      lp.effectiveLimitSocPct = num;
      return true;
    case 'maxCurrent':
      lp.maxCurrentA = num;
      return true;
    case 'effectiveMaxCurrent':
      lp.effectiveMaxCurrentA = num;
      return true;
    case 'phasesActive':
    // Before 2023-12 (evcc-io/evcc d63dec95, #10335) evcc published the active phases as activePhases.
    case 'activePhases':
      lp.phasesActive = num;
      return true;
    // Before #10335 the limit SoC was targetSoc.
    case 'targetSoc':
      lp.limitSocPct = lp.limitSocPct ?? num;
      return true;
    default:
      return false;
  }
}

/**
 * The site power a site topic carries, or undefined: grid power as `site/grid/power` (since evcc-io/evcc
 * 9dcb1fa0, #18063, 2025-01) or `site/gridPower` (before), PV power as `site/pvPower` (both).
 */
export function siteTopicSignal(key: string): 'grid.powerW' | 'pv.powerW' | undefined {
  if (key === 'grid/power' || key === 'gridPower') return 'grid.powerW';
  if (key === 'pvPower') return 'pv.powerW';
  return undefined;
}
