/** A config problem: the key path and what is wrong. */
export interface IdIssue {
  path: (string | number)[];
  message: string;
}

/** `miners[0].levels[1].id` for messages. */
function pathText(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${key}` : key),
    '',
  );
}

/** An issue at `list[i].field` for every entry whose key an earlier entry already has. */
function repeats(
  items: readonly unknown[] | undefined,
  listPath: (string | number)[],
  field: string,
  what: string,
): IdIssue[] {
  const first = new Map<string, number>();
  const issues: IdIssue[] = [];
  (items ?? []).forEach((item, i) => {
    const key = (item as Record<string, unknown> | null)?.[field];
    if (typeof key !== 'string') return;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, i);
    else
      issues.push({
        path: [...listPath, i, field],
        message: `duplicate ${what} "${key}" (also ${pathText([...listPath, earlier, field])})`,
      });
  });
  return issues;
}

/** What the checks read of a parsed config (a miner's own level list included, whatever its family). */
interface IdSections {
  miners: readonly { id: string; levels?: readonly { id: string }[] | undefined }[];
  zones: readonly { id: string }[];
  signals: readonly Record<string, unknown>[];
  forecasts: readonly Record<string, unknown>[];
  planner?: { zones: readonly { zone: string }[] } | undefined;
}

/**
 * Two forecasts of one kind: the forecast store keeps the newest per kind, so the second would replace
 * the first (two PV planes are not summed). Open-Meteo's `temperature` (default on) and `pv` fields.
 */
function repeatedForecasts(forecasts: readonly Record<string, unknown>[]): IdIssue[] {
  const kinds = [
    {
      field: 'temperature',
      kind: 'outdoor.tempC',
      has: (f: Record<string, unknown>) => f.temperature === true,
    },
    { field: 'pv', kind: 'pv.powerW', has: (f: Record<string, unknown>) => f.pv !== undefined },
    {
      field: 'irradiance',
      kind: 'solar.irradianceWPerM2',
      has: (f: Record<string, unknown>) => f.irradiance === true,
    },
  ];
  return kinds.flatMap(({ field, kind, has }) => {
    const first = forecasts.findIndex(has);
    return forecasts.flatMap((f, i) =>
      i > first && first >= 0 && has(f)
        ? [
            {
              path: ['forecasts', i, field],
              message: `duplicate forecast of ${kind} (also forecasts[${first}]): one forecast per kind, the newest would replace the other`,
            },
          ]
        : [],
    );
  });
}

/**
 * Ids that must be unique (issue 11: two levels with the same id passed `check`, then the decision
 * mixed them up): miners, each miner's levels (and none named `off`, the implicit stopped level),
 * zones, the planner's zone models, the sources of one signal and two forecasts of one kind.
 */
export function duplicateIdIssues(config: IdSections): IdIssue[] {
  const issues = [
    ...repeats(config.miners, ['miners'], 'id', 'miner id'),
    ...repeats(config.zones, ['zones'], 'id', 'zone id'),
    ...repeats(config.planner?.zones, ['planner', 'zones'], 'zone', 'thermal model for zone'),
    ...repeats(config.signals, ['signals'], 'signal', 'source for signal'),
    ...repeatedForecasts(config.forecasts),
  ];
  config.miners.forEach((miner, i) => {
    issues.push(...repeats(miner.levels, ['miners', i, 'levels'], 'id', 'level id'));
    (miner.levels ?? []).forEach((level, j) => {
      if (level.id === 'off')
        issues.push({
          path: ['miners', i, 'levels', j, 'id'],
          message: '"off" is the implicit stopped level; give running levels other ids',
        });
    });
  });
  return issues;
}
