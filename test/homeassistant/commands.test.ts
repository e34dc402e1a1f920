import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandText, parseNumber, parseOption, parseSwitch } from '../../src/homeassistant/commands.js';
import { num, stateText } from '../../src/homeassistant/format.js';
import { PublishedTopics, removedDevices } from '../../src/homeassistant/published-topics.js';

describe('command payloads', () => {
  it('takes trimmed UTF-8 text of at most 64 bytes', () => {
    expect(commandText(Buffer.from(' high \n'))).toEqual({ ok: true, value: 'high' });
    expect(commandText(Buffer.from(''))).toMatchObject({ ok: false, why: 'empty payload' });
    expect(commandText(Buffer.from([0xc3, 0x28]))).toMatchObject({ ok: false, why: 'payload is not UTF-8' });
    expect(commandText(Buffer.alloc(65, 'a'))).toMatchObject({ ok: false });
  });

  it('parses switches, numbers (clamped) and options strictly', () => {
    expect(parseSwitch('on')).toEqual({ ok: true, value: true });
    expect(parseSwitch('OFF')).toEqual({ ok: true, value: false });
    expect(parseSwitch('1').ok).toBe(false);
    expect(parseNumber('21.5', { min: 5, max: 23 })).toEqual({ ok: true, value: 21.5 });
    expect(parseNumber('-3', { min: 5, max: 23 })).toMatchObject({ ok: true, value: 5 });
    expect(parseNumber('99', { min: 5, max: 23 })).toMatchObject({
      ok: true,
      value: 23,
      note: expect.stringMatching(/clamped to 23/),
    });
    for (const bad of ['abc', '1e400', 'NaN', '0x10', '21,5', '{"v":21}'])
      expect(parseNumber(bad, { min: 5, max: 23 }).ok).toBe(false);
    expect(parseOption('low', ['auto', 'off', 'low'])).toEqual({ ok: true, value: 'low' });
    expect(parseOption('LOW', ['auto', 'off', 'low']).ok).toBe(false);
  });
});

describe('state formatting', () => {
  it('prints plain numbers, None when unknown, and cuts long text to 255 characters', () => {
    expect(num(0.0607142857, 5)).toBe('0.06071');
    expect(num(1e-9, 4)).toBe('0');
    expect(num(-0.00001, 2)).toBe('0');
    expect(num(undefined, 2)).toBe('None');
    expect(num(Number.NaN, 2)).toBe('None');
    expect([...stateText('x'.repeat(300))]).toHaveLength(255);
  });
});

describe('published topics file', () => {
  it('remembers devices, lists removed ones, and survives a corrupt file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hashheat-pub-'));
    const file = new PublishedTopics(dir);
    expect(file.load()).toEqual({ devices: {} });
    file.save({ 'ha/device/a/config': ['x/a'], 'ha/device/b/config': ['x/b'] });
    const loaded = file.load().devices;
    expect(removedDevices(loaded, { 'ha/device/a/config': [] })).toEqual({ 'ha/device/b/config': ['x/b'] });
    writeFileSync(file.path, '{ not json');
    expect(file.load().devices).toEqual({});
    expect(file.load().problem).toBeDefined();
  });
});
