import { envReference } from '../../adapters/probe-url.js';
import type { InitAnswers, InitTariff } from './init-answers.js';

/** A miner `hashheat init` found: its `miners:` entry as YAML lines (from `hashheat probe`) and where. */
export interface FoundMiner {
  url: string;
  /** The entry, e.g. `  - { id: avalon, type: avalon, host: 10.0.0.5, port: 4028 }`, then comment lines. */
  lines: string[];
}

const CASE_TEXT = {
  heater: 'miners heating a room',
  solar: 'miners soaking up solar surplus',
  both: 'miners heating a room on solar surplus and cheap power',
} as const;

function tariffLines(t: InitTariff): string[] {
  const market = [
    '    charges: 0 # EDIT: grid fees, levies and supplier margin per kWh before tax (about 0.16 in DE)',
    '    tax: 0 # EDIT: VAT as a fraction, e.g. 0.19',
  ];
  switch (t.type) {
    case 'fixed':
      return [
        '    type: fixed',
        `    perKWh: ${t.perKWh} # your price per kWh, all charges and taxes included`,
      ];
    case 'energy-charts':
      return [
        '    type: energy-charts # Fraunhofer ISE day-ahead prices, no key',
        `    zone: ${t.zone} # bidding zone`,
        ...market,
      ];
    case 'awattar':
      return ['    type: awattar # aWATTar day-ahead prices, no key', `    country: ${t.country}`, ...market];
    case 'entsoe':
      return [
        '    type: entsoe # ENTSO-E Transparency day-ahead prices',
        `    token: ${envReference('ENTSOE_TOKEN')} # security token from the ENTSO-E helpdesk, from the environment`,
        `    zone: ${t.zone} # bidding zone`,
        ...market,
      ];
    case 'tibber':
      return [
        '    type: tibber',
        `    token: ${envReference('TIBBER_TOKEN')} # developer.tibber.com, from the environment`,
      ];
  }
}

function signalLines(a: InitAnswers): string[] {
  const heat = a.case !== 'solar';
  const solar = a.case !== 'heater';
  const needs = [
    ...(heat ? ['the room temperature (zone.living.tempC)'] : []),
    ...(solar ? ['grid power, import positive (grid.powerW)'] : []),
  ];
  return [
    `# Readings hashheat needs: ${needs.join(' and ')}.`,
    '# Uncomment and adapt one source each (every type: config/example-inputs.yaml; Home Assistant',
    '# sources also need the homeassistant: block shown there).',
    'signals: []',
    ...(heat
      ? [
          '#  - type: homeassistant',
          '#    signal: zone.living.tempC',
          '#    entity: sensor.living_room_temperature',
        ]
      : []),
    ...(solar
      ? [
          '#  - type: mqtt # e.g. a Tasmota or Shelly meter; invert: true if it reports export positive',
          '#    signal: grid.powerW',
          '#    topic: tele/meter/SENSOR',
          '#    path: ENERGY.Power',
        ]
      : []),
  ];
}

function minerLines(a: InitAnswers, found: FoundMiner[]): string[] {
  if (found.length > 0)
    return [
      `miners: # found by probing ${found.map((m) => m.url).join(', ')}; \`hashheat probe <address>\` shows one again`,
      ...found.flatMap((m) => m.lines),
    ];
  return [
    'miners:',
    '  # No miner answered or none was given: this simulated one keeps the config valid. Replace it with',
    '  # yours (`hashheat probe <address>` prints its entry; families: config/example-miners-*.yaml).',
    '  - id: example',
    '    type: simulated',
    ...(a.case !== 'solar' ? ['    zone: living'] : []),
    '    levels: [{ id: low, powerW: 80, ths: 4.0 }, { id: high, powerW: 140, ths: 6.0 }]',
  ];
}

/** The commented config `hashheat init` writes for the answers and the miners it found. */
export function renderInitConfig(a: InitAnswers, found: FoundMiner[], writtenAt: Date): string {
  const heat = a.case !== 'solar';
  const solar = a.case !== 'heater';
  const lines = [
    `# hashheat config for ${CASE_TEXT[a.case]}, written by \`hashheat init\` on ${writtenAt.toISOString().slice(0, 10)}.`,
    '# Every key is explained in config/example.yaml (one example-*.yaml per topic). Next: `hashheat check`',
    '# tries every source and miner once; `hashheat run` starts the agent (in dry-run mode, see agent:).',
    '',
    'site:',
    `  timeZone: ${a.timeZone} # IANA zone for local-time rules (time-of-use tariffs, quiet hours, daily start caps)`,
    `  currency: ${a.currency} # every price and hashprice is in this currency`,
    ...(solar ? ['  reserveW: 0 # export (W) kept in reserve and never offered to the miners'] : []),
    '',
    'agent:',
    '  dryRun: true # decide and report, never command a miner: watch it for a day, then set false',
    '',
    'prices:',
    '  import: # what grid power costs you (more providers: config/example-tariffs.yaml)',
    ...tariffLines(a.tariff),
    ...(solar
      ? [
          '  export: # what exported power earns: surplus a miner uses costs this',
          '    type: fixed',
          `    perKWh: ${a.feedInPerKWh}`,
        ]
      : []),
    '',
    'revenue:',
    '  hashprice: # revenue per TH/s per day from difficulty, block reward, fees and BTC price (mempool.space, no key)',
    '    type: mempool',
    '  poolFee: 0.02 # your pool’s fee as a fraction',
    '',
    ...(heat
      ? [
          'zones: # the heated room; a miner’s heat is worth something only while the room wants heat',
          '  - id: living',
          '    name: Living room',
          '    targetC: 21 # heat is wanted below this temperature (°C)',
          '    maxC: 23 # never run a miner at or above this temperature (°C)',
          '    bandC: 0.5 # after a stop at maxC, resume only below maxC − bandC',
          '    heater: # what heats the room otherwise: decides what the miner’s heat is worth',
          '      type: heat-pump # heat-pump (import price / cop) | gas (perKWh / efficiency) | resistive | none',
          '      cop: 3',
          '',
        ]
      : []),
    ...signalLines(a),
    '',
    ...minerLines(a, found),
  ];
  return `${lines.join('\n')}\n`;
}
