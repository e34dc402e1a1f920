import type { Command } from 'commander';
import { INIT_DEFAULT_OUT, initCommand } from './init.js';
import { TARIFF_FORMS } from './init-answers.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Registers `hashheat init` on the program. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .description(
      'write a commented starting config: asks a few questions (or takes flags), probes your miners',
    )
    .option('-o, --out <file>', 'where to write it', INIT_DEFAULT_OUT)
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
      process.exitCode = await initCommand(options, {
        stdin: process.stdin,
        stdout: process.stdout,
        stderr: process.stderr,
      });
    });
}
