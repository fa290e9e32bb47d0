/**
 * Type tests: the server bindings and the SDK give our contract's schemas the same types, and
 * readOnly properties stay out of requests. `tsc` (run by `npm test`) fails if an assertion
 * below stops holding or an `@ts-expect-error` stops being an error.
 */
import type { CreateUserInput, GetUserResult, Locale, User, UserPage, UserProfile, UserWritable } from '../../generated/server/index.ts';
import type * as Client from '../../generated/client/types.gen.ts';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// The server's types are the SDK's: a handler's response body is what the client receives.
export const user: Same<User, Client.User> = true;
export const page: Same<UserPage, Client.UserPage> = true;
export const profile: Same<UserProfile, Client.UserProfile> = true;
export const locale: Same<Locale, Client.Locale> = true;
export const getUserBody: Same<Extract<GetUserResult, { status: 200 }>['body'], Client.GetUserResponses[200]> = true;
export const createUserBody: Same<CreateUserInput['body'], Client.CreateUserData['body']> = true;

// The request-side variant is the SDK's too, and it has no readOnly property.
export const writable: Same<UserWritable, Client.UserWritable> = true;
export const noIdInRequests: Same<'id' extends keyof UserWritable ? true : false, false> = true;
export const idInResponses: Same<'id' extends keyof User ? true : false, true> = true;

declare const stored: User;
// @ts-expect-error `id` is readOnly in the contract, so a handler cannot change it on a User it was given.
stored.id = 'another';

// @ts-expect-error a writable User has no `version` (readOnly), so a request built from one cannot carry it.
export const withVersion: UserWritable = { displayName: 'Ada', locale: 'en', status: 'active', version: 2 };
