#!/usr/bin/env node
import { keepYoungGenerationSmall } from './young-generation.js';

// Before anything else is loaded: the agent runs for months and allocates little per tick (issue 16).
// `hashheat` has no global options but --help and --version, so the command is the first argument.
if (process.argv[2] === 'run') keepYoungGenerationSmall();

const { buildProgram } = await import('./program.js');

// `hashheat schema | head`: the reader left; stop quietly like any Unix tool (issue 11: was an EPIPE stack).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

await buildProgram().parseAsync(process.argv);
