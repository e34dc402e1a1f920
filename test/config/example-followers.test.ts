import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/loader.js';
import { configIssues } from '../fakes/config-issues.js';

const FILE = 'config/example-followers.yaml';
const env = { HA_TOKEN: 'from-env' };
const text = readFileSync(FILE, 'utf8');

const issues = (yaml: string) => configIssues(yaml, env);

describe('config/example-followers.yaml', () => {
  it('parses zones, switch and speed targets with their defaults', () => {
    const config = loadConfig(FILE, env);
    const [blower, pump, exhaust, loop] = config.followers;
    expect(blower).toMatchObject({
      zones: ['garage'],
      miners: [],
      target: { type: 'mqtt-switch', payloadOn: 'ON' },
    });
    expect(pump).toMatchObject({
      target: { type: 'homeassistant-switch', entity: 'switch.shed_pump', timeoutMs: 3000 },
    });
    expect(exhaust?.speed).toEqual({
      from: 'chip',
      curve: [
        [45, 25],
        [65, 60],
        [80, 100],
      ],
      hysteresisK: 2,
      maxAgeSeconds: 600,
    });
    expect(loop).toMatchObject({
      speed: { from: 'zone.garage.tempC' },
      target: { fullScale: 255, retain: false },
    });
  });

  it('names the key of each mistake', () => {
    expect(issues(text.replace('zones: [garage] # the zones', 'zones: [garrage] # the zones'))).toEqual([
      'followers[0].zones[0]: no zone "garrage" in zones',
    ]);
    expect(issues(text.replace('type: homeassistant-speed', 'type: homeassistant-switch'))).toContain(
      'followers[2].target.type: a speed follower needs a speed target (mqtt-number, homeassistant-speed), not "homeassistant-switch"',
    );
    expect(issues(text.replace('[[25, 30], [40, 100]]', '[[40, 30], [25, 100]]'))).toEqual([
      'followers[3].speed.curve: points as [tempC, percent] with temperatures rising and percents not falling',
    ]);
    expect(issues(text.replace('from: zone.garage.tempC', 'from: water'))).toEqual([
      expect.stringMatching(/^followers\[3\]\.speed\.from: /),
    ]);
    expect(issues(text.replace(/\nhomeassistant:\n.*\n.*\n/, '\n'))).toEqual([
      'followers[1].target.type: a homeassistant-switch target needs the homeassistant section',
      'followers[2].target.type: a homeassistant-speed target needs the homeassistant section',
    ]);
    expect(
      issues(
        text
          .replace('    zones: [garage]\n    target: {', '    target: {')
          .replace('miners: [shed-s9] # the miners it follows (ids above)', 'miners: []'),
      ),
    ).toEqual(['followers[1].miners: follow at least one miner or zone']);
  });
});
