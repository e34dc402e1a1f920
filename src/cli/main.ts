#!/usr/bin/env node
import { interpretOnly, keepBacktestHeapSmall, keepYoungGenerationSmall } from '../heap-flags.js';
import { installTzifZones } from '../time-zones.js';

// Before anything else is loaded: the agent runs for months and allocates little per tick (issue 16).
// `hashheat` has no global options but --help and --version, so the command is the first argument.
if (process.argv[2] === 'run') {
  keepYoungGenerationSmall();
  interpretOnly(); // until the config says how many miners (src/cli/run.ts)
}
// The backtest's heap, bounded before the data and the solver load (issue 16: "≤ 150 MiB").
if (process.argv[2] === 'backtest') keepBacktestHeapSmall();

// luxon's IANA zones from the tz database's files, not ICU's formatter (issue 16: 6 MiB less).
installTzifZones();

const { buildProgram } = await import('./program.js');

// `hashheat schema | head`: the reader left; stop quietly like any Unix tool (issue 11: was an EPIPE stack).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

await buildProgram().parseAsync(process.argv);
