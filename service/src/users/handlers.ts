import type { Handlers, User as ApiUser, Preferences as ApiPreferences, UserProfile as ApiUserProfile } from '../../../generated/server/index.ts';
import { problems } from '../../../generated/errors/index.ts';
import type { RequestContext } from '../http/context.ts';
import { etagForVersion, ifNoneMatchMatches, versionsFromIfMatch } from '../http/etags.ts';
import { isAdmin } from '../auth/scopes.ts';
import * as users from './domain.ts';
import { sameUserId } from './ids.ts';

// Idempotency keys are handled generically around every operation the contract marks (see
// idempotency/), and scopes are enforced from the contract before a handler runs (see auth/).
// What is left here is ownership: who may see which user, decided per resource.

export interface UserHandlerDeps {
  avatars?: users.AvatarSource;
}

const DEFAULT_PAGE_SIZE = 20;

export function userLocation(id: string): string {
  return `/v1/users/${id}`;
}

/** Admins may act on anyone; other callers only on themselves. */
function mayAccess(ctx: RequestContext, userId: string): boolean {
  return isAdmin(ctx.principal) || sameUserId(ctx.principal?.subject, userId);
}

function malformedPrecondition(header: 'if-match' | 'if-none-match') {
  return problems.validationFailed({
    errors: [{ location: `header/${header}`, message: 'must be * or a comma-separated list of entity tags such as "3" or W/"3"' }],
  });
}

function meta(ctx: RequestContext): users.ChangeMetadata {
  return ctx.traceparent === undefined ? {} : { traceparent: ctx.traceparent };
}

/** `email` is personal data: only the user themselves and admins see it. */
function toApiUser(user: users.User, ctx: RequestContext, showEmail = mayAccess(ctx, user.id)): ApiUser {
  return {
    id: user.id,
    ...(showEmail && { email: user.email }),
    displayName: user.displayName,
    locale: user.locale,
    status: user.status,
    version: user.version,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

function toApiPreferences(preferences: users.Preferences): ApiPreferences {
  return { theme: preferences.theme, emailNotifications: preferences.emailNotifications, timezone: preferences.timezone };
}

export function createUserHandlers(deps: UserHandlerDeps = {}): Handlers<RequestContext> {
  const avatars = deps.avatars ?? users.noAvatars;

  return {
    async createUser(input, ctx) {
      const outcome = await users.createUser(ctx.db, input.body, meta(ctx));
      if (outcome.kind === 'email_taken') return problems.emailTaken({ email: outcome.email });
      const user = outcome.user;
      return {
        status: 201 as const,
        headers: { ETag: etagForVersion(user.version), Location: userLocation(user.id) },
        // The creator just sent the address, so echoing it discloses nothing.
        body: toApiUser(user, ctx, true),
      };
    },

    async listUsers(input, ctx) {
      const outcome = await users.listUsers(ctx.db, {
        limit: input.query.limit ?? DEFAULT_PAGE_SIZE,
        cursor: input.query.cursor,
        status: input.query.status,
        emailPrefix: input.query.emailPrefix,
        ...(!isAdmin(ctx.principal) && { onlyUserId: ctx.principal?.subject ?? '' }),
      });
      if (outcome.kind === 'invalid_cursor') {
        return problems.validationFailed({ errors: [{ location: 'query/cursor', message: outcome.message }] });
      }
      return { status: 200 as const, body: { items: outcome.users.map((u) => toApiUser(u, ctx)), nextCursor: outcome.nextCursor } };
    },

    async getUser(input, ctx) {
      // Someone else's user answers exactly like a missing one, so ids cannot be probed.
      const user = mayAccess(ctx, input.path.userId) ? await users.getUser(ctx.db, input.path.userId) : undefined;
      if (!user) return problems.userNotFound({ userId: input.path.userId });
      const etag = etagForVersion(user.version);
      const ifNoneMatch = input.headers['if-none-match'];
      if (ifNoneMatch !== undefined) {
        const matches = ifNoneMatchMatches(ifNoneMatch, user.version);
        if (matches === undefined) return malformedPrecondition('if-none-match');
        if (matches) return { status: 304 as const, headers: { ETag: etag } };
      }
      return { status: 200 as const, headers: { ETag: etag }, body: toApiUser(user, ctx) };
    },

    async updateUser(input, ctx) {
      const userId = input.path.userId;
      if (!mayAccess(ctx, userId)) return problems.userNotFound({ userId });
      const expected = versionsFromIfMatch(input.headers['if-match']);
      if (expected === undefined) return malformedPrecondition('if-match');
      const outcome = await users.updateUser(ctx.db, userId, expected, input.body, meta(ctx));
      switch (outcome.kind) {
        case 'updated':
          return { status: 200 as const, headers: { ETag: etagForVersion(outcome.user.version) }, body: toApiUser(outcome.user, ctx) };
        case 'not_found':
          return problems.userNotFound({ userId });
        case 'version_mismatch':
          return problems.versionMismatch(
            { currentVersion: outcome.currentVersion },
            { detail: `The user is at version ${outcome.currentVersion}; fetch it again and retry with its ETag.` },
          );
        case 'email_taken':
          return problems.emailTaken({ email: outcome.email });
      }
    },

    async deleteUser(input, ctx) {
      const userId = input.path.userId;
      const ifMatch = input.headers['if-match'];
      if (!mayAccess(ctx, userId)) return problems.userNotFound({ userId });
      const expected = ifMatch === undefined ? 'any' : versionsFromIfMatch(ifMatch);
      if (expected === undefined) return malformedPrecondition('if-match');
      const outcome = await users.deleteUser(ctx.db, userId, expected, meta(ctx));
      switch (outcome.kind) {
        case 'deleted':
          return { status: 204 as const };
        case 'not_found':
          return problems.userNotFound({ userId });
        case 'version_mismatch':
          return problems.versionMismatch({ currentVersion: outcome.currentVersion });
      }
    },

    async getUserProfile(input, ctx) {
      if (!mayAccess(ctx, input.path.userId)) return problems.userNotFound({ userId: input.path.userId });
      const profile = await users.getProfile(ctx.db, avatars, input.path.userId);
      if (!profile) return problems.userNotFound({ userId: input.path.userId });
      const body: ApiUserProfile = {
        user: toApiUser(profile.user, ctx),
        preferences: toApiPreferences(profile.preferences),
        degraded: profile.degraded,
      };
      if (profile.avatar) body.avatar = { url: profile.avatar.url };
      return { status: 200 as const, body };
    },

    async replaceUserPreferences(input, ctx) {
      if (!mayAccess(ctx, input.path.userId)) return problems.userNotFound({ userId: input.path.userId });
      const outcome = await users.replacePreferences(ctx.db, input.path.userId, input.body);
      if (outcome.kind === 'not_found') return problems.userNotFound({ userId: input.path.userId });
      return { status: 200 as const, body: toApiPreferences(outcome.preferences) };
    },
  };
}
