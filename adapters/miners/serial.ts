/** Runs one async call at a time, in order; a failed call never blocks the next. */
export type Serial = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * A queue that serialises the calls made to one device (status, apply, describe), so a probe or
 * `hashheat check` running next to the agent never interleaves with a command sequence.
 */
export function serialQueue(): Serial {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}
