/**
 * The "account settings" screen's data layer, as a web app would write it: only the generated
 * SDK (generated/client) and the generated error types (generated/errors) — no hand-written
 * URLs, no parsing of problem messages. Every failure the UI sees is a `SettingsError` chosen
 * by narrowing on the problem's `code`, and each switch below is exhaustive over the codes the
 * operation declares: a new code in the contract fails this file's type check until it is handled.
 */
import { randomUUID } from 'node:crypto';
import { createClient, createConfig, type Client } from '../../generated/client/client/index.ts';
import { createUser, getUser, getUserProfile, listUsers, updateUser } from '../../generated/client/sdk.gen.ts';
import type { CreateUserRequest, User, UserPatch, UserProfile } from '../../generated/client/types.gen.ts';
import { parseProblem, type OperationProblems } from '../../generated/errors/index.ts';

/** What the settings screen can show when something goes wrong. */
export type SettingsError =
  | { kind: 'not-found'; userId: string }
  | { kind: 'email-taken'; email: string }
  /** Someone else kept changing the user: the refetch-and-retry also lost the race. */
  | { kind: 'edited-elsewhere'; currentVersion: number }
  /** A sign-up with this key is still running: try again after `retryAfterSeconds`. */
  | { kind: 'sign-up-in-progress'; retryAfterSeconds: number | undefined }
  /** The idempotency key was used for a different sign-up: a bug in the caller, never retried. */
  | { kind: 'duplicate-request' }
  | { kind: 'invalid'; fields: Array<{ location: string; message: string }> }
  | { kind: 'sign-in-again' }
  | { kind: 'not-allowed'; requiredScopes: string[] }
  | { kind: 'try-later'; retryAfterSeconds: number | undefined }
  /** A code this build does not know (a newer server): shown generically, never guessed at. */
  | { kind: 'unexpected'; status: number; code: string | undefined };

export type Result<T> = { ok: true; value: T } | { ok: false; error: SettingsError };

export interface AccountSettingsOptions {
  /** The API root, e.g. `https://api.example.com/v1`. */
  baseUrl: string;
  /** The signed-in user's bearer token (called per request, so a refreshed token is picked up). */
  token: () => string | Promise<string>;
  fetch?: typeof fetch;
}

export interface SignUpOptions {
  /** Reuse the key when retrying the same sign-up (e.g. after a network error); default: a fresh UUID. */
  idempotencyKey?: string;
}

export interface LoadedUser {
  user: User;
  /** The ETag to send as If-Match with the next change. */
  etag: string;
}

export interface AccountSettings {
  signUp(request: CreateUserRequest, options?: SignUpOptions): Promise<Result<LoadedUser>>;
  loadUser(userId: string): Promise<Result<LoadedUser>>;
  loadProfile(userId: string): Promise<Result<UserProfile>>;
  /**
   * Applies `change` to the freshest copy of the user. When someone changed the user in
   * between (412 VERSION_MISMATCH), it refetches, re-applies `change` to the new copy and
   * retries once.
   */
  editUser(userId: string, change: (current: User) => UserPatch, known?: LoadedUser): Promise<Result<LoadedUser>>;
  /** Every user the caller may see, following `nextCursor` page by page. */
  allUsers(options?: { pageSize?: number; emailPrefix?: string }): AsyncGenerator<User, Result<void>, undefined>;
}

function retryAfter(response: Response | undefined): number | undefined {
  const raw = response?.headers.get('retry-after');
  if (raw === null || raw === undefined) return undefined;
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

type CommonProblem = OperationProblems['listUsers'];

/** The codes every operation can answer with (catalogue scope every-operation), plus unknown ones. */
function commonError(problem: CommonProblem, response: Response | undefined): SettingsError {
  switch (problem.code) {
    case 'VALIDATION_FAILED':
      return { kind: 'invalid', fields: problem.errors.map((e) => ({ location: e.location, message: e.message })) };
    case 'UNAUTHENTICATED':
      return { kind: 'sign-in-again' };
    case 'FORBIDDEN':
      return { kind: 'not-allowed', requiredScopes: problem.requiredScopes };
    case 'RATE_LIMITED':
    case 'SERVICE_UNAVAILABLE':
    case 'INTERNAL':
      return { kind: 'try-later', retryAfterSeconds: retryAfter(response) };
    case 'UNKNOWN_PROBLEM':
      return { kind: 'unexpected', status: problem.status, code: problem.serverCode };
    default:
      return assertNever(problem);
  }
}

function assertNever(x: never): never {
  throw new Error(`unhandled problem ${JSON.stringify(x)}`);
}

function signUpError(problem: OperationProblems['createUser'], response: Response | undefined): SettingsError {
  switch (problem.code) {
    case 'EMAIL_TAKEN':
      return { kind: 'email-taken', email: problem.email };
    case 'IDEMPOTENCY_KEY_IN_USE':
      return { kind: 'sign-up-in-progress', retryAfterSeconds: retryAfter(response) };
    case 'IDEMPOTENCY_KEY_REUSED':
      return { kind: 'duplicate-request' };
    // Request-body problems: the screen sent something the API cannot take; shown like bad input.
    case 'PAYLOAD_TOO_LARGE':
    case 'UNSUPPORTED_MEDIA_TYPE':
      return { kind: 'invalid', fields: [{ location: 'body', message: problem.title }] };
    default:
      return commonError(problem, response);
  }
}

function readError(problem: OperationProblems['getUser'] | OperationProblems['getUserProfile'], userId: string, response: Response | undefined): SettingsError {
  switch (problem.code) {
    case 'USER_NOT_FOUND':
      return { kind: 'not-found', userId };
    default:
      return commonError(problem, response);
  }
}

type UpdateProblem = OperationProblems['updateUser'];

function editError(problem: Exclude<UpdateProblem, { code: 'VERSION_MISMATCH' }>, userId: string, response: Response | undefined): SettingsError {
  switch (problem.code) {
    case 'USER_NOT_FOUND':
      return { kind: 'not-found', userId };
    case 'EMAIL_TAKEN':
      return { kind: 'email-taken', email: problem.email };
    // We always send If-Match, so 428 means a proxy stripped it: nothing the user can fix.
    case 'PRECONDITION_REQUIRED':
      return { kind: 'unexpected', status: problem.status, code: problem.code };
    case 'PAYLOAD_TOO_LARGE':
    case 'UNSUPPORTED_MEDIA_TYPE':
      return { kind: 'invalid', fields: [{ location: 'body', message: problem.title }] };
    default:
      return commonError(problem, response);
  }
}

/** A failed call's body, typed as the problems this operation declares. */
function problemOf<P>(response: Response | undefined, body: unknown): P {
  return parseProblem(response?.status ?? 0, body) as P;
}

function etagOf(response: Response | undefined): string {
  const etag = response?.headers.get('etag');
  // The contract makes ETag required on these responses; its absence is a provider bug.
  if (!etag) throw new Error('the response has no ETag header, which the contract requires');
  return etag;
}

export function createAccountSettings(options: AccountSettingsOptions): AccountSettings {
  const client: Client = createClient(createConfig({ baseUrl: options.baseUrl, fetch: options.fetch, auth: () => options.token() }));

  const loadUser = async (userId: string): Promise<Result<LoadedUser>> => {
    const r = await getUser({ client, path: { userId } });
    if (r.error !== undefined || r.data === undefined) return { ok: false, error: readError(problemOf(r.response, r.error), userId, r.response) };
    return { ok: true, value: { user: r.data, etag: etagOf(r.response) } };
  };

  const attemptEdit = async (userId: string, base: LoadedUser, change: (current: User) => UserPatch) => {
    const r = await updateUser({ client, path: { userId }, headers: { 'If-Match': base.etag }, body: change(base.user) });
    if (r.error === undefined && r.data !== undefined) return { ok: true as const, value: { user: r.data, etag: etagOf(r.response) } };
    return { ok: false as const, problem: problemOf<UpdateProblem>(r.response, r.error), response: r.response };
  };

  return {
    async signUp(request, signUpOptions = {}) {
      const idempotencyKey = signUpOptions.idempotencyKey ?? randomUUID();
      const r = await createUser({ client, headers: { 'Idempotency-Key': idempotencyKey }, body: request });
      if (r.error !== undefined || r.data === undefined) return { ok: false, error: signUpError(problemOf(r.response, r.error), r.response) };
      return { ok: true, value: { user: r.data, etag: etagOf(r.response) } };
    },

    loadUser,

    async loadProfile(userId) {
      const r = await getUserProfile({ client, path: { userId } });
      if (r.error !== undefined || r.data === undefined) return { ok: false, error: readError(problemOf(r.response, r.error), userId, r.response) };
      return { ok: true, value: r.data };
    },

    async editUser(userId, change, known) {
      let base = known;
      if (!base) {
        const loaded = await loadUser(userId);
        if (!loaded.ok) return loaded;
        base = loaded.value;
      }
      const first = await attemptEdit(userId, base, change);
      if (first.ok) return first;
      if (first.problem.code !== 'VERSION_MISMATCH') return { ok: false, error: editError(first.problem, userId, first.response) };
      // Someone changed the user since we read it: re-apply the change to their version, once.
      const fresh = await loadUser(userId);
      if (!fresh.ok) return fresh;
      const second = await attemptEdit(userId, fresh.value, change);
      if (second.ok) return second;
      if (second.problem.code === 'VERSION_MISMATCH') return { ok: false, error: { kind: 'edited-elsewhere', currentVersion: second.problem.currentVersion } };
      return { ok: false, error: editError(second.problem, userId, second.response) };
    },

    async *allUsers({ pageSize = 50, emailPrefix } = {}) {
      let cursor: string | undefined;
      do {
        const r = await listUsers({ client, query: { limit: pageSize, ...(emailPrefix ? { emailPrefix } : {}), ...(cursor ? { cursor } : {}) } });
        if (r.error !== undefined || r.data === undefined) return { ok: false, error: commonError(problemOf(r.response, r.error), r.response) };
        for (const user of r.data.items) yield user;
        cursor = r.data.nextCursor ?? undefined;
      } while (cursor);
      return { ok: true, value: undefined };
    },
  };
}
