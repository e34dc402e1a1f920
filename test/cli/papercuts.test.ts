import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { minerPlugins } from '../../adapters/miners/registry.js';
import { systemClock } from '../../src/agent/clock.js';
import { probeCommand } from '../../src/cli/probe.js';
import { buildProgram, packageVersion, probeFamilies } from '../../src/cli/program.js';
import { testAdapterDeps } from '../fakes/adapter-deps.js';
import { cliArgs } from '../fakes/cli.js';

const ROOT = new URL('../../', import.meta.url);
const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A host that accepts TCP connections and never says a word (a wedged miner, a printer, a firewall). */
async function silentServer(): Promise<number> {
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

async function probe(target: string, timeoutMs: number) {
  let stdout = '';
  let stderr = '';
  const code = await probeCommand(
    target,
    { timeout: timeoutMs },
    {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      plugins: minerPlugins,
      // Families that wait on deps.clock time out in real time, as the probe's bound is measured.
      deps: testAdapterDeps({ clock: systemClock }).deps,
    },
  );
  return { code, stdout, stderr };
}

/** Help text of one subcommand, as `hashheat <name> --help` prints it. */
function helpOf(name: string): string {
  const command = buildProgram().commands.find((c) => c.name() === name);
  return command?.helpInformation({ error: false }) ?? '';
}

describe('CLI papercuts (issue 11)', () => {
  it('`hashheat schema | head` ends quietly with exit 0 when the reader goes away', async () => {
    // The schema is ~400 kB, far more than a pipe holds: the reader closing early means EPIPE.
    const child = spawn(process.execPath, cliArgs(['schema']), {
      cwd: ROOT.pathname,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 40_000);

  it('--version prints the version from package.json', async () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { version: string };
    let out = '';
    const program = buildProgram()
      .exitOverride()
      .configureOutput({ writeOut: (t) => (out += t) });
    await expect(program.parseAsync(['node', 'hashheat', '--version'])).rejects.toMatchObject({
      code: 'commander.version',
    });
    expect(out.trim()).toBe(pkg.version);
    expect(packageVersion()).toBe(pkg.version);
  });

  it('probe --help and the README name every family the probe supports (from the registry)', () => {
    const families = minerPlugins.filter((p) => p.probe).map((p) => p.type);
    expect(probeFamilies()).toEqual(families);
    expect(families.length).toBeGreaterThanOrEqual(10);
    const help = helpOf('probe').replace(/\s+/g, ' ');
    const readme = readFileSync(new URL('README.md', ROOT), 'utf8');
    const probeParagraph = readme.slice(readme.indexOf('Not sure what a device is?')).split('\n\n')[0]!;
    for (const family of families) {
      expect(help).toContain(family);
      expect(probeParagraph).toContain(`${family}://`);
    }
  });

  it('probe of an xmrig URL without a port says to add the port, not a raw zod array', async () => {
    const { code, stderr } = await probe('xmrig://:secret@127.0.0.1', 300);
    expect(code).toBe(1);
    expect(stderr).toContain('xmrig: UNSUPPORTED: XMRig has no default HTTP port: add its http.port');
    expect(stderr).not.toMatch(/"code"|\[\s*\{/);
  });

  it('probe of a host that accepts and never answers tries every family at once, within one bound', async () => {
    const port = await silentServer();
    const timeoutMs = 250;
    const families = probeFamilies().length;
    const started = performance.now();
    const { code, stderr } = await probe(`127.0.0.1:${port}`, timeoutMs);
    const tookMs = performance.now() - started;
    expect(code).toBe(1);
    expect(stderr).toContain(`no miner answered at 127.0.0.1:${port}`);
    // One after another, each family waits at least one call timeout: ≥ families × timeout.
    expect(families * timeoutMs).toBeGreaterThanOrEqual(2500);
    // At once: the whole probe is bounded by 4 × the call timeout (plus scheduling on a busy machine).
    expect(tookMs).toBeLessThan(4 * timeoutMs + 700);
  });
});
