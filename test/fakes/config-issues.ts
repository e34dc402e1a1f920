import { expect } from 'vitest';
import { parseConfig } from '../../config/loader.js';
import { ConfigError } from '../../src/errors.js';

/** The issues a config's text is rejected with; fails the test when it is accepted. */
export function configProblems(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfig(text, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('expected the config to be rejected');
}

/** The issues a config's text is rejected with, or none when it is accepted. */
export function configIssues(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfig(text, env);
    return [];
  } catch (error) {
    return (error as ConfigError).issues;
  }
}
