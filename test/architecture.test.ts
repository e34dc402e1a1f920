import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Modules that do I/O, read the clock or log; the pure core and policies may import none of them. */
const IMPURE_IMPORT =
  /from\s+['"](node:[^'"]+|fs|net|http|https|dgram|child_process|mqtt|axios|pino[^'"]*|node-cron|ws|yaml)['"]/;
const IMPURE_CALL =
  /\bDate\.now\(|new Date\(\)|\bconsole\.|\bprocess\.|\bsetTimeout\(|\bsetInterval\(|Math\.random\(/;

describe('architecture', () => {
  const pure = [...filesUnder('src/core'), ...filesUnder('policies')];

  it('finds the pure modules', () => {
    expect(pure.length).toBeGreaterThan(10);
  });

  it.each(pure)('%s imports nothing with I/O and reads no clock', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(IMPURE_IMPORT);
    expect(text).not.toMatch(IMPURE_CALL);
    for (const match of text.matchAll(/from\s+['"](\.[^'"]+)['"]/g)) {
      const target = join(file, '..', match[1]!);
      expect(
        target.startsWith('src/core') || target.startsWith('policies'),
        `${file} imports ${target}`,
      ).toBe(true);
    }
  });

  it('the checker itself catches an impure import', () => {
    expect("import { readFileSync } from 'node:fs';").toMatch(IMPURE_IMPORT);
    expect('const t = Date.now();').toMatch(IMPURE_CALL);
  });
});
