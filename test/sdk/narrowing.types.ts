/**
 * Type tests for the generated SDK: `npx tsc -p tsconfig.json --noEmit` (part of `npm test`)
 * fails if a narrowing stops working or a misuse starts compiling. Nothing here runs.
 */
import { ApiError, createApiClient, isProblem, type ApiClient } from '../../generated/client/charter.ts';
import type { User, UserPage } from '../../generated/client/types.gen.ts';

declare const api: ApiClient;
declare function expectType<T>(value: T): void;

export async function resultsNarrowByOkStatusAndCode(): Promise<void> {
  const r = await api.createUser({ body: { email: 'a@example.com', displayName: 'A' } });
  if (r.ok) {
    expectType<201>(r.status);
    expectType<User>(r.data);
    expectType<string>(r.requestId);
    expectType<string | undefined>(r.etag);
    expectType<Headers>(r.headers);
  } else {
    // @ts-expect-error a failure has no data to read
    r.data.id;
    if (r.error.code === 'EMAIL_TAKEN') {
      expectType<string>(r.error.email);
      expectType<409>(r.error.status);
    }
    if (r.error.code === 'IDEMPOTENCY_KEY_REUSED') {
      // @ts-expect-error only EMAIL_TAKEN carries `email`
      r.error.email;
    }
    // @ts-expect-error createUser does not declare USER_NOT_FOUND
    if (r.error.code === 'USER_NOT_FOUND') return;
    if (r.error.code === 'UNKNOWN_PROBLEM') {
      expectType<string | undefined>(r.error.serverCode);
      expectType<unknown>(r.error.raw);
    }
    if (r.status === 409) {
      expectType<'EMAIL_TAKEN' | 'IDEMPOTENCY_KEY_IN_USE' | 'UNKNOWN_PROBLEM' | undefined>(r.error.code);
    }
    switch (r.error.kind) {
      case 'network':
        expectType<string>(r.error.message);
        break;
      case 'timeout':
        expectType<'attempt' | 'deadline'>(r.error.scope);
        break;
      case 'invalid-response':
        expectType<number>(r.error.status);
        break;
      case 'aborted':
        break;
      case 'problem':
        expectType<string>(r.error.requestId);
        break;
      default: {
        const exhaustive: never = r.error;
        void exhaustive;
      }
    }
  }
}

export async function inputsFollowTheContract(): Promise<void> {
  // The SDK supplies Idempotency-Key, so createUser needs only a body.
  await api.createUser({ body: { email: 'a@example.com', displayName: 'A' }, idempotencyKey: 'k1' });
  // @ts-expect-error the body is required
  await api.createUser({});
  // @ts-expect-error email must be a string
  await api.createUser({ body: { email: 1, displayName: 'A' } });
  await api.listUsers();
  await api.listUsers({ query: { limit: 10, cursor: 'c' } });
  // @ts-expect-error limit is a number
  await api.listUsers({ query: { limit: 'ten' } });
  // @ts-expect-error getUser needs its path parameter
  await api.getUser({});
  await api.updateUser({ path: { userId: 'u' }, body: { displayName: 'B' }, ifMatch: '"1"', timeoutMs: 5_000 });
}

export async function conditionalReadsSurface304(): Promise<void> {
  const r = await api.getUser({ path: { userId: 'u' }, ifNoneMatch: '"1"' });
  if (r.ok) {
    if (r.notModified) {
      expectType<304>(r.status);
      expectType<undefined>(r.data);
    } else {
      expectType<200>(r.status);
      expectType<User>(r.data);
    }
    // @ts-expect-error data may be undefined until 304 is ruled out
    r.data.id;
  }
  const u = await api.updateUser({ path: { userId: 'u' }, body: {} });
  if (u.ok) {
    // @ts-expect-error updateUser declares no 304
    u.notModified === true && u.status === 304;
  }
}

export async function throwingStyleAndGuards(): Promise<void> {
  const created = await api.createUser.orThrow({ body: { email: 'a@example.com', displayName: 'A' } });
  expectType<User>(created.data);
  try {
    await api.updateUser.orThrow({ path: { userId: 'u' }, body: {}, ifMatch: created.etag });
  } catch (e) {
    if (isProblem(e, 'VERSION_MISMATCH')) {
      expectType<'VERSION_MISMATCH' | undefined>(e.code);
    }
    if (e instanceof ApiError && isProblem(e, 'VERSION_MISMATCH')) {
      expectType<number>(e.problem!.currentVersion);
      expectType<string>(e.requestId);
    }
    // @ts-expect-error not a catalogue code
    isProblem(e, 'NOPE');
  }
}

export async function paginationIsTyped(): Promise<void> {
  for await (const user of api.listUsersAll({ query: { limit: 37 } })) expectType<User>(user);
  for await (const page of api.listUsersPages()) expectType<UserPage>(page);
  // @ts-expect-error getUser is not paginated
  api.getUserAll;
}

export function clientOptionsAreChecked(): void {
  createApiClient({ baseUrl: 'http://x', retry: { maxAttempts: 5 }, timeoutMs: 1_000, hooks: { onRetry: (e) => expectType<number>(e.delayMs) } });
  // @ts-expect-error baseUrl is required
  createApiClient({});
}
