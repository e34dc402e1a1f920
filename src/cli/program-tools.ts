import type { Command } from 'commander';
import { DEFAULT_BASE_URLS } from '../backtest/fetch/base-urls.js';
import type { DataFetchOptions } from './data.js';
import { DEFAULT_CONFIG } from './defaults.js';
import type { HouseFitOptions } from './house.js';
import { TARIFF_FORMS } from './init-answers.js';

// The commands that set hashheat up (init, data, house). Like program.ts, each action imports its
// command's module when it runs.

const collect = (value: string, previous: string[] = []) => [...previous, value];

const io = () => ({ stdout: process.stdout, stderr: process.stderr });

/** Registers `hashheat init` on the program. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .description(
      'write a commented starting config: asks a few questions (or takes flags), probes your miners',
    )
    .option('-o, --out <file>', 'where to write it', DEFAULT_CONFIG)
    .option('--case <case>', 'heater (a miner heats a room), solar (it soaks up PV surplus) or both')
    .option('--tz <zone>', 'IANA time zone, e.g. Europe/Berlin (default: this machine’s)')
    .option('--currency <code>', 'ISO 4217 currency, e.g. EUR')
    .option('--tariff <tariff>', `import tariff: ${TARIFF_FORMS}`)
    .option('--feed-in <perKWh>', 'what exported solar power earns per kWh (solar, both)')
    .option(
      '--miner <url>',
      'a miner to probe and add (repeatable): family://host:port or host[:port]',
      collect,
    )
    .option('--timeout <ms>', 'timeout of each call to a miner while probing (ms)', '2000')
    .option('-y, --yes', 'ask nothing: flags, else defaults (for scripts)')
    .option('--force', 'overwrite an existing file')
    .action(async (options) => {
      const { initCommand } = await import('./init.js');
      process.exitCode = await initCommand(options, { stdin: process.stdin, ...io() });
    });
}

/** Registers `hashheat data fetch` on the program. */
export function registerData(program: Command): void {
  const data = program.command('data').description('backtest data: fetch another zone or year');
  data
    .command('fetch')
    .description(
      'download day-ahead prices (Energy-Charts), hourly weather (Open-Meteo archive) and hashprice (mempool.space) for a year',
    )
    .requiredOption('--zone <zone>', 'bidding zone as Energy-Charts names it: DE-LU, AT, FR, NL, DK1, SE3, …')
    .requiredOption('--year <year>', 'calendar year, e.g. 2024')
    .option('--lat <deg>', 'latitude for the weather (default: the zone’s largest city)')
    .option('--lon <deg>', 'longitude for the weather')
    .option('--dir <dir>', 'where to write (default ~/.cache/hashheat/backtest-data)')
    .option('--timeout <ms>', 'per-request timeout (ms)', '30000')
    .option('--energy-charts-url <url>', 'Energy-Charts API root (a mirror)', DEFAULT_BASE_URLS.energyCharts)
    .option('--open-meteo-url <url>', 'Open-Meteo archive API root', DEFAULT_BASE_URLS.openMeteoArchive)
    .option(
      '--mempool-url <url>',
      'mempool.space root (or your own mempool instance)',
      DEFAULT_BASE_URLS.mempool,
    )
    .action(async (options: DataFetchOptions) => {
      const { dataFetchCommand } = await import('./data.js');
      process.exitCode = await dataFetchCommand(options, io());
    });
}

/** `hashheat house …`: the house's thermal model. */
export function registerHouse(program: Command): void {
  const house = program.command('house').description('the house’s thermal model');
  house
    .command('fit')
    .description(
      'estimate heat loss (W/K), capacity and gains from a recorded room temperature, outdoor temperature and heater power history',
    )
    .requiredOption(
      '--csv <file>',
      'a CSV with a time column then one column per quantity, or a Home Assistant history export (entity_id,state,last_changed)',
    )
    .option('--room <name>', 'room temperature column or entity (°C)', 'room_c')
    .option('--outdoor <name>', 'outdoor temperature column or entity (°C)', 'outdoor_c')
    .option(
      '--power <names>',
      'heat into the room (W): heater/miner power columns or entities, comma-separated, summed',
      'heater_w',
    )
    .option('--step <minutes>', 'grid step the history is sampled on (min)', '15')
    .option('--tz <zone>', 'time zone of naive times in the file: IANA zone or offset (+01:00)', 'UTC')
    .option('--json', 'print the fit as JSON')
    .action(async (options: HouseFitOptions) => {
      const { houseFitCommand } = await import('./house.js');
      process.exitCode = houseFitCommand(options, io());
    });
}
