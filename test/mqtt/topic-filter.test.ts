import { describe, expect, it } from 'vitest';
import { isPublishTopic, topicMatches } from '../../src/mqtt/topic-filter.js';

describe('topicMatches', () => {
  it.each([
    ['a/b', 'a/b', true],
    ['a/b', 'a/c', false],
    ['a/+', 'a/b', true],
    ['a/+', 'a/b/c', false],
    ['a/+/c', 'a/x/c', true],
    ['a/#', 'a', true],
    ['a/#', 'a/b/c', true],
    ['#', 'a/b', true],
    ['#', '$SYS/x', false],
    ['+/status', '$SYS/status', false],
    ['a/b', 'a/b/c', false],
    ['a/b/c', 'a/b', false],
    ['+', '', true],
  ])('%s vs %s → %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });
});

describe('isPublishTopic', () => {
  it('rejects wildcards, NUL and empty topics', () => {
    expect(isPublishTopic('hashheat/miner/nano/power')).toBe(true);
    expect(isPublishTopic('')).toBe(false);
    expect(isPublishTopic('a/+/b')).toBe(false);
    expect(isPublishTopic('a/#')).toBe(false);
    expect(isPublishTopic('a\u0000b')).toBe(false);
    expect(isPublishTopic('x'.repeat(65_536))).toBe(false);
  });
});
