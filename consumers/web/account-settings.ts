/**
 * The "account settings" screen's data layer, as a web app would write it: only the generated
 * SDK (generated/client/charter.ts) — no hand-written URLs, headers or problem parsing, no
 * matching on messages. Every failure the UI sees is a `SettingsError` chosen by narrowing on
 * the problem's `code` (or, for failures without a problem, the SDK's `kind`), and each switch
 * below is exhaustive over what the operation declares: a new code in the contract fails this
 * file's type check until it is handled.
 *
 * The SDK does the mechanics: idempotency keys (one per sign-up, reused by its retries),
 * If-Match, ETags, retries with backoff for safe calls, timeouts and request ids.
 */
import {
  ApiError,
  createApiClient,
  parseRetryAfter,
  type ApiClient,
  type OperationProblems,
  type RetryOptions,
  type SdkError,
} from '../../generated/client/charter.ts';
import type { CreateUserRequest, User, UserPatch, UserProfile } from '../../generated/client/types.gen.ts';

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
  /** No answer (connection failed or timed out), after the SDK's retries: "check your connection". */
  | { kind: 'unreachable'; reason: 'network' | 'timeout' }
  /**
   * A code this build does not know (a newer server), or an answer the contract does not allow:
   * shown generically, never guessed at.
   */
  | { kind: 'unexpected'; status: number | undefined; code: string | undefined };

export type Result<T> = { ok: true; value: T } | { ok: false; error: SettingsError };

export interface AccountSettingsOptions {
  /** The API root, e.g. `https://api.example.com/v1`. */
  baseUrl: string;
  /** The signed-in user's bearer token (called per request, so a refreshed token is picked up). */
  token: () => string | Promise<string>;
  fetch?: typeof fetch;
  /** The SDK's retry policy (default: its own, 3 attempts); `false` sends every request once. */
  retry?: RetryOptions | false;
  /** Per-attempt timeout (default: the SDK's, 30 s). */
  timeoutMs?: number;
}

export interface SignUpOptions {
  /** Reuse the key when retrying the same sign-up yourself (e.g. after a reload); default: one the SDK generates. */
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

function assertNever(x: never): never {
  throw new Error(`unhandled failure ${JSON.stringify(x)}`);
}

/** Retry-After in seconds, when the failed response had one (iterator failures carry no headers). */
function retryAfter(headers: Headers | undefined): number | undefined {
  const ms = parseRetryAfter(headers?.get('retry-after') ?? null, Date.now());
  return ms === undefined ? undefined : Math.ceil(ms / 1000);
}

/**
 * Failures that are not a problem of the operation: the SDK's transport and contract-violation
 * kinds. `problem` is handed to the operation's own switch.
 */
function failureError<P>(error: SdkError<P>, headers: Headers | undefined, onProblem: (problem: P, headers: Headers | undefined) => SettingsError): SettingsError {
  switch (error.kind) {
    case 'problem':
      return onProblem(error as P, headers);
    case 'network':
    case 'timeout':
      return { kind: 'unreachable', reason: error.kind };
    // Only a caller's AbortSignal aborts a call, and this module passes none.
    case 'aborted':
      return { kind: 'unexpected', status: undefined, code: undefined };
    case 'invalid-response':
      return { kind: 'unexpected', status: error.status, code: undefined };
    default:
      return assertNever(error);
  }
}

type CommonProblem = OperationProblems['listUsers'];

/** The codes every operation with a response body can answer with (catalogue scopes every-operation and response-body), plus unknown ones. */
function commonError(problem: CommonProblem, headers: Headers | undefined): SettingsError {
  switch (problem.code) {
    case 'VALIDATION_FAILED':
      return { kind: 'invalid', fields: problem.errors.map((e) => ({ location: e.location, message: e.message })) };
    case 'UNAUTHENTICATED':
      return { kind: 'sign-in-again' };
    case 'FORBIDDEN':
      return { kind: 'not-allowed', requiredScopes: problem.requiredScopes };
    case 'RATE_LIMITED':
      return { kind: 'try-later', retryAfterSeconds: retryAfter(headers) ?? problem.retryAfterSeconds };
    case 'SERVICE_UNAVAILABLE':
    case 'INTERNAL':
      return { kind: 'try-later', retryAfterSeconds: retryAfter(headers) };
    case 'NOT_ACCEPTABLE':
      // This module's SDK asks for JSON, which every operation answers with: a 406 is a bug here.
      return { kind: 'unexpected', status: problem.status, code: problem.code };
    case 'UNKNOWN_PROBLEM':
      return { kind: 'unexpected', status: problem.status, code: problem.serverCode };
    default:
      return assertNever(problem);
  }
}

function signUpError(problem: OperationProblems['createUser'], headers: Headers | undefined): SettingsError {
  switch (problem.code) {
    case 'EMAIL_TAKEN':
      return { kind: 'email-taken', email: problem.email };
    // The SDK already retried it (the catalogue marks it retryable): the first sign-up is still running.
    case 'IDEMPOTENCY_KEY_IN_USE':
      return { kind: 'sign-up-in-progress', retryAfterSeconds: retryAfter(headers) };
    case 'IDEMPOTENCY_KEY_REUSED':
      return { kind: 'duplicate-request' };
    // Request-body problems: the screen sent something the API cannot take; shown like bad input.
    case 'PAYLOAD_TOO_LARGE':
    case 'UNSUPPORTED_MEDIA_TYPE':
      return { kind: 'invalid', fields: [{ location: 'body', message: problem.title }] };
    default:
      return commonError(problem, headers);
  }
}

function readError(problem: OperationProblems['getUser'] | OperationProblems['getUserProfile'], userId: string, headers: Headers | undefined): SettingsError {
  switch (problem.code) {
    case 'USER_NOT_FOUND':
      return { kind: 'not-found', userId };
    default:
      return commonError(problem, headers);
  }
}

type UpdateProblem = OperationProblems['updateUser'];

function editError(problem: UpdateProblem, userId: string, headers: Headers | undefined): SettingsError {
  switch (problem.code) {
    // Reached only when the refetch-and-retry lost the race too (editUser handles the first one).
    case 'VERSION_MISMATCH':
      return { kind: 'edited-elsewhere', currentVersion: problem.currentVersion };
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
      return commonError(problem, headers);
  }
}

function requireEtag(etag: string | undefined): string {
  // The contract makes ETag required on these responses; its absence is a provider bug.
  if (!etag) throw new Error('the response has no ETag header, which the contract requires');
  return etag;
}

export function createAccountSettings(options: AccountSettingsOptions): AccountSettings {
  const api: ApiClient = createApiClient({
    baseUrl: options.baseUrl,
    auth: () => options.token(),
    fetch: options.fetch,
    retry: options.retry,
    timeoutMs: options.timeoutMs,
  });

  const loadUser = async (userId: string): Promise<Result<LoadedUser>> => {
    const r = await api.getUser({ path: { userId } });
    if (!r.ok) return { ok: false, error: failureError<OperationProblems['getUser']>(r.error, r.headers, (p, h) => readError(p, userId, h)) };
    // 304 answers only an If-None-Match, which this module never sends.
    if (r.notModified) return { ok: false, error: { kind: 'unexpected', status: r.status, code: undefined } };
    return { ok: true, value: { user: r.data, etag: requireEtag(r.etag) } };
  };

  const attemptEdit = (userId: string, base: LoadedUser, change: (current: User) => UserPatch) =>
    // No idempotency key: a PATCH the SDK does not retry is applied at most once, and If-Match
    // already refuses a repeat of a change that went through (the version moved on).
    api.updateUser({ path: { userId }, ifMatch: base.etag, body: change(base.user) });

  return {
    async signUp(request, signUpOptions = {}) {
      // The SDK generates the key when none is given and sends the same one on each of its retries.
      const r = await api.createUser({ body: request, ...(signUpOptions.idempotencyKey ? { idempotencyKey: signUpOptions.idempotencyKey } : {}) });
      if (!r.ok) return { ok: false, error: failureError(r.error, r.headers, signUpError) };
      return { ok: true, value: { user: r.data, etag: requireEtag(r.etag) } };
    },

    loadUser,

    async loadProfile(userId) {
      const r = await api.getUserProfile({ path: { userId } });
      if (!r.ok) return { ok: false, error: failureError<OperationProblems['getUserProfile']>(r.error, r.headers, (p, h) => readError(p, userId, h)) };
      return { ok: true, value: r.data };
    },

    async editUser(userId, change, known) {
      let base = known;
      if (!base) {
        const loaded = await loadUser(userId);
        if (!loaded.ok) return loaded;
        base = loaded.value;
      }
      let r = await attemptEdit(userId, base, change);
      if (!r.ok && r.error.code === 'VERSION_MISMATCH') {
        // Someone changed the user since we read it: re-apply the change to their version, once.
        const fresh = await loadUser(userId);
        if (!fresh.ok) return fresh;
        r = await attemptEdit(userId, fresh.value, change);
      }
      if (!r.ok) return { ok: false, error: failureError<UpdateProblem>(r.error, r.headers, (p, h) => editError(p, userId, h)) };
      return { ok: true, value: { user: r.data, etag: requireEtag(r.etag) } };
    },

    async *allUsers({ pageSize = 50, emailPrefix } = {}) {
      try {
        for await (const user of api.listUsersAll({ query: { limit: pageSize, ...(emailPrefix ? { emailPrefix } : {}) } })) yield user;
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        // The iterator throws the failed page's ApiError; its error is a listUsers failure.
        return { ok: false, error: failureError(e.error as SdkError<OperationProblems['listUsers']>, undefined, commonError) };
      }
      return { ok: true, value: undefined };
    },
  };
}
