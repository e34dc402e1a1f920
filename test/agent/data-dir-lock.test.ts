import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirBusyError, LOCK_FILE } from '../../src/agent/data-dir-lock.js';
import { tempDataDir } from '../fakes/agent-config.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

/** A live process that is not this one (it idles until the test kills it). */
function liveOtherPid(): number {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  return child.pid!;
}

/** The pid of a process that has exited (a crashed agent's lock keeps such a pid). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('the data directory lock (issue 11: one agent per data directory)', () => {
  it('writes our pid into <dataDir>/agent.lock and removes it on release', () => {
    const dir = join(tempDataDir(), 'not-yet-created');
    const lock = acquireDataDirLock(dir);
    expect(lock.path).toBe(join(dir, LOCK_FILE));
    expect(readFileSync(lock.path, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
    lock.release();
  });

  it('refuses while a live process holds it, naming the pid, the directory and what to do', () => {
    const dir = tempDataDir();
    const holder = liveOtherPid();
    writeFileSync(join(dir, LOCK_FILE), `${holder}\n`);
    let error: unknown;
    try {
      acquireDataDirLock(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataDirBusyError);
    expect((error as Error).message).toBe(
      `another agent (pid ${holder}) is already running on the data directory ${dir}. ` +
        'Stop it first, or give this one its own agent.dataDir (or HASHHEAT_DATA_DIR). ' +
        `If no agent is running, delete ${join(dir, LOCK_FILE)}.`,
    );
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${holder}\n`);
  });

  it('refuses a second holder in another process: the pid in the file is what counts', () => {
    const dir = tempDataDir();
    const other = liveOtherPid();
    const first = acquireDataDirLock(dir, other);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirBusyError);
    first.release();
    acquireDataDirLock(dir).release();
  });

  it('recovers a stale lock whose pid is dead, an unreadable one, and one holding our own pid', () => {
    for (const content of [`${deadPid()}\n`, '', `${process.pid}\n`]) {
      const dir = tempDataDir();
      writeFileSync(join(dir, LOCK_FILE), content);
      const lock = acquireDataDirLock(dir);
      expect(readFileSync(lock.path, 'utf8')).toBe(`${process.pid}\n`);
      lock.release();
    }
  });

  it('release leaves a lock that another agent took over alone', () => {
    const dir = tempDataDir();
    const lock = acquireDataDirLock(dir);
    const other = liveOtherPid();
    writeFileSync(lock.path, `${other}\n`);
    lock.release();
    expect(readFileSync(lock.path, 'utf8')).toBe(`${other}\n`);
  });
});
