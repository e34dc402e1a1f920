/**
 * The agent's resident memory as a user runs it (issue 16: "agent under 64 MiB"): the built CLI
 * (`node dist/src/cli/main.js run`) on a copy of config/demo.yaml (two simulated miners, the web
 * page and the history store on), stdout piped, for 60 s (15 s with `--quick`). Reports the
 * resident set at the end and its peak, read from /proc (Linux).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quick, reportRow } from './target.js';

function procKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`));
    return line ? Number(line.split(/\s+/)[1]) : undefined;
  } catch {
    return undefined;
  }
}

const seconds = quick ? 15 : 60;

/** Runs the built CLI on a copy of the demo with its own port and data directory; its RSS after `seconds`. */
async function run(
  nodeOptions: string[],
  port: number,
): Promise<{ rssKiB: number; peakKiB: number; lines: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'hashheat-rss-'));
  const config = join(dir, 'demo.yaml');
  copyFileSync('config/demo.yaml', config);
  // Its own port, so a demo already running on 8235 does not get in the way.
  writeFileSync(
    config,
    readFileSync(config, 'utf8').replace('listen: 127.0.0.1:8235', `listen: 127.0.0.1:${port}`),
  );
  const child = spawn(process.execPath, [...nodeOptions, 'dist/src/cli/main.js', 'run', '--config', config], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HASHHEAT_DATA_DIR: join(dir, 'data') },
  });
  let lines = 0;
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => {
    lines += chunk.toString('utf8').split('\n').length - 1;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    lines += text.split('\n').length - 1; // the log goes to stderr
    errors = (errors + text).slice(-4000);
  });
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const rssKiB = procKiB(child.pid!, 'VmRSS');
  const peakKiB = procKiB(child.pid!, 'VmHWM');
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  if (rssKiB === undefined || peakKiB === undefined) {
    process.stderr.write(`the agent did not stay up (or /proc is missing):\n${errors}\n`);
    process.exit(1);
  }
  return { rssKiB, peakKiB, lines };
}

const plain = await run([], 18235);
const tuned = await run(['--max-semi-space-size=2'], 18236);
process.stdout.write(
  `agent: built CLI on config/demo.yaml (web page and history on), ${seconds} s, output piped (${plain.lines} log lines):\n`,
);
reportRow({
  what: `resident memory after ${seconds} s`,
  measured: plain.rssKiB / 1024,
  target: 64,
  unit: 'MiB',
});
reportRow({ what: 'peak resident memory', measured: plain.peakKiB / 1024, unit: 'MiB' });
reportRow({
  what: `with NODE_OPTIONS=--max-semi-space-size=2 (a smaller young generation), after ${seconds} s`,
  measured: tuned.rssKiB / 1024,
  target: 64,
  unit: 'MiB',
});
