import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../src/cli/schema.js';

/** Every property name anywhere in a JSON Schema (objects, unions, arrays, records). */
function propertyNames(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) propertyNames(item, into);
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record.properties && typeof record.properties === 'object') {
      for (const key of Object.keys(record.properties)) into.add(key);
    }
    for (const value of Object.values(record)) propertyNames(value, into);
  }
  return into;
}

describe('config documentation', () => {
  const examples = readdirSync('config')
    // The backtest section is documented in the backtest configs, where it is used.
    .filter((f) => /^(example|backtest-).*\.yaml$/.test(f))
    .map((f) => readFileSync(`config/${f}`, 'utf8'))
    .join('\n');

  it('documents every config key in config/example*.yaml (the backtest section: config/backtest-*.yaml)', () => {
    const keys = [...propertyNames(configJsonSchema())];
    expect(keys.length).toBeGreaterThan(40);
    const missing = keys.filter((key) => !new RegExp(`(^|[\\s{,-])${key}:`, 'm').test(examples));
    expect(missing).toEqual([]);
  });
});
