// Preloaded with `node --require <this file>`: prints `INTL <constructor>` and the caller to stderr
// whenever the process creates an Intl formatter, so a test can see that a command creates none
// (test/cli/no-intl.test.ts). The formatters still work: each call goes on to the real one.
for (const name of ['DateTimeFormat', 'NumberFormat', 'Collator']) {
  const Real = Intl[name];
  const Logged = (...args) => {
    const caller = (new Error().stack ?? '').split('\n').slice(2, 4).join(' <');
    process.stderr.write(`INTL ${name} ${caller}\n`);
    return new Real(...args);
  };
  Logged.prototype = Real.prototype;
  Logged.supportedLocalesOf = Real.supportedLocalesOf;
  Intl[name] = Logged;
}
