import { ADMIN_SCOPE, type Principal } from './tokens.ts';

export type SecurityRequirements = ReadonlyArray<Readonly<Record<string, readonly string[]>>>;

export function isAdmin(principal: Principal | undefined): boolean {
  return principal?.scopes.includes(ADMIN_SCOPE) ?? false;
}

/** True when the contract lets anyone call: no requirements, or an empty alternative (`- {}`). */
export function allowsAnonymous(requirements: SecurityRequirements | undefined): boolean {
  return !requirements || requirements.length === 0 || requirements.some((alt) => Object.keys(alt).length === 0);
}

/**
 * The scopes the caller lacks, or [] when it may call. OpenAPI security requirements are
 * alternatives (any one suffices) of schemes whose scopes are all needed; `admin` implies every scope.
 * When nothing is satisfied, the first alternative's missing scopes are reported.
 */
export function missingScopes(requirements: SecurityRequirements | undefined, principal: Principal): string[] {
  if (allowsAnonymous(requirements) || isAdmin(principal)) return [];
  let first: string[] | undefined;
  for (const alternative of requirements!) {
    const needed = [...new Set(Object.values(alternative).flat())];
    const missing = needed.filter((s) => !principal.scopes.includes(s));
    if (missing.length === 0) return [];
    first ??= missing;
  }
  return first ?? [];
}
