import type { Handlers, User as ApiUser, Preferences as ApiPreferences, UserProfile as ApiUserProfile } from '../../../generated/server/index.ts';
import { problems } from '../../../generated/errors/index.ts';
import type { RequestContext } from '../http/context.ts';
import { etagForVersion, ifNoneMatchMatches, versionsFromIfMatch } from '../http/etags.ts';
import * as users from './domain.ts';

/**
 * Runs a create under an Idempotency-Key. The storage semantics (replay, 422 on reuse, 409 while
 * in flight) belong to a later issue; the seam is here so handlers need not change when they land.
 */
export interface IdempotencyGuard {
  run<R>(ctx: RequestContext, key: string, operationId: string, request: unknown, execute: () => Promise<R>): Promise<R>;
}

export const passThroughIdempotency: IdempotencyGuard = {
  run: (_ctx, _key, _operationId, _request, execute) => execute(),
};

export interface UserHandlerDeps {
  avatars?: users.AvatarSource;
  idempotency?: IdempotencyGuard;
}

const DEFAULT_PAGE_SIZE = 20;

export function userLocation(id: string): string {
  return `/v1/users/${id}`;
}

function toApiUser(user: users.User): ApiUser {
  return {
    id: user.id,
    email: user.email,
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
  const idempotency = deps.idempotency ?? passThroughIdempotency;

  return {
    async createUser(input, ctx) {
      return idempotency.run(ctx, input.headers['idempotency-key'], 'createUser', input.body, async () => {
        const outcome = await users.createUser(ctx.db, input.body);
        if (outcome.kind === 'email_taken') return problems.emailTaken({ email: outcome.email });
        const user = outcome.user;
        return {
          status: 201 as const,
          headers: { ETag: etagForVersion(user.version), Location: userLocation(user.id) },
          body: toApiUser(user),
        };
      });
    },

    async listUsers(input, ctx) {
      const outcome = await users.listUsers(ctx.db, {
        limit: input.query.limit ?? DEFAULT_PAGE_SIZE,
        cursor: input.query.cursor,
        status: input.query.status,
        emailPrefix: input.query.emailPrefix,
      });
      if (outcome.kind === 'invalid_cursor') {
        return problems.validationFailed({ errors: [{ location: 'query/cursor', message: outcome.message }] });
      }
      return { status: 200 as const, body: { items: outcome.users.map(toApiUser), nextCursor: outcome.nextCursor } };
    },

    async getUser(input, ctx) {
      const user = await users.getUser(ctx.db, input.path.userId);
      if (!user) return problems.userNotFound({ userId: input.path.userId });
      const etag = etagForVersion(user.version);
      const ifNoneMatch = input.headers['if-none-match'];
      if (ifNoneMatch !== undefined && ifNoneMatchMatches(ifNoneMatch, user.version)) {
        return { status: 304 as const, headers: { ETag: etag } };
      }
      return { status: 200 as const, headers: { ETag: etag }, body: toApiUser(user) };
    },

    async updateUser(input, ctx) {
      const userId = input.path.userId;
      const outcome = await users.updateUser(ctx.db, userId, versionsFromIfMatch(input.headers['if-match']), input.body);
      switch (outcome.kind) {
        case 'updated':
          return { status: 200 as const, headers: { ETag: etagForVersion(outcome.user.version) }, body: toApiUser(outcome.user) };
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
      const outcome = await users.deleteUser(ctx.db, userId, ifMatch === undefined ? 'any' : versionsFromIfMatch(ifMatch));
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
      const profile = await users.getProfile(ctx.db, avatars, input.path.userId);
      if (!profile) return problems.userNotFound({ userId: input.path.userId });
      const body: ApiUserProfile = {
        user: toApiUser(profile.user),
        preferences: toApiPreferences(profile.preferences),
        degraded: profile.degraded,
      };
      if (profile.avatar) body.avatar = { url: profile.avatar.url };
      return { status: 200 as const, body };
    },

    async replaceUserPreferences(input, ctx) {
      const outcome = await users.replacePreferences(ctx.db, input.path.userId, input.body);
      if (outcome.kind === 'not_found') return problems.userNotFound({ userId: input.path.userId });
      return { status: 200 as const, body: toApiPreferences(outcome.preferences) };
    },
  };
}
