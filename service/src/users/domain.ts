import { isUniqueViolation } from '../db/errors.ts';
import type { Knex } from 'knex';
import { isTransaction } from '../db/prepared-statements.ts';
import * as repo from './repository.ts';
import { canonicalUserId } from './ids.ts';
import { recordUserCreated, recordUserDeleted, recordUserUpdated, type ChangedField, type ChangeMetadata } from './events.ts';

export type { ChangeMetadata } from './events.ts';

export type UserStatus = repo.UserStatus;

export interface User {
  id: string;
  email: string;
  displayName: string;
  locale: string;
  status: UserStatus;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface Preferences {
  theme: 'light' | 'dark' | 'system';
  emailNotifications: boolean;
  timezone: string;
}

/** What a user gets until they store their own preferences. */
export const DEFAULT_PREFERENCES: Readonly<Preferences> = Object.freeze({
  theme: 'system',
  emailNotifications: true,
  timezone: 'UTC',
});

export const DEFAULT_LOCALE = 'en';

/** Which versions a conditional write accepts: a list of ETag versions, or any ('*'). */
export type VersionCondition = readonly number[] | 'any';

function toUser(row: repo.UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    locale: row.locale,
    status: row.status,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toPreferences(row: repo.PreferencesRow): Preferences {
  return { theme: row.theme, emailNotifications: row.email_notifications, timezone: row.timezone };
}

// ---- create ---------------------------------------------------------------------------------

export interface CreateUserCommand {
  email: string;
  displayName: string;
  locale?: string;
}

export type CreateUserOutcome = { kind: 'created'; user: User } | { kind: 'email_taken'; email: string };

/**
 * Every change writes its event to the outbox in the same transaction. A taken address is not an
 * error here: the insert yields to the unique index (`on conflict do nothing`), so nothing fails
 * and a caller's transaction (an idempotent request's) stays usable for storing the refusal. That
 * is also why, inside a caller's transaction, no savepoint is needed: anything else that fails
 * throws, and the caller's transaction is rolled back as a whole (two round trips fewer per
 * idempotent create; docs/performance.md).
 */
export async function createUser(db: repo.Db, command: CreateUserCommand, meta: ChangeMetadata = {}): Promise<CreateUserOutcome> {
  const create = async (trx: Knex.Transaction): Promise<CreateUserOutcome> => {
    // The unique index decides, so two concurrent creates with one address cannot both succeed:
    // the second waits for the first to commit, then inserts nothing.
    const row = await repo.insertUserUnlessEmailTaken(trx, {
      email: command.email,
      display_name: command.displayName,
      locale: command.locale ?? DEFAULT_LOCALE,
    });
    if (!row) return { kind: 'email_taken', email: command.email };
    const user = toUser(row);
    await recordUserCreated(trx, user, meta);
    return { kind: 'created', user };
  };
  return isTransaction(db) ? create(db) : db.transaction(create);
}

// ---- list -----------------------------------------------------------------------------------

export interface ListUsersCommand {
  limit: number;
  cursor?: string;
  status?: UserStatus;
  emailPrefix?: string;
  /** Restricts the list to this one user (callers without `admin` see only themselves). */
  onlyUserId?: string;
}

export type ListUsersOutcome =
  | { kind: 'page'; users: User[]; nextCursor: string | null }
  | { kind: 'invalid_cursor'; message: string };

interface CursorPosition {
  createdAt: Date;
  id: string;
}

/** Opaque to clients: base64url of the last row's sort key, so the next page starts strictly after it. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id]), 'utf8').toString('base64url');
}

// Timestamps a cursor may carry: years 0001-9999 in the exact form toISOString gives them. Every
// such instant is a valid PostgreSQL timestamptz (whose range starts in 4713 BC), so a forged
// cursor can name a position no row has, but never one the query cannot bind.
const CURSOR_TIME = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The position a cursor names, or undefined unless it is exactly a cursor this API could have
 * issued: base64url without padding, whose bytes decode to `[time, id]` and encode back to the
 * same string (so no second spelling of a cursor exists, through unused trailing bits, other JSON
 * whitespace or an upper-case id).
 */
export function decodeCursor(cursor: string): CursorPosition | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) return undefined;
  const [createdAt, id] = decoded as unknown[];
  if (typeof createdAt !== 'string' || typeof id !== 'string') return undefined;
  const year = CURSOR_TIME.exec(createdAt)?.[1];
  if (year === undefined || year === '0000') return undefined;
  const date = new Date(createdAt);
  if (Number.isNaN(date.getTime()) || date.toISOString() !== createdAt) return undefined;
  const position = { createdAt: date, id };
  if (canonicalUserId(id) !== id || encodeCursor(position) !== cursor) return undefined;
  return position;
}

export async function listUsers(db: repo.Db, command: ListUsersCommand): Promise<ListUsersOutcome> {
  let after: CursorPosition | undefined;
  if (command.cursor !== undefined) {
    after = decodeCursor(command.cursor);
    if (!after) return { kind: 'invalid_cursor', message: 'is not a cursor returned by this API' };
  }
  // A caller whose token subject is not a user id (a service account, a sign-up flow) owns no user.
  const onlyId = command.onlyUserId === undefined ? undefined : canonicalUserId(command.onlyUserId);
  if (command.onlyUserId !== undefined && onlyId === undefined) return { kind: 'page', users: [], nextCursor: null };
  // One extra row tells whether another page exists without a second COUNT query.
  const rows = await repo.listUsers(db, {
    limit: command.limit + 1,
    after,
    status: command.status,
    emailPrefix: command.emailPrefix,
    onlyId,
  });
  const pageRows = rows.slice(0, command.limit);
  const last = pageRows.at(-1);
  const nextCursor = rows.length > command.limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null;
  return { kind: 'page', users: pageRows.map(toUser), nextCursor };
}

// ---- get ------------------------------------------------------------------------------------

export async function getUser(db: repo.Db, id: string): Promise<User | undefined> {
  const row = await repo.findUserById(db, id);
  return row && toUser(row);
}

// ---- update ---------------------------------------------------------------------------------

/** A JSON merge patch of the editable fields; the contract already forbids nulls. */
export interface UserPatch {
  email?: string;
  displayName?: string;
  locale?: string;
}

export type UpdateUserOutcome =
  | { kind: 'updated'; user: User }
  | { kind: 'not_found' }
  | { kind: 'version_mismatch'; currentVersion: number }
  | { kind: 'email_taken'; email: string };

/** Explains why a guarded write touched no row: the user is gone, or it moved to another version. */
async function explainMissedWrite(db: repo.Db, id: string): Promise<{ kind: 'not_found' } | { kind: 'version_mismatch'; currentVersion: number }> {
  const current = await repo.findUserById(db, id);
  if (!current || current.deleted_at !== null) return { kind: 'not_found' };
  return { kind: 'version_mismatch', currentVersion: current.version };
}

export async function updateUser(
  db: repo.Db,
  id: string,
  expected: VersionCondition,
  patch: UserPatch,
  meta: ChangeMetadata = {},
): Promise<UpdateUserOutcome> {
  const changes: repo.UserChanges = {};
  const changed: ChangedField[] = [];
  if (patch.email !== undefined) (changes.email = patch.email), changed.push('email');
  if (patch.displayName !== undefined) (changes.display_name = patch.displayName), changed.push('displayName');
  if (patch.locale !== undefined) (changes.locale = patch.locale), changed.push('locale');
  try {
    const updated = await db.transaction(async (trx) => {
      const row = await repo.updateUserIfVersion(trx, id, expected, changes);
      if (!row) return undefined;
      const user = toUser(row);
      await recordUserUpdated(trx, user, changed, meta);
      return user;
    });
    if (updated) return { kind: 'updated', user: updated };
  } catch (err) {
    if (isUniqueViolation(err, repo.EMAIL_UNIQUE_CONSTRAINT)) return { kind: 'email_taken', email: patch.email ?? '' };
    throw err;
  }
  return explainMissedWrite(db, id);
}

// ---- delete ---------------------------------------------------------------------------------

export type DeleteUserOutcome = { kind: 'deleted' } | { kind: 'not_found' } | { kind: 'version_mismatch'; currentVersion: number };

/** Soft delete. Deleting a deleted user succeeds again, as long as any If-Match given still names its version. */
export async function deleteUser(db: repo.Db, id: string, expected: VersionCondition, meta: ChangeMetadata = {}): Promise<DeleteUserOutcome> {
  const deleted = await db.transaction(async (trx) => {
    const row = await repo.softDeleteUserIfVersion(trx, id, expected);
    if (row) await recordUserDeleted(trx, toUser(row), row.deleted_at ?? row.updated_at, meta);
    return row !== undefined;
  });
  if (deleted) return { kind: 'deleted' };
  const current = await repo.findUserById(db, id);
  if (!current) return { kind: 'not_found' };
  const matches = expected === 'any' || expected.includes(current.version);
  if (current.deleted_at !== null && matches) return { kind: 'deleted' };
  return { kind: 'version_mismatch', currentVersion: current.version };
}

// ---- preferences and profile ----------------------------------------------------------------

export type ReplacePreferencesOutcome = { kind: 'replaced'; preferences: Preferences } | { kind: 'not_found' };

export async function replacePreferences(db: repo.Db, userId: string, preferences: Preferences): Promise<ReplacePreferencesOutcome> {
  return db.transaction(async (trx) => {
    // The share lock keeps a concurrent delete from slipping in between the check and the write.
    if (!(await repo.lockLiveUser(trx, userId))) return { kind: 'not_found' as const };
    const row = await repo.upsertPreferences(trx, userId, {
      theme: preferences.theme,
      email_notifications: preferences.emailNotifications,
      timezone: preferences.timezone,
    });
    return { kind: 'replaced' as const, preferences: toPreferences(row) };
  });
}

export async function getPreferences(db: repo.Db, userId: string): Promise<Preferences> {
  const row = await repo.findPreferences(db, userId);
  return row ? toPreferences(row) : { ...DEFAULT_PREFERENCES };
}

export interface Avatar {
  url: string;
}

/**
 * Where profile avatars come from. A later issue plugs in the external avatar service behind a
 * circuit breaker; 'unavailable' lets the profile degrade instead of failing.
 */
export interface AvatarSource {
  avatarFor(userId: string): Promise<{ kind: 'found'; avatar: Avatar } | { kind: 'none' } | { kind: 'unavailable' }>;
}

export const noAvatars: AvatarSource = {
  async avatarFor() {
    return { kind: 'none' };
  },
};

export interface Profile {
  user: User;
  preferences: Preferences;
  avatar?: Avatar;
  degraded: 'avatar'[];
}

export async function getProfile(db: repo.Db, avatars: AvatarSource, userId: string): Promise<Profile | undefined> {
  const user = await getUser(db, userId);
  if (!user) return undefined;
  const [preferences, avatar] = await Promise.all([getPreferences(db, userId), avatars.avatarFor(userId)]);
  const profile: Profile = { user, preferences, degraded: [] };
  if (avatar.kind === 'found') profile.avatar = avatar.avatar;
  if (avatar.kind === 'unavailable') profile.degraded.push('avatar');
  return profile;
}
