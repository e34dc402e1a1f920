// Registered with `node --import <this file>`: prints every module URL the process resolves to stderr
// as `MODULE <url>`, so a test can see what a command loads (test/cli/lazy-load.test.ts).
import { register } from 'node:module';

const hooks = `export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (!result.url.startsWith('node:')) process.stderr.write('MODULE ' + result.url + '\\n');
  return result;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
