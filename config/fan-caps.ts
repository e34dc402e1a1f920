import { minerPlugins } from '../adapters/miners/registry.js';
import type { MinerBaseConfig } from './common.js';

/** Fan caps in quiet hours of a miner whose family cannot set its fans, by key path within the miner. */
export function fanCapIssues(
  miner: MinerBaseConfig & { type: string } & Record<string, unknown>,
): { path: (string | number)[]; message: string }[] {
  if (minerPlugins.find((p) => p.type === miner.type)?.fanControl) return [];
  const families = minerPlugins
    .filter((p) => p.fanControl)
    .map((p) => p.type)
    .join(', ');
  const message = `type "${miner.type}" exposes no fan control (fan caps: ${families})`;
  const capped = (windows: unknown, path: (string | number)[]) =>
    (Array.isArray(windows) ? windows : []).flatMap((w: { fanCapPercent?: number }, j) =>
      w.fanCapPercent === undefined ? [] : [{ path: [...path, j, 'fanCapPercent'], message }],
    );
  const policies = (miner.policies ?? []) as ({ type: string } & Record<string, unknown>)[];
  return [
    ...capped(miner.quietHours, ['quietHours']),
    ...policies.flatMap((p, k) =>
      p.type === 'quiet-hours' ? capped(p.windows, ['policies', k, 'windows']) : [],
    ),
  ];
}
