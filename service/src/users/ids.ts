/**
 * User ids are UUIDs, and PostgreSQL compares `uuid` values case-insensitively while JavaScript
 * compares strings exactly. Every comparison of ids in the service (a token's `sub` against a path
 * id, a cursor's id, a list filter) goes through `canonicalUserId`, so "the same user" means the
 * same thing in the database and in the process.
 */
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The lower-case hyphenated form PostgreSQL renders, or undefined when `value` is not a UUID in that form. */
export function canonicalUserId(value: string): string | undefined {
  return UUID.test(value) ? value.toLowerCase() : undefined;
}

/** Whether two strings name the same user id; false when either is not a UUID. */
export function sameUserId(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const left = canonicalUserId(a);
  return left !== undefined && left === canonicalUserId(b);
}
