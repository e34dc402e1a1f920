import { setFlagsFromString } from 'node:v8';

/**
 * Keeps V8's young generation at its starting size for the long-running agent (issue 16: resident
 * memory). Loading the config schema and the plugins allocates quickly, so V8 grows the young
 * generation to 2 × 16 MiB and keeps it: about 13 MiB resident that an agent ticking every few
 * seconds never needs. The growth factor is read each time V8 considers growing the space, so
 * setting it before anything is loaded works; `--max-semi-space-size` is fixed when the heap is
 * created and cannot be changed here. Only `hashheat run` calls this (src/cli/main.ts, before it loads anything else): the backtest allocates
 * heavily and is faster with a growing young generation.
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}
