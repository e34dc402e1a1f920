import type { MinerBaseConfig } from './common.js';
import { connectionIssues } from './connection-issues.js';
import { fanCapIssues } from './fan-caps.js';
import { followerIssues } from './followers.js';
import { plannerIssues } from './planner.js';
import { unknownPolicyLevels } from './policies.js';
import { duplicateIdIssues } from './unique-ids.js';

/** One problem that spans sections of the config, by key path. */
export interface CrossIssue {
  path: (string | number)[];
  message: string;
}

type Miner = MinerBaseConfig & { type: string } & Record<string, unknown>;

/** What the checks below read of a config that passed each section's own schema. */
export type CrossChecked = Parameters<typeof plannerIssues>[0] &
  Parameters<typeof connectionIssues>[0] &
  Parameters<typeof duplicateIdIssues>[0] &
  Parameters<typeof followerIssues>[0] & {
    site: { maxPowerW?: number | undefined };
    fleet?: { heatDemandZone?: string | undefined } | undefined;
    mqtt?: unknown;
    miners: readonly Miner[];
    zones: readonly { id: string }[];
  };

/** A fleet shares the site's limit over MQTT, and caps by a zone that must exist. */
function fleetIssues(config: CrossChecked): CrossIssue[] {
  if (!config.fleet) return [];
  const issues: CrossIssue[] = [];
  if (config.site.maxPowerW === undefined)
    issues.push({
      path: ['fleet'],
      message: "a fleet shares the site's import limit: set site.maxPowerW (the same on every shard)",
    });
  if (!config.mqtt)
    issues.push({ path: ['fleet'], message: 'a fleet shares its offers over MQTT: add an mqtt section' });
  const heatZone = config.fleet.heatDemandZone;
  if (heatZone !== undefined && !config.zones.some((z) => z.id === heatZone))
    issues.push({
      path: ['fleet', 'heatDemandZone'],
      message: `no zone "${heatZone}": name a zone whose heat demand (zone.${heatZone}.heatDemandW) caps the site`,
    });
  return issues;
}

/** Each miner's fan cap, policy levels and zone, by key path. */
function minerIssues(miners: readonly Miner[], zones: readonly { id: string }[]): CrossIssue[] {
  const zoneIds = new Set(zones.map((z) => z.id));
  return miners.flatMap((miner, i) => {
    const within = (issue: CrossIssue): CrossIssue => ({ ...issue, path: ['miners', i, ...issue.path] });
    const issues = [...fanCapIssues(miner), ...unknownPolicyLevels(miner)].map(within);
    if (typeof miner.zone === 'string' && !zoneIds.has(miner.zone))
      issues.push({ path: ['miners', i, 'zone'], message: `no zone "${miner.zone}" in zones` });
    return issues;
  });
}

/**
 * Everything the sections' own schemas cannot see (the top-level schema's superRefine reports these):
 * the planner's zones, missing connection sections, repeated ids, the fleet's needs, followers' miners
 * and zones, and each miner's fan cap, policy levels and zone.
 */
export function crossSectionIssues(config: CrossChecked): CrossIssue[] {
  return [
    ...plannerIssues(config),
    ...connectionIssues(config),
    ...duplicateIdIssues(config),
    ...fleetIssues(config),
    ...followerIssues(config),
    ...minerIssues(config.miners, config.zones),
  ];
}
