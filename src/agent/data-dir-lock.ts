import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The lock file in a data directory; it holds the running agent's pid. */
export const LOCK_FILE = 'agent.lock';

/** A held lock on a data directory. */
export interface DataDirLock {
  /** Absolute path of the lock file. */
  readonly path: string;
  /** Removes the lock file if it is still ours; safe to call more than once. */
  release(): void;
}

/** Another live agent holds the data directory. */
export class DataDirBusyError extends Error {
  override readonly name = 'DataDirBusyError';
  constructor(
    readonly holderPid: number,
    readonly lockPath: string,
    readonly dataDir: string,
  ) {
    super(
      `another agent (pid ${holderPid}) is already running on the data directory ${dataDir}. ` +
        'Stop it first, or give this one its own agent.dataDir (or HASHHEAT_DATA_DIR). ' +
        `If no agent is running, delete ${lockPath}.`,
    );
  }
}

/** Whether a process with this pid exists (EPERM: it does, under another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid in a lock file, or undefined when the file is gone or holds no pid. */
function holderOf(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Creates the lock file with our pid in one step (link of a complete temp file), or false if it exists. */
function tryCreate(path: string, pid: number): boolean {
  const tmp = `${path}.${pid}.tmp`;
  writeFileSync(tmp, `${pid}\n`);
  try {
    linkSync(tmp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(tmp);
  }
}

/**
 * Takes `<dataDir>/agent.lock` so one data directory has one agent (issue 11: two agents on one state
 * file overwrite each other's switch times and overrides). A lock whose pid is dead — or is our own
 * pid, as after a container restart where the agent is pid 1 again — is stale and taken over.
 * Throws DataDirBusyError when a live process holds it.
 */
export function acquireDataDirLock(dataDir: string, pid: number = process.pid): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(path, pid)) {
      return {
        path,
        release() {
          if (holderOf(path) !== pid) return;
          try {
            unlinkSync(path);
          } catch {
            // already gone
          }
        },
      };
    }
    const holder = holderOf(path);
    if (holder !== undefined && holder !== pid && isAlive(holder))
      throw new DataDirBusyError(holder, path, dataDir);
    // Stale: its agent died without removing it. Remove it and try once more.
    try {
      unlinkSync(path);
    } catch {
      // someone else removed it first
    }
  }
  const holder = holderOf(path);
  throw new DataDirBusyError(holder ?? 0, path, dataDir);
}
