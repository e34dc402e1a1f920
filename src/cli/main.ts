#!/usr/bin/env node
import { buildProgram } from './program.js';

// `hashheat schema | head`: the reader left; stop quietly like any Unix tool (issue 11: was an EPIPE stack).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

await buildProgram().parseAsync(process.argv);
