import { describe, expect, it } from 'vitest';
import { etagForVersion, ifNoneMatchMatches, versionsFromIfMatch } from './etags.ts';

describe('ETags', () => {
  it('renders a version as a strong, quoted ETag', () => {
    expect(etagForVersion(7)).toBe('"7"');
  });

  it('reads the versions named by If-Match, including lists', () => {
    expect(versionsFromIfMatch('"3"')).toEqual([3]);
    expect(versionsFromIfMatch('"3", "5"')).toEqual([3, 5]);
    expect(versionsFromIfMatch('*')).toBe('any');
  });

  it('never lets a weak or malformed tag satisfy If-Match', () => {
    expect(versionsFromIfMatch('W/"3"')).toEqual([]);
    expect(versionsFromIfMatch('3')).toEqual([]);
    expect(versionsFromIfMatch('"abc"')).toEqual([]);
    expect(versionsFromIfMatch('"0"')).toEqual([]);
  });

  it('matches If-None-Match weakly, against any tag in a list, and for *', () => {
    expect(ifNoneMatchMatches('"4"', 4)).toBe(true);
    expect(ifNoneMatchMatches('W/"4"', 4)).toBe(true);
    expect(ifNoneMatchMatches('"1", "4"', 4)).toBe(true);
    expect(ifNoneMatchMatches('*', 4)).toBe(true);
    expect(ifNoneMatchMatches('"3"', 4)).toBe(false);
    expect(ifNoneMatchMatches('garbage', 4)).toBe(false);
  });
});
