import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandsDir, drainCommands, hasCommands, writeCommand } from '../../src/agent/command-spool.js';
import { tempDataDir } from '../fakes/agent-config.js';

const ok = () => undefined;

describe('command spool', () => {
  it('writes atomically (no temp file left) and drains in the order commands were given', () => {
    const dataDir = tempDataDir();
    writeCommand(dataDir, { minerId: 'b', levelId: 'off', source: 'cli' }, 2000);
    writeCommand(dataDir, { minerId: 'a', levelId: 'low', until: 9000, source: 'cli' }, 1000);
    expect(readdirSync(commandsDir(dataDir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(hasCommands(dataDir)).toBe(true);
    const drained = drainCommands(dataDir, ok);
    expect(drained.commands).toEqual([
      { kind: 'override', minerId: 'a', levelId: 'low', until: 9000, source: 'cli', at: 1000 },
      { kind: 'override', minerId: 'b', levelId: 'off', source: 'cli', at: 2000 },
    ]);
    expect(drained.rejected).toEqual([]);
    expect(readdirSync(commandsDir(dataDir))).toEqual([]);
    expect(hasCommands(dataDir)).toBe(false);
  });

  it('sets aside broken files and commands the check refuses, and says why', () => {
    const dataDir = tempDataDir();
    writeCommand(dataDir, { minerId: 'ghost', levelId: 'off', source: 'cli' }, 1000);
    writeFileSync(join(commandsDir(dataDir), '000000000002000-1-x.json'), '{"kind":"override",');
    writeFileSync(join(commandsDir(dataDir), '000000000003000-1-y.json'), '{"kind":"reboot","at":3}');
    const drained = drainCommands(dataDir, (c) => (c.minerId === 'ghost' ? 'no miner "ghost"' : undefined));
    expect(drained.commands).toEqual([]);
    expect(drained.rejected.map((r) => r.why)).toEqual([
      'no miner "ghost"',
      expect.stringMatching(/JSON/),
      expect.stringMatching(/^not a command: /),
    ]);
    const left = readdirSync(commandsDir(dataDir)).sort();
    expect(left).toHaveLength(3);
    expect(left.every((n) => n.endsWith('.rejected'))).toBe(true);
    // Set-aside files are not read again.
    expect(drainCommands(dataDir, ok)).toEqual({ commands: [], rejected: [] });
  });

  it('an absent spool directory is simply empty', () => {
    const dataDir = tempDataDir();
    expect(existsSync(commandsDir(dataDir))).toBe(false);
    expect(drainCommands(dataDir, ok)).toEqual({ commands: [], rejected: [] });
    expect(hasCommands(dataDir)).toBe(false);
  });
});
