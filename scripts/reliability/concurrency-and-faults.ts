/**
 * Concurrency (lost updates across two instances, idempotent duplicates, outbox accounting) and
 * database faults (pg_terminate_backend on the service's connections mid-load).
 */
import { randomUUID } from 'node:crypto';
import type { Check } from './checks.ts';
import { startTestService } from '../../test/support/service.ts';

const json = { 'content-type': 'application/json' };

export async function lostUpdates(check: Check): Promise<void> {
  const a = await startTestService();
  const b = await startTestService({ sharedDatabase: a.database });
  try {
    const created = await fetch(`${a.baseUrl}/users`, { method: 'POST', headers: { ...a.asAdmin, ...json, 'idempotency-key': randomUUID() }, body: JSON.stringify({ email: `lu-${randomUUID()}@example.com`, displayName: 'v0' }) }).then((r) => r.json() as Promise<{ id: string }>);
    const WRITERS = 50;
    let retries = 0;
    const applied: Array<{ writer: number; version: number }> = [];
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, writer) => {
        const service = writer % 2 ? b : a;
        for (let attempt = 0; attempt < 200; attempt++) {
          const current = await fetch(`${service.baseUrl}/users/${created.id}`, { headers: service.asAdmin });
          const etag = current.headers.get('etag')!;
          const res = await fetch(`${service.baseUrl}/users/${created.id}`, { method: 'PATCH', headers: { ...service.asAdmin, 'content-type': 'application/merge-patch+json', 'if-match': etag }, body: JSON.stringify({ displayName: `writer-${writer}` }) });
          check.tried += 1;
          if (res.status === 412) {
            retries += 1;
            continue;
          }
          const body = (await res.json()) as { version: number; displayName: string };
          if (check.expect(res.status === 200, () => `writer ${writer}: ${res.status} ${JSON.stringify(body)}`)) applied.push({ writer, version: body.version });
          return;
        }
        check.fail(`writer ${writer} never got its update in after 200 attempts`);
      }),
    );
    const final = await fetch(`${a.baseUrl}/users/${created.id}`, { headers: a.asAdmin }).then((r) => r.json() as Promise<{ version: number; displayName: string }>);
    const versions = applied.map((x) => x.version).sort((x, y) => x - y);
    check.expect(applied.length === WRITERS, () => `${applied.length} of ${WRITERS} writers applied`);
    check.expect(final.version === WRITERS + 1, () => `final version ${final.version}, expected ${WRITERS + 1}`);
    check.expect(new Set(versions).size === WRITERS && versions[0] === 2 && versions.at(-1) === WRITERS + 1, () => `versions handed out were not 2..${WRITERS + 1} once each: ${versions.join(',')}`);
    const last = applied.find((x) => x.version === final.version);
    check.expect(final.displayName === `writer-${last?.writer}`, () => `final displayName ${final.displayName} is not the last writer's (${last?.writer})`);
    const events = await a.db('outbox').where({ aggregate_id: created.id, message: 'userUpdated' }).count<{ count: string }[]>('* as count');
    check.expect(Number(events[0]!.count) === WRITERS, () => `${events[0]!.count} userUpdated events for ${WRITERS} updates`);
    check.note(`${WRITERS} writers on 2 instances, ${retries} retries on 412`);
  } finally {
    await b.close();
    await a.close();
  }
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
}

export async function idempotentDuplicates(check: Check): Promise<void> {
  const service = await startTestService();
  try {
    const key = randomUUID();
    const email = `idem-${randomUUID()}@example.com`;
    const body = JSON.stringify({ email, displayName: 'Once' });
    let inUse = 0;
    const answers = await Promise.all(
      Array.from({ length: 100 }, async () => {
        for (;;) {
          const res = await fetch(`${service.baseUrl}/users`, { method: 'POST', headers: { ...service.asAdmin, ...json, 'idempotency-key': key }, body });
          check.tried += 1;
          if (res.status === 409) {
            inUse += 1;
            await new Promise((r) => setTimeout(r, 50));
            continue;
          }
          return { status: res.status, location: res.headers.get('location'), etag: res.headers.get('etag'), body: await res.text() };
        }
      }),
    );
    // Compared as parsed JSON: replays come from a jsonb column, which reorders keys, so the bytes
    // of a replay can differ from the first answer's (reported in docs/reliability.md).
    const canonical = (a: (typeof answers)[number]) => JSON.stringify({ ...a, body: sortKeys(JSON.parse(a.body)) });
    const distinct = new Set(answers.map(canonical));
    const byteDistinct = new Set(answers.map((a) => a.body)).size;
    if (byteDistinct > 1) check.note(`${byteDistinct} byte-distinct bodies (key order) among equal replays`);
    check.expect(distinct.size === 1 && answers[0]!.status === 201, () => `${distinct.size} distinct answers: ${[...distinct].slice(0, 3).join(' | ')}`);
    const users = await service.db('users').where({ email }).count<{ count: string }[]>('* as count');
    check.expect(Number(users[0]!.count) === 1, () => `${users[0]!.count} users created by one key`);
    const events = await service.db('outbox').where({ message: 'userCreated' }).whereRaw("payload->>'email' = ?", [email]).count<{ count: string }[]>('* as count');
    check.expect(Number(events[0]!.count) <= 1, () => `${events[0]!.count} userCreated events for one create`);
    check.note(`100 duplicates: 1 user, ${inUse} × 409 IDEMPOTENCY_KEY_IN_USE retried, identical replays`);
  } finally {
    await service.close();
  }
}

/** Concurrent creates and deletes; afterwards each committed change has exactly one outbox event. */
export async function outboxAccounting(check: Check): Promise<void> {
  const service = await startTestService();
  try {
    const results = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const res = await fetch(`${service.baseUrl}/users`, { method: 'POST', headers: { ...service.asAdmin, ...json, 'idempotency-key': randomUUID() }, body: JSON.stringify({ email: `bank-${i % 50}-${service.database.name}@example.com`, displayName: `B${i}` }) });
        check.tried += 1;
        if (res.status !== 201) return { created: false, deleted: false };
        const { id } = (await res.json()) as { id: string };
        if (i % 3) return { created: true, deleted: false };
        const del = await fetch(`${service.baseUrl}/users/${id}`, { method: 'DELETE', headers: service.asAdmin });
        check.tried += 1;
        return { created: true, deleted: del.status === 204 };
      }),
    );
    const created = results.filter((r) => r.created).length;
    const deleted = results.filter((r) => r.deleted).length;
    const count = async (message: string) => Number((await service.db('outbox').where({ message }).count<{ count: string }[]>('* as count'))[0]!.count);
    const users = Number((await service.db('users').count<{ count: string }[]>('* as count'))[0]!.count);
    check.expect((await count('userCreated')) === created && users === created, () => `created ${created}, users ${users}, userCreated events ${created}`);
    check.expect((await count('userDeleted')) === deleted, () => `deleted ${deleted}, userDeleted events differ`);
    check.note(`${created} creates (10 duplicate emails refused), ${deleted} deletes, events match`);
  } finally {
    await service.close();
  }
}

export async function terminateBackends(check: Check): Promise<void> {
  const service = await startTestService();
  try {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`${service.baseUrl}/users`, { method: 'POST', headers: { ...service.asAdmin, ...json, 'idempotency-key': randomUUID() }, body: JSON.stringify({ email: `kill-${i}-${randomUUID()}@example.com`, displayName: 'K' }) });
      ids.push(((await r.json()) as { id: string }).id);
    }
    const statuses = new Map<number, number>();
    let stop = false;
    const load = Array.from({ length: 6 }, async (_, w) => {
      while (!stop) {
        const res = await fetch(`${service.baseUrl}/users/${ids[w % ids.length]}`, { headers: service.asAdmin, signal: AbortSignal.timeout(10_000) }).catch((err: Error) => ({ status: -1, err }));
        check.tried += 1;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        check.expect(res.status === 200 || res.status === 503, () => `during pg_terminate_backend: ${res.status}`);
      }
    });
    const admin = (await import('pg')).default;
    const client = new admin.Client({ connectionString: service.database.url.replace(/\/[^/]+$/, '/postgres') });
    await client.connect();
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 400));
      await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [service.database.name]);
    }
    await client.end();
    const started = Date.now();
    let recovered = false;
    while (Date.now() - started < 5_000) {
      const res = await fetch(`${service.baseUrl}/users/${ids[0]}`, { headers: service.asAdmin });
      if (res.status === 200) {
        recovered = true;
        break;
      }
    }
    stop = true;
    await Promise.all(load);
    check.expect(recovered, () => 'no 200 within 5 s after the last pg_terminate_backend');
    check.note(`5 rounds of pg_terminate_backend under 6 concurrent readers: ${[...statuses.entries()].map(([s, n]) => `${s}×${n}`).join(', ')}; recovered in ${Date.now() - started} ms`);
  } finally {
    await service.close();
  }
}
