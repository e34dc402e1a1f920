import { Command } from 'commander';
import { minerPlugins } from '../../adapters/miners/registry.js';
import { BACKTEST_HEAP_FLAGS } from '../heap-flags.js';
import { packageVersion } from '../version.js';
import { DEFAULT_CONFIG } from './defaults.js';
import { registerData, registerHouse, registerInit } from './program-tools.js';

export { DEFAULT_CONFIG };

/** The families `hashheat probe` can detect, from the registry (so help, README and code agree). */
export function probeFamilies(): string[] {
  return minerPlugins.filter((p) => p.probe).map((p) => p.type);
}

export { packageVersion };

/**
 * Builds the `hashheat` command line. Subcommands from later features register here too. Each action
 * imports its command's module when it runs, so `hashheat run` never loads the backtest, the report or
 * `init` (issue 16: the agent's memory), and `--help` starts quickly.
 */
export function buildProgram(): Command {
  const program = new Command('hashheat')
    .description('Energy-aware scheduler for home crypto miners used as heaters or solar-surplus sinks')
    .version(packageVersion(), '-V, --version', 'print the version')
    .showHelpAfterError();

  program
    .command('run')
    .description('run the agent: decide every tick and command the miners')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG)
    .option('--dry-run', 'decide and report, never command a miner')
    .option('--once', 'run one tick and exit')
    .option('--json', 'print each tick’s decision record as one JSON line on stdout')
    .action(async (options) => (await import('./run.js')).runCommand(options));

  program
    .command('check')
    .description('validate the config, try every source and miner once, print a table')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG)
    .action(async (options) => {
      const { checkCommand } = await import('./check.js');
      process.exitCode = await checkCommand(options);
    });

  program
    .command('probe')
    .description('detect a miner and print its family, model, firmware, status and levels')
    .argument(
      '<url>',
      `family://host[:port] (${probeFamilies().join(', ')}) or a bare host[:port] (tries every family)`,
    )
    .option('--json', 'print the result as JSON')
    .option(
      '--timeout <ms>',
      'timeout of each call to the device (ms); all families are tried at once, within 4× this',
      '2000',
    )
    .action(async (url: string, options) => {
      const { probeCommand } = await import('./probe.js');
      process.exitCode = await probeCommand(url, options);
    });

  program
    .command('override')
    .description('set a miner to auto, off or a level, optionally for a while; reaches a running agent')
    .argument('<miner>', 'miner id')
    .argument('<level>', 'auto (no override), off, or a level id')
    .option('--for <duration>', 'how long, e.g. 2h, 90m, 1h30m')
    .option('--until <time>', 'until a local time HH:MM (the next one) or an ISO date-time')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG)
    .action(async (miner: string, level: string, options) => {
      const { overrideCommand } = await import('./override.js');
      process.exitCode = overrideCommand(miner, level, options);
    });

  program
    .command('report')
    .description('a monthly statement from the history: energy, mining, heat credit, power cost, net')
    .requiredOption('--month <yyyy-mm>', 'the month, e.g. 2026-11')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG)
    .option('--json', 'print the statement as JSON')
    .action(async (options) => {
      const { reportCommand } = await import('./report.js');
      process.exitCode = reportCommand(options, { stdout: process.stdout, stderr: process.stderr });
    });

  program
    .command('signals')
    .description('fetch every configured source once and print the normalised readings')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG)
    .option('--json', 'print the report as JSON')
    .action(async (options) => {
      const { signalsCommand } = await import('./signals.js');
      process.exitCode = await signalsCommand(options);
    });

  program
    .command('backtest')
    .description(
      'replay price, weather and hashprice data with every strategy; print a table, write an HTML report',
    )
    .requiredOption('-c, --config <file>', 'backtest config (e.g. config/backtest-nano.yaml)')
    .option('--json', 'print the results as JSON instead of a table')
    .option('--report <file>', 'HTML report path (default report-<config name>.html)')
    .option('--no-report', 'write no HTML report')
    .option('--strategies <list>', 'comma-separated: baseline,thermostat,threshold,live,planner,optimum')
    .option('--from <date>', 'first local day YYYY-MM-DD (overrides the config)')
    .option('--to <date>', 'day after the last local day (overrides the config)')
    .option('--no-progress', 'no progress bar on stderr')
    .action(async (options) => {
      const { backtestCommand } = await import('./backtest.js');
      const io = { stdout: process.stdout, stderr: process.stderr };
      // main.ts set these before loading anything; they are set again once the optimum's worker runs.
      process.exitCode = await backtestCommand(options, io, BACKTEST_HEAP_FLAGS);
    });

  registerInit(program);
  registerData(program);
  registerHouse(program);

  program
    .command('schema')
    .description('print the config file’s JSON Schema (for editor completion)')
    .action(async () => {
      const { configJsonSchema } = await import('./schema.js');
      process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
    });

  return program;
}
