import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// This module runs from config/ (sources) or dist/config/ (the package); the YAML files are in config/.
const CANDIDATES = ['./', '../../config/'];

/**
 * A config file hashheat ships (`example.yaml`, `demo.yaml`) as a path a user can type from `cwd`:
 * `config/example.yaml` in a clone, the installed package's absolute path elsewhere (issue 11: the
 * missing-config hint named a relative path that a global install does not have).
 */
export function shippedConfigPath(name: string, cwd: string = process.cwd()): string {
  for (const dir of CANDIDATES) {
    const path = fileURLToPath(new URL(`${dir}${name}`, import.meta.url));
    if (!existsSync(path)) continue;
    const fromCwd = relative(cwd, path);
    return fromCwd.startsWith('..') ? path : fromCwd;
  }
  return join('config', name);
}
