import { loadConfig } from '../../config/loader.js';
import type { Config } from '../../config/schema.js';
import { ConfigError } from '../errors.js';

/** Exit code for an invalid config. */
export const EXIT_CONFIG = 2;

/** Loads the config or prints every problem and exits with code 2, before anything connects. */
export function loadConfigOrExit(file: string): Config {
  try {
    return loadConfig(file);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`hashheat: ${file}: ${error.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
}
