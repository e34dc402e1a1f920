// Registered with `node --import <this file>`: when the process exits, prints every CommonJS module it
// loaded to stderr as `REQUIRED <path>`. Packages loaded on first use go through `require`
// (src/lazy-require.ts), which the ESM resolve hook of test/fakes/module-log.mjs does not see; every
// `require` shares one cache, so this one sees them all.
import { createRequire } from 'node:module';

const { cache } = createRequire(import.meta.url);
process.on('exit', () => {
  for (const path of Object.keys(cache)) process.stderr.write(`REQUIRED ${path}\n`);
});
