import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One Chromium for the run's browser tests (test/fakes/browser.ts), when the run has any.
    globalSetup: ['test/global-browser.ts'],
    testTimeout: 20_000,
    // Issue 15: worker threads that keep their module cache between test files. Each file still gets
    // fresh test-file modules; what the files share (src/, adapters/, config/, test/fakes/) keeps no
    // mutable module state (no singletons, registries are never changed by a test, prom-client uses
    // its own Registry per server; the fakes' counters only make ids unique). Measured on the whole
    // suite on 2 busy cores: 144 s → 54 s of CPU (imports 89 s → 10 s), every test passing.
    pool: 'threads',
    isolate: false,
    // One worker (issue 15: no test file over 3 s, the suite under 2 minutes). Most files wait on
    // sockets, browsers and child processes, so two workers finished sooner (57–66 s against 95 s on
    // this machine's 2 cores), but each file then shares the cores with its neighbour and the heaviest
    // took 2.5–3.6 s depending on what ran beside them; alone the slowest takes 2.3 s. Three workers
    // made the 300 ms device timeouts of the adapter tests flaky.
    maxWorkers: 1,
  },
});
