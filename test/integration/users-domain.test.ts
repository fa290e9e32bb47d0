import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../service/src/db/migrations/index.ts';
import * as users from '../../service/src/users/domain.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
let seq = 0;
const uniqueEmail = (label: string) => `${label}-${process.pid}-${++seq}@example.com`;

async function newUser(label = 'user'): Promise<users.User> {
  const outcome = await users.createUser(database.knex, { email: uniqueEmail(label), displayName: label });
  if (outcome.kind !== 'created') throw new Error(`could not create ${label}: ${outcome.kind}`);
  return outcome.user;
}

async function newUserWithEmail(email: string): Promise<users.User> {
  const outcome = await users.createUser(database.knex, { email, displayName: 'First' });
  if (outcome.kind !== 'created') throw new Error(`could not create ${email}: ${outcome.kind}`);
  return outcome.user;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await migrateToLatest(database.knex);
});
afterAll(async () => {
  await database?.drop();
});

describe('users domain on PostgreSQL', () => {
  it('lets exactly one of two concurrent creates with the same email succeed', async () => {
    const email = uniqueEmail('race');
    const outcomes = await Promise.all(
      Array.from({ length: 2 }, () => users.createUser(database.knex, { email, displayName: 'Racer' })),
    );
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['created', 'email_taken']);
  });

  it('creates inside a caller\'s transaction without a savepoint, and a taken address leaves that transaction usable', async () => {
    const email = uniqueEmail('in-trx');
    await newUserWithEmail(email);
    const statements: string[] = [];
    const record = (q: { sql: string }) => statements.push(q.sql.toLowerCase());
    database.knex.on('query', record);
    try {
      const [taken, created, after] = await database.knex.transaction(async (trx) => {
        const first = await users.createUser(trx, { email: email.toUpperCase(), displayName: 'Second' });
        const second = await users.createUser(trx, { email: uniqueEmail('in-trx-new'), displayName: 'Third' });
        // Still usable: a failed statement would have aborted the transaction ("current transaction is aborted").
        const { rows } = await trx.raw('select 1 as ok');
        return [first, second, rows[0].ok as number] as const;
      });
      expect(taken).toEqual({ kind: 'email_taken', email: email.toUpperCase() });
      expect(created.kind).toBe('created');
      expect(after).toBe(1);
      expect(statements.filter((sql) => sql.includes('savepoint'))).toEqual([]);
    } finally {
      database.knex.off('query', record);
    }
  });

  it('lets exactly one of several concurrent updates based on the same version win', async () => {
    const user = await newUser('contended');
    const outcomes = await Promise.all(
      ['A', 'B', 'C', 'D'].map((name) => users.updateUser(database.knex, user.id, [user.version], { displayName: name })),
    );
    const kinds = outcomes.map((o) => o.kind).sort();
    expect(kinds).toEqual(['updated', 'version_mismatch', 'version_mismatch', 'version_mismatch']);
    const losers = outcomes.filter((o) => o.kind === 'version_mismatch');
    expect(losers.every((o) => o.currentVersion === user.version + 1)).toBe(true);
  });

  it('reports not_found rather than a version mismatch for a deleted user', async () => {
    const user = await newUser('gone');
    expect(await users.deleteUser(database.knex, user.id, 'any')).toEqual({ kind: 'deleted' });
    expect(await users.updateUser(database.knex, user.id, 'any', { displayName: 'Ghost' })).toEqual({ kind: 'not_found' });
    expect(await users.replacePreferences(database.knex, user.id, users.DEFAULT_PREFERENCES)).toEqual({ kind: 'not_found' });
  });

  it('frees a deleted user’s email for a new account', async () => {
    const user = await newUser('recycled');
    await users.deleteUser(database.knex, user.id, 'any');
    const again = await users.createUser(database.knex, { email: user.email.toUpperCase(), displayName: 'New owner' });
    expect(again.kind).toBe('created');
  });

  it('pages through users created in the same millisecond without duplicates or gaps', async () => {
    const prefix = `same-ms-${process.pid}`;
    // One INSERT gives every row the same now(), so only the id tie-breaker orders them.
    const ids = (await database.knex('users')
      .insert(Array.from({ length: 7 }, (_, i) => ({ email: `${prefix}-${i}@example.com`, display_name: `Tie ${i}` })))
      .returning('id')).map((r: { id: string }) => r.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const outcome = await users.listUsers(database.knex, { limit: 3, cursor, emailPrefix: prefix });
      if (outcome.kind !== 'page') throw new Error(outcome.message);
      seen.push(...outcome.users.map((u) => u.id));
      if (outcome.nextCursor === null) break;
      cursor = outcome.nextCursor;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(new Set(ids));
  });

  it('treats % and _ in an email prefix literally', async () => {
    await newUser('under_score');
    const wildcard = await users.listUsers(database.knex, { limit: 100, emailPrefix: '%' });
    expect(wildcard.kind === 'page' && wildcard.users).toEqual([]);
  });
});
