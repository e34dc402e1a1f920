import { Writable } from 'node:stream';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createAgent } from '../../src/agent/agent.js';
import { manualScheduler } from '../../src/agent/scheduler.js';
import { createLogger, localClockTime } from '../../src/cli/logger.js';
import { spoolOverride } from '../../src/cli/override.js';
import { simulatedConfig, tempDataDir } from '../fakes/agent-config.js';
import { FakeClock } from '../fakes/clock.js';

/** A destination that keeps what the logger wrote, line by line. */
function sink(): { stream: Writable; lines: () => string[] } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, lines: () => text.split('\n').filter((l) => l.length > 0) };
}

/** Runs the agent once with a manual override, through the CLI's own logger at debug (so `command taken` is in it too), and returns what it wrote. */
async function agentLog(pretty: boolean): Promise<string[]> {
  const out = sink();
  const logger = createLogger('debug', {
    pretty,
    timeZone: 'Europe/Berlin',
    destination: out.stream,
    colorize: false,
  });
  const clock = new FakeClock();
  const config = simulatedConfig({ dataDir: tempDataDir() });
  const agent = await createAgent(config, { clock, logger, scheduler: manualScheduler });
  await agent.start();
  spoolOverride(config, { minerId: 'nano', level: 'low', for: '1h' }, clock.now());
  await agent.tick();
  await agent.stop({ applyOnExit: false });
  return out.lines();
}

describe('the agent log (issue 11: logs a person can read)', () => {
  it('piped: one JSON object a line, each with exactly one `level` (pino’s), the miner level as levelId', async () => {
    const lines = await agentLog(false);
    const override = lines.find((l) => l.includes('manual override low'));
    expect(override).toBeDefined();
    for (const line of lines) {
      expect(line.match(/"level":/g)).toHaveLength(1);
      expect(typeof JSON.parse(line).level).toBe('number');
    }
    expect(JSON.parse(override!)).toMatchObject({ level: 30, miner: 'nano', levelId: 'low' });
  });

  it('terminal: one line per event with INFO and the local clock time', async () => {
    const lines = await agentLog(true);
    const override = lines.find((l) => l.includes('manual override low'));
    // Until 12:00 UTC is 13:00 in Berlin: the sentence says the site's local time, once.
    expect(override).toMatch(
      /^\d\d:\d\d:\d\d INFO: nano: manual override low until 2025-01-15 13:00 \(cli\)$/,
    );
    expect(lines.join('\n')).not.toMatch(/USERLVL/);
    // Every event is a single line starting with a time and a label (no indented object lines).
    for (const line of lines) expect(line).toMatch(/^\d\d:\d\d:\d\d (INFO|WARN|ERROR|DEBUG):/);
  });

  it('pretty time is the site’s local time, not UTC', () => {
    const at = Date.UTC(2025, 0, 15, 11, 0, 0); // 12:00 in Berlin (CET)
    expect(localClockTime(at, 'Europe/Berlin')).toBe('12:00:00');
    expect(localClockTime(at, 'America/New_York')).toBe('06:00:00');
    expect(localClockTime(at)).toBe(DateTime.fromMillis(at).toFormat('HH:mm:ss'));
  });
});
