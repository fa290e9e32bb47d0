/**
 * Type tests for the generated server bindings. `tsc` (run by `npm test`) fails if any
 * `@ts-expect-error` below stops being an error, i.e. if the generated types ever let a
 * handler return an undeclared status, a wrong body or omit a required header.
 */
import type { Handlers, GetUserResult, CreateUserResult, UpdateUserResult, DeleteUserResult, User } from '../../generated/server/index.ts';
import { problems } from '../../generated/errors/index.ts';

declare const user: User;

// A correct result for each kind of response compiles.
export const ok: GetUserResult = { status: 200, headers: { ETag: '"1"' }, body: user };
export const notModified: GetUserResult = { status: 304, headers: { ETag: '"1"' } };
export const notFound: GetUserResult = problems.userNotFound({ userId: user.id });
export const created: CreateUserResult = { status: 201, headers: { ETag: '"1"', Location: `/v1/users/${user.id}` }, body: user };

// @ts-expect-error 418 is not a status getUser declares.
export const undeclaredStatus: GetUserResult = { status: 418, body: user };

// @ts-expect-error 201 requires the Location header the contract declares.
export const missingHeader: CreateUserResult = { status: 201, headers: { ETag: '"1"' }, body: user };

// @ts-expect-error the body of a 200 must be a User, not a string.
export const wrongBody: GetUserResult = { status: 200, headers: { ETag: '"1"' }, body: 'ok' };

// @ts-expect-error a User has no `password` field (the schema says additionalProperties: false).
export const extraField: GetUserResult = { status: 200, headers: { ETag: '"1"' }, body: { ...user, password: 'x' } };

// @ts-expect-error deleteUser does not declare EMAIL_TAKEN, so its constructor's result is not a DeleteUserResult.
export const undeclaredCode: DeleteUserResult = problems.emailTaken({ email: 'a@example.com' });

// @ts-expect-error VERSION_MISMATCH requires its `currentVersion` member.
export const missingMember: UpdateUserResult = problems.versionMismatch({});

// A handler object must implement every operation with the declared results.
export const partial: Pick<Handlers<unknown>, 'getUser'> = {
  // @ts-expect-error a handler returning an undeclared status does not satisfy the interface.
  getUser: async () => ({ status: 202 as const, body: user }),
};

export const good: Pick<Handlers<{ requestId: string }>, 'getUser'> = {
  getUser: async (input, ctx) => {
    void ctx.requestId;
    if (input.headers['if-none-match'] === '"1"') return { status: 304, headers: { ETag: '"1"' } };
    return { status: 200, headers: { ETag: '"1"' }, body: user };
  },
};
