/** What needs which connection section: MQTT-fed inputs and miners need `mqtt`, HA ones `homeassistant`. */
interface Configured {
  type: string;
  [key: string]: unknown;
}

/** One config problem, for the top-level schema's superRefine. */
export interface ConnectionIssue {
  path: (string | number)[];
  message: string;
}

function needs(item: Configured): 'mqtt' | 'homeassistant' | undefined {
  if (item.type === 'mqtt' || item.type === 'tasmota' || item.type === 'mqtt-switch') return 'mqtt';
  if (item.type === 'homeassistant') return item.mode === 'statestream' ? 'mqtt' : 'homeassistant';
  if (item.type === 'homeassistant-switch' || item.type === 'homeassistant-speed') return 'homeassistant';
  if (item.type === 'mqtt-number') return 'mqtt';
  return undefined;
}

/** Signals and miners whose connection section is missing, named by key path, before anything connects. */
export function connectionIssues(config: {
  signals: readonly Configured[];
  miners: readonly Configured[];
  followers?: readonly { plug?: Configured | undefined; target?: Configured | undefined }[];
  mqtt?: unknown;
  homeassistant?: unknown;
}): ConnectionIssue[] {
  const issues: ConnectionIssue[] = [];
  const check = (list: 'signals' | 'miners') =>
    config[list].forEach((item, i) => {
      const section = needs(item);
      if (section && config[section] === undefined)
        issues.push({
          path: [list, i, 'type'],
          message: `type "${item.type}"${item.mode === 'statestream' ? ' in statestream mode' : ''} needs the ${section} section`,
        });
    });
  check('signals');
  check('miners');
  config.miners.forEach((miner, i) => {
    const companion = miner.companion as { type?: string } | undefined;
    if (companion?.type === 'tasmota' && config.mqtt === undefined)
      issues.push({
        path: ['miners', i, 'companion', 'type'],
        message: 'a tasmota companion needs the mqtt section',
      });
  });
  (config.followers ?? []).forEach((follower, i) => {
    const [key, device] = follower.target ? ['target', follower.target] : ['plug', follower.plug];
    const section = device && needs(device);
    if (section && config[section] === undefined)
      issues.push({
        path: ['followers', i, key, 'type'],
        message: `a ${device.type} ${key} needs the ${section} section`,
      });
  });
  return issues;
}
