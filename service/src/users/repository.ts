import type { Knex } from 'knex';
import { isTransaction, queryPrepared, type PreparedStatement } from '../db/prepared-statements.ts';

export type UserStatus = 'active' | 'deleted';

export interface UserRow {
  id: string;
  email: string;
  display_name: string;
  locale: string;
  status: UserStatus;
  version: number;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

export interface PreferencesRow {
  user_id: string;
  theme: 'light' | 'dark' | 'system';
  email_notifications: boolean;
  timezone: string;
  updated_at: Date;
}

/** Accepts the root Knex or a transaction, so callers decide the transaction boundary. */
export type Db = Knex | Knex.Transaction;

export const EMAIL_UNIQUE_CONSTRAINT = 'users_email_unique';

const USER_COLUMNS = ['id', 'email', 'display_name', 'locale', 'status', 'version', 'created_at', 'updated_at', 'deleted_at'] as const;

export interface NewUserRow {
  email: string;
  display_name: string;
  locale: string;
}

const INSERT_USER_UNLESS_EMAIL_TAKEN: PreparedStatement = {
  name: 'users_insert_unless_email_taken',
  text: `insert into users (email, display_name, locale) values ($1, $2, $3) on conflict do nothing returning ${USER_COLUMNS.join(', ')}`,
};

/**
 * Inserts the user, or nothing when a live user already has the address (case-insensitively, by
 * the `users_email_unique` index): undefined then, with no error raised, so an enclosing
 * transaction stays usable. The id is generated, so the email index is the only one that can conflict.
 */
export async function insertUserUnlessEmailTaken(db: Db, user: NewUserRow): Promise<UserRow | undefined> {
  // createUser's statements are prepared, like getUser's read (docs/performance.md).
  return (await queryPrepared<UserRow>(db, INSERT_USER_UNLESS_EMAIL_TAKEN, [user.email, user.display_name, user.locale]))[0];
}

const FIND_USER_BY_ID: PreparedStatement = {
  name: 'users_find_by_id',
  text: `select ${USER_COLUMNS.join(', ')} from users where id = $1`,
};

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  // getUser's read, the service's hottest query, skips the query builder (docs/performance.md).
  if (!isTransaction(db)) return (await queryPrepared<UserRow>(db, FIND_USER_BY_ID, [id]))[0];
  return (await db('users').select(USER_COLUMNS).where({ id }).first()) as UserRow | undefined;
}

export interface ListUsersQuery {
  limit: number;
  /** Keyset position: rows strictly older than this one (newest-first order). */
  after?: { createdAt: Date; id: string };
  status?: UserStatus;
  emailPrefix?: string;
  onlyId?: string;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listUsers(db: Db, query: ListUsersQuery): Promise<UserRow[]> {
  const q = db('users').select(USER_COLUMNS).orderBy([
    { column: 'created_at', order: 'desc' },
    { column: 'id', order: 'desc' },
  ]);
  if (query.after) q.whereRaw('(created_at, id) < (?, ?)', [query.after.createdAt, query.after.id]);
  if (query.status) q.where({ status: query.status });
  if (query.onlyId !== undefined) q.where({ id: query.onlyId });
  if (query.emailPrefix) {
    q.whereRaw("lower(email) like ? escape '\\'", [`${escapeLike(query.emailPrefix.toLowerCase())}%`]);
  }
  return (await q.limit(query.limit)) as UserRow[];
}

export interface UserChanges {
  email?: string;
  display_name?: string;
  locale?: string;
}

/**
 * Applies changes only when the row is live and still at one of `versions` ('any' skips the
 * version check). The guard lives in the UPDATE itself, so two concurrent writers cannot both
 * win: undefined means the guard failed and nothing was written.
 */
export async function updateUserIfVersion(
  db: Db,
  id: string,
  versions: readonly number[] | 'any',
  changes: UserChanges,
): Promise<UserRow | undefined> {
  const q = db('users')
    .update({ ...changes, version: db.raw('version + 1'), updated_at: db.fn.now() })
    .where({ id })
    .whereNull('deleted_at');
  if (versions !== 'any') q.whereIn('version', [...versions]);
  const [row] = await q.returning(USER_COLUMNS);
  return row as UserRow | undefined;
}

/** Soft delete under the same version guard as updates; a no-op (undefined) when already deleted. */
export async function softDeleteUserIfVersion(
  db: Db,
  id: string,
  versions: readonly number[] | 'any',
): Promise<UserRow | undefined> {
  const q = db('users')
    .update({
      status: 'deleted',
      deleted_at: db.fn.now(),
      updated_at: db.fn.now(),
      version: db.raw('version + 1'),
    })
    .where({ id })
    .whereNull('deleted_at');
  if (versions !== 'any') q.whereIn('version', [...versions]);
  const [row] = await q.returning(USER_COLUMNS);
  return row as UserRow | undefined;
}

export async function findPreferences(db: Db, userId: string): Promise<PreferencesRow | undefined> {
  return (await db('preferences').where({ user_id: userId }).first()) as PreferencesRow | undefined;
}

export interface PreferencesValues {
  theme: PreferencesRow['theme'];
  email_notifications: boolean;
  timezone: string;
}

export async function upsertPreferences(db: Db, userId: string, values: PreferencesValues): Promise<PreferencesRow> {
  const [row] = await db('preferences')
    .insert({ user_id: userId, ...values, updated_at: db.fn.now() })
    .onConflict('user_id')
    .merge()
    .returning('*');
  return row as PreferencesRow;
}

/** Reads a live user and holds a share lock until the transaction ends, so it cannot be deleted meanwhile. */
export async function lockLiveUser(trx: Knex.Transaction, id: string): Promise<UserRow | undefined> {
  return (await trx('users').select(USER_COLUMNS).where({ id }).whereNull('deleted_at').forShare().first()) as
    | UserRow
    | undefined;
}
