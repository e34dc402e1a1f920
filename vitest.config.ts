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
    // Vitest's default is one worker less than the cores: a single worker on a 2-core machine, and
    // most files wait on sockets and child processes. Two workers: 165 s → 90 s wall (load ≈ 9);
    // three made the 300 ms device timeouts of the adapter tests flaky.
    maxWorkers: 2,
  },
});
