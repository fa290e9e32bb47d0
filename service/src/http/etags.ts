/** The largest version a user row can hold: `users.version` is a PostgreSQL `integer`. */
export const MAX_VERSION = 2_147_483_647;

/** The strong ETag for a resource version: `"3"`. */
export function etagForVersion(version: number): string {
  return `"${version}"`;
}

interface EntityTag {
  weak: boolean;
  opaque: string;
}

// RFC 9110 §8.8.3: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, etagc = %x21 / %x23-7E / obs-text.
// Header values reach us latin1-decoded, so obs-text (%x80-FF) is U+0080-U+00FF. The contract's
// If-Match / If-None-Match `pattern` is the same grammar, so both refuse the same strings.
const ENTITY_TAG = /^(W\/)?"([\x21\x23-\x7E\x80-\xFF]*)"$/;

/**
 * Parses an If-Match / If-None-Match value (RFC 9110 §13.1): `*` or a comma-separated list of
 * entity tags with optional whitespace around the commas. Anything else (`"2"junk`, an unquoted
 * tag, a stray quote) is `undefined`: the caller answers 400, never a guess at what was meant.
 */
export function parseEntityTags(header: string): '*' | EntityTag[] | undefined {
  const value = header.replace(/^[ \t]+|[ \t]+$/g, '');
  if (value === '*') return '*';
  if (value === '') return undefined;
  const tags: EntityTag[] = [];
  for (const element of value.split(',')) {
    const match = ENTITY_TAG.exec(element.replace(/^[ \t]+|[ \t]+$/g, ''));
    if (!match) return undefined;
    tags.push({ weak: match[1] !== undefined, opaque: match[2] ?? '' });
  }
  return tags;
}

/** The version an opaque tag names, or undefined when it names none a row could hold. */
function versionOf(opaque: string): number | undefined {
  if (!/^[1-9]\d{0,9}$/.test(opaque)) return undefined;
  const version = Number(opaque);
  return version <= MAX_VERSION ? version : undefined;
}

/**
 * The versions an If-Match accepts, or undefined when the header is malformed. If-Match uses the
 * strong comparison, so weak tags never match; a well-formed header that names no storable version
 * yields [] and therefore always fails the precondition (412), without reaching the database.
 */
export function versionsFromIfMatch(header: string): readonly number[] | 'any' | undefined {
  const tags = parseEntityTags(header);
  if (tags === undefined) return undefined;
  if (tags === '*') return 'any';
  return tags.filter((t) => !t.weak).flatMap((t) => versionOf(t.opaque) ?? []);
}

/** If-None-Match uses the weak comparison: `W/"3"` matches version 3 as well as `"3"`. Undefined when malformed. */
export function ifNoneMatchMatches(header: string, version: number): boolean | undefined {
  const tags = parseEntityTags(header);
  if (tags === undefined) return undefined;
  if (tags === '*') return true;
  return tags.some((t) => versionOf(t.opaque) === version);
}
