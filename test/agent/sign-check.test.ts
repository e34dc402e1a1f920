import { describe, expect, it } from 'vitest';
import { GridSignCheck } from '../../src/agent/sign-check.js';

describe('grid sign self-diagnosis', () => {
  it('reports an inverted meter after two contradicting steps, once', () => {
    const check = new GridSignCheck();
    check.stepped(1000, -1500);
    expect(check.observed(-2450)).toBeUndefined();
    check.stepped(-1000, -2450);
    const verdict = check.observed(-1500);
    expect(verdict).toContain('invert: true');
    check.stepped(1000, -1500);
    expect(check.observed(-2500)).toBeUndefined();
    expect(check.diagnosis).toBe(verdict);
  });

  it('stays quiet for a correct meter, noise, or small steps', () => {
    const check = new GridSignCheck();
    for (let i = 0; i < 5; i++) {
      check.stepped(1000, -1500);
      expect(check.observed(-520)).toBeUndefined();
      check.stepped(100, -500);
      expect(check.observed(-900)).toBeUndefined();
      check.stepped(-1000, -500);
      expect(check.observed(-450)).toBeUndefined();
    }
    expect(check.diagnosis).toBeUndefined();
  });

  it('a correct step in between resets the count', () => {
    const check = new GridSignCheck();
    check.stepped(1000, 0);
    check.observed(-1000);
    check.stepped(1000, 0);
    check.observed(1000);
    check.stepped(1000, 0);
    expect(check.observed(-1000)).toBeUndefined();
  });
});
