import { describe, expect, it } from 'vitest';
import { parseScalarPayload, toNumber } from '../../../adapters/sources/scalar-value.js';

describe('toNumber: plain decimals only (issue 12)', () => {
  it('reads what sensors send and refuses hex, binary, octal and infinities', () => {
    expect([toNumber('42'), toNumber(' -0.5 '), toNumber('1.2e3'), toNumber('.5'), toNumber(7)]).toEqual([
      42, -0.5, 1200, 0.5, 7,
    ]);
    for (const text of ['0x20', '0b1', '0o7', 'Infinity', '-Infinity', 'NaN', '', '12 W'])
      expect(toNumber(text), text).toBeUndefined();
  });

  it('an MQTT payload "0x20" is not 32 W', () => {
    expect(parseScalarPayload('0x20')).toEqual({ ok: false, reason: 'not a number: "0x20"' });
  });
});
