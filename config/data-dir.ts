import { dirname, isAbsolute, resolve } from 'node:path';
import type { Config } from './schema.js';

/** Environment variable whose value replaces `agent.dataDir` (a container's volume, a service's state dir). */
export const DATA_DIR_ENV = 'HASHHEAT_DATA_DIR';

/**
 * The absolute data directory: `HASHHEAT_DATA_DIR` when set (relative to the working directory, as a shell
 * path is), else `agent.dataDir` relative to the config file's folder. Issue 11: it was relative to the
 * working directory, so `override --config /abs/file` from another folder wrote where the agent never looked.
 */
export function resolveDataDir(
  configured: string,
  configFile: string,
  env: Record<string, string | undefined>,
): string {
  const fromEnv = env[DATA_DIR_ENV];
  if (fromEnv) return resolve(fromEnv);
  return isAbsolute(configured) ? configured : resolve(dirname(resolve(configFile)), configured);
}

/** The config with `agent.dataDir` made absolute for the file it was read from; frozen like the loader's result. */
export function withResolvedDataDir(
  config: Config,
  configFile: string,
  env: Record<string, string | undefined>,
): Config {
  const dataDir = resolveDataDir(config.agent.dataDir, configFile, env);
  return Object.freeze({ ...config, agent: Object.freeze({ ...config.agent, dataDir }) });
}
