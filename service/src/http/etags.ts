/** The strong ETag for a resource version: `"3"`. */
export function etagForVersion(version: number): string {
  return `"${version}"`;
}

interface EntityTag {
  weak: boolean;
  opaque: string;
}

/** Parses an If-Match / If-None-Match value (RFC 9110 §13.1): `*` or a comma-separated list of entity tags. */
export function parseEntityTags(header: string): '*' | EntityTag[] {
  if (header.trim() === '*') return '*';
  const tags: EntityTag[] = [];
  for (const match of header.matchAll(/(W\/)?"([^"]*)"/g)) tags.push({ weak: match[1] !== undefined, opaque: match[2] ?? '' });
  return tags;
}

function versionOf(opaque: string): number | undefined {
  return /^[1-9]\d{0,9}$/.test(opaque) ? Number(opaque) : undefined;
}

/**
 * The versions an If-Match accepts. If-Match uses the strong comparison, so weak tags never
 * match; a header that names no usable tag yields [] and therefore always fails the precondition.
 */
export function versionsFromIfMatch(header: string): readonly number[] | 'any' {
  const tags = parseEntityTags(header);
  if (tags === '*') return 'any';
  return tags.filter((t) => !t.weak).flatMap((t) => versionOf(t.opaque) ?? []);
}

/** If-None-Match uses the weak comparison: `W/"3"` matches version 3 as well as `"3"`. */
export function ifNoneMatchMatches(header: string, version: number): boolean {
  const tags = parseEntityTags(header);
  if (tags === '*') return true;
  return tags.some((t) => versionOf(t.opaque) === version);
}
