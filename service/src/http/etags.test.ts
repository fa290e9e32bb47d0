import { describe, expect, it } from 'vitest';
import { etagForVersion, ifNoneMatchMatches, MAX_VERSION, versionsFromIfMatch } from './etags.ts';

describe('ETags', () => {
  it('renders a version as a strong, quoted ETag', () => {
    expect(etagForVersion(7)).toBe('"7"');
  });

  it('reads the versions named by If-Match, including lists', () => {
    expect(versionsFromIfMatch('"3"')).toEqual([3]);
    expect(versionsFromIfMatch('"3", "5"')).toEqual([3, 5]);
    expect(versionsFromIfMatch('"3",\t"5"')).toEqual([3, 5]);
    expect(versionsFromIfMatch('*')).toBe('any');
  });

  it('never lets a weak or non-version tag satisfy If-Match', () => {
    expect(versionsFromIfMatch('W/"3"')).toEqual([]);
    expect(versionsFromIfMatch('"abc"')).toEqual([]);
    expect(versionsFromIfMatch('"0"')).toEqual([]);
    expect(versionsFromIfMatch('"03"')).toEqual([]);
  });

  it('names no version above what the column holds, so the precondition fails instead of the query', () => {
    expect(versionsFromIfMatch(`"${MAX_VERSION}"`)).toEqual([MAX_VERSION]);
    expect(versionsFromIfMatch(`"${MAX_VERSION + 1}"`)).toEqual([]);
    expect(versionsFromIfMatch('"9999999999"')).toEqual([]);
    expect(versionsFromIfMatch('"99999999999"')).toEqual([]);
  });

  it('refuses malformed headers instead of reading a tag out of them', () => {
    for (const header of ['"2"junk', 'junk"2"', '3', '"2', '2"', '"2" "3"', '"2",', ',"2"', '*, "2"', '"a"b"', '"2"\u0000', 'w/"2"', '""""', '']) {
      expect(versionsFromIfMatch(header), header).toBeUndefined();
      expect(ifNoneMatchMatches(header, 2), header).toBeUndefined();
    }
  });

  it('matches If-None-Match weakly, against any tag in a list, and for *', () => {
    expect(ifNoneMatchMatches('"4"', 4)).toBe(true);
    expect(ifNoneMatchMatches('W/"4"', 4)).toBe(true);
    expect(ifNoneMatchMatches('"1", "4"', 4)).toBe(true);
    expect(ifNoneMatchMatches('*', 4)).toBe(true);
    expect(ifNoneMatchMatches('"3"', 4)).toBe(false);
    expect(ifNoneMatchMatches('"garbage"', 4)).toBe(false);
  });
});
