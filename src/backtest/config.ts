import { dirname, resolve } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { type BacktestSection, backtestSectionSchema } from '../../config/backtest.js';
import { parseConfig, readConfigText, yamlIssues } from '../../config/loader.js';
import type { Config } from '../../config/schema.js';
import { ConfigError } from '../errors.js';

export type { BacktestSection } from '../../config/backtest.js';

/** A loaded backtest config: the agent config, the backtest section, and the data directory (absolute). */
export interface BacktestConfig {
  config: Config;
  backtest: BacktestSection;
  dataDir: string;
}

/** Parses a backtest YAML text; `baseDir` anchors the relative `dataDir`. Throws a ConfigError listing problems. */
export function parseBacktestConfig(text: string, baseDir: string): BacktestConfig {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) throw new ConfigError(yamlIssues(doc.errors, text));
  const raw = (doc.toJS() ?? {}) as Record<string, unknown>;
  const { backtest: section, ...rest } = raw;
  const parsed = backtestSectionSchema.safeParse(section);
  if (!parsed.success)
    throw new ConfigError(
      parsed.error.issues.map((i) => `backtest.${i.path.map(String).join('.')}: ${i.message}`),
    );
  // Prices and revenue come from the data; the agent config needs placeholders for them. A `prices:`
  // section may still carry what the data do not: the capacity tariff (`prices.capacity`).
  const prices = (rest.prices ?? {}) as Record<string, unknown>;
  const agent = {
    revenue: { hashprice: { type: 'static', perThsDay: 0 } },
    ...rest,
    prices: { import: { type: 'fixed', perKWh: 0 }, ...prices },
  };
  const config = parseConfig(stringify(agent), {});
  const backtest = parsed.data;
  const zone = config.zones.find((z) => z.id === backtest.house.zone);
  if (!zone) throw new ConfigError([`backtest.house.zone: no zone "${backtest.house.zone}" in zones`]);
  // A tank zone's thermal model is its tank section.
  if (zone.kind !== 'tank' && !config.planner?.zones.some((z) => z.zone === backtest.house.zone))
    throw new ConfigError([
      `planner.zones: the house zone "${backtest.house.zone}" needs a thermal model here`,
    ]);
  return { config, backtest, dataDir: resolve(baseDir, backtest.dataDir) };
}

/** Reads and parses a backtest config file. */
export function loadBacktestConfig(file: string): BacktestConfig {
  return parseBacktestConfig(readConfigText(file), dirname(resolve(file)));
}
