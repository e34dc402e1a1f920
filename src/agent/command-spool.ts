import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { OverrideRequest } from './overrides.js';

/** Sub-directory of the data directory that holds command files. */
export const COMMANDS_DIR = 'commands';

const commandSchema = z.object({
  kind: z.literal('override'),
  minerId: z.string(),
  levelId: z.string(),
  until: z.number().optional(),
  source: z.string().default('cli'),
  /** When the command was written (epoch ms). */
  at: z.number(),
});

/** One spooled command. */
export type SpooledCommand = z.infer<typeof commandSchema>;

/** The directory of command files under a data directory. */
export function commandsDir(dataDir: string): string {
  return join(dataDir, COMMANDS_DIR);
}

/**
 * Writes a command file atomically (a hidden temp file, then rename), so a reader never sees half
 * a command. Names sort by time, so commands apply in the order they were given. Returns the path.
 */
export function writeCommand(dataDir: string, request: OverrideRequest, at: number): string {
  const dir = commandsDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const name = `${String(at).padStart(15, '0')}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const tmp = join(dir, `.${name}.tmp`);
  const command: SpooledCommand = { kind: 'override', ...request, at };
  writeFileSync(tmp, `${JSON.stringify(command)}\n`);
  const path = join(dir, `${name}.json`);
  renameSync(tmp, path);
  return path;
}

/** What draining the spool found: valid commands in order, and files that were set aside. */
export interface Drained {
  commands: SpooledCommand[];
  rejected: { file: string; why: string }[];
}

/** Moves a command file aside as `<name>.rejected`, so nothing a user typed is lost. */
function setAside(dir: string, name: string): string {
  const rejected = `${name.slice(0, -'.json'.length)}.rejected`;
  try {
    renameSync(join(dir, name), join(dir, rejected));
  } catch {
    // Gone meanwhile: nothing left to keep.
  }
  return rejected;
}

/**
 * Reads and removes every command file, oldest first. A file that is not a valid command, or
 * that `check` finds a problem with, is renamed to `<name>.rejected` and reported (the caller logs it).
 */
export function drainCommands(
  dataDir: string,
  check: (command: SpooledCommand) => string | undefined,
): Drained {
  const dir = commandsDir(dataDir);
  const drained: Drained = { commands: [], rejected: [] };
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return drained;
  }
  for (const name of names.sort()) {
    const path = join(dir, name);
    let why: string | undefined;
    try {
      const command = commandSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
      why = check(command);
      if (!why) {
        unlinkSync(path);
        drained.commands.push(command);
        continue;
      }
    } catch (error) {
      why = error instanceof z.ZodError ? `not a command: ${error.issues[0]?.message}` : String(error);
    }
    drained.rejected.push({ file: setAside(dir, name), why });
  }
  return drained;
}

/** Whether command files are waiting. */
export function hasCommands(dataDir: string): boolean {
  try {
    return readdirSync(commandsDir(dataDir)).some((n) => n.endsWith('.json'));
  } catch {
    return false;
  }
}
