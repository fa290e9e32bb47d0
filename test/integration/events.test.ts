import { randomBytes } from 'node:crypto';
import { connect } from 'nats';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createSubscriber,
  inProcessTransport,
  natsTransport,
  type DeadLetter,
  type EventTransport,
  type NatsTransport,
  type ReceivedEvent,
} from '../../generated/events/index.ts';
import { recordOnce } from '../../service/src/outbox/inbox.ts';
import { startRelay, type Relay } from '../../service/src/outbox/relay.ts';
import { createLogger } from '../../service/src/logger.ts';
import { eventually } from '../support/eventually.ts';
import { idempotencyKey, requestWith, uniqueEmail } from '../support/http.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

// Real NATS JetStream at 127.0.0.1:4222 (NATS_URL overrides). Every test run gets its own stream
// and subject prefix, so runs never share state on the shared server; the streams are deleted after.
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const NATS = new URL(NATS_URL.replace(/^nats:/, 'http:'));
const RUN = randomBytes(4).toString('hex');
const logger = createLogger('error', () => {});

let service: TestService;
const request = requestWith(() => service.asAdmin);
const streams: string[] = [];
const closers: Array<() => Promise<unknown>> = [];
// Per test: relays and consumers stop when their test ends, so no relay drains another test's rows.
let perTest: Array<() => Promise<unknown>> = [];

function names(label: string) {
  const stream = `CHARTER_T_${RUN}_${label}`.toUpperCase();
  const prefix = `t${RUN}${label}`;
  streams.push(stream);
  return { stream, prefix, streamSubjects: [`${prefix}.>`], subjectPrefix: prefix };
}

async function transport(label: ReturnType<typeof names>, servers = NATS_URL): Promise<NatsTransport> {
  const t = await natsTransport({ servers, ...label, publishTimeoutMs: 1_000, ackWaitMs: 2_000 });
  perTest.push(() => t.close());
  return t;
}

function relay(transport: EventTransport, afterPublish?: Parameters<typeof startRelay>[0]['afterPublish']): Relay {
  const r = startRelay({ db: service.db, transport, logger, listenUrl: service.database.url, pollIntervalMs: 200, maxBackoffMs: 300, afterPublish });
  perTest.push(() => r.stop());
  return r;
}

/** A consumer that dedupes through the inbox: `processed` holds each event it acted on, `deliveries` every delivery. */
async function consumer(t: EventTransport, label: ReturnType<typeof names>, durable: string) {
  const processed: ReceivedEvent[] = [];
  const deliveries: string[] = [];
  const dead: DeadLetter[] = [];
  const onEvent = async (event: ReceivedEvent<any, any>) => {
    deliveries.push(event.attributes['ce-id']);
    await service.db.transaction(async (trx) => {
      if (await recordOnce(trx, durable, event.attributes['ce-id'])) processed.push(event);
    });
  };
  const sub = await createSubscriber({ transport: t, durable, subjectPrefix: label.subjectPrefix, onDeadLetter: (d) => void dead.push(d) })
    .on('userCreated', onEvent)
    .on('userUpdated', onEvent)
    .on('userDeleted', onEvent)
    .start();
  perTest.push(() => sub.stop());
  return { processed, deliveries, dead };
}

async function createUsersWithUpdates(count: number, updates: number): Promise<string[]> {
  const ids: string[] = [];
  for (let u = 0; u < count; u++) {
    const created = await request(`${service.baseUrl}/users`, 'POST', {
      headers: { 'idempotency-key': idempotencyKey() },
      json: { email: uniqueEmail('ev'), displayName: 'v1' },
    });
    expect(created.status).toBe(201);
    let etag = created.headers.get('etag')!;
    for (let v = 0; v < updates; v++) {
      const res = await request(`${service.baseUrl}/users/${created.body.id}`, 'PATCH', {
        headers: { 'if-match': etag },
        json: { displayName: `v${v + 2}` },
        contentType: 'application/merge-patch+json',
      });
      expect(res.status).toBe(200);
      etag = res.headers.get('etag')!;
    }
    ids.push(created.body.id);
  }
  return ids;
}

async function outboxIds(userIds: string[]): Promise<string[]> {
  return (await service.db('outbox').whereIn('aggregate_id', userIds).orderBy('seq')).map((r) => r.id as string);
}

function expectInOrderPerUser(events: ReceivedEvent[]): void {
  const byUser = new Map<string, number[]>();
  for (const e of events) {
    const p = e.payload as { userId: string; version: number };
    byUser.set(p.userId, [...(byUser.get(p.userId) ?? []), p.version]);
  }
  for (const [user, versions] of byUser) expect(versions, `events of ${user} out of order`).toEqual([...versions].sort((a, b) => a - b));
}

beforeAll(async () => {
  service = await startTestService();
  const probe = await connect({ servers: NATS_URL, timeout: 3_000 }).catch((err: Error) => {
    throw new Error(`These tests need NATS with JetStream at ${NATS_URL}: ${err.message}`);
  });
  await probe.close();
});

beforeEach(async () => {
  // Only the rows a test writes are pending while it runs.
  await service.db('outbox').whereNull('sent_at').update({ sent_at: service.db.fn.now() });
});

afterEach(async () => {
  for (const stop of perTest.reverse()) await stop().catch(() => {});
  perTest = [];
});

afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => {});
  const nc = await connect({ servers: NATS_URL });
  const jsm = await nc.jetstreamManager();
  for (const s of streams) await jsm.streams.delete(s).catch(() => {});
  await nc.close();
  await service?.close();
});

describe('outbox → NATS JetStream', () => {
  it('writes each change and its CloudEvents envelope in one transaction, with the request traceparent', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const created = await request(`${service.baseUrl}/users`, 'POST', {
      headers: { 'idempotency-key': idempotencyKey(), traceparent },
      json: { email: uniqueEmail('trace'), displayName: 'Traced' },
    });
    const [row] = await service.db('outbox').where({ aggregate_id: created.body.id });
    expect(row).toMatchObject({ message: 'userCreated', subject: `users.${created.body.id}.created`, sent_at: null });
    expect(row.headers).toMatchObject({ 'ce-id': row.id, 'ce-type': 'dev.charter.users.user.created.v1', 'ce-specversion': '1.0', 'ce-subject': created.body.id });
    expect(row.headers.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(row.payload).toMatchObject({ userId: created.body.id, displayName: 'Traced', version: 1 });
  });

  it('delivers every event exactly once, in order per user, across a broker outage mid-stream', async () => {
    const label = names('outage');
    const host = NATS.hostname;
    const proxy: TcpProxy = await startTcpProxy(host, Number(NATS.port || 4222));
    closers.push(() => proxy.close());
    const users = await createUsersWithUpdates(4, 5);
    const expected = await outboxIds(users);
    const sink = await consumer(await transport(label), label, `c-${RUN}-outage`);

    let published = 0;
    const relayTransport = await transport(label, `nats://127.0.0.1:${proxy.port}`);
    relay(relayTransport, () => {
      published += 1;
      // The broker "goes away" after the first few publishes.
      if (published === 5) proxy.cut();
    });
    await eventually('the relay to hit the outage', async () => published >= 5 && (await service.db('outbox').whereIn('aggregate_id', users).whereNull('sent_at')).length > 0);
    // Nothing is lost while the broker is away: the rest waits in the outbox.
    const pendingDuringOutage = await service.db('outbox').whereIn('id', expected).whereNull('sent_at');
    expect(pendingDuringOutage.length).toBeGreaterThan(0);

    proxy.restore();
    await eventually('every event to reach the consumer', () => sink.processed.length === expected.length, 30_000);
    expect(sink.processed.map((e) => e.attributes['ce-id']).sort()).toEqual([...expected].sort());
    expectInOrderPerUser(sink.processed);
    expect(sink.dead).toEqual([]);
    await eventually('the outbox to drain', async () => (await service.db('outbox').whereIn('id', expected).whereNull('sent_at')).length === 0);
  }, 60_000);

  it('does not deliver twice when the relay crashes between publish and mark-sent (broker msgID dedupe)', async () => {
    const label = names('crash');
    const users = await createUsersWithUpdates(2, 3);
    const expected = await outboxIds(users);
    const sink = await consumer(await transport(label), label, `c-${RUN}-crash`);
    let crashes = 0;
    relay(await transport(label), () => {
      if (crashes === 0) {
        crashes += 1;
        throw new Error('relay process died after publishing, before marking sent');
      }
    });
    await eventually('every event to arrive', () => new Set(sink.deliveries).size === expected.length, 20_000);
    expect(crashes).toBe(1);
    // JetStream dropped the re-publish: the consumer saw each event once, before any inbox dedupe.
    expect([...sink.deliveries].sort()).toEqual([...expected].sort());
    expectInOrderPerUser(sink.processed);
  }, 40_000);

  it('sends a message that breaks the contract to the dead-letter hook, acknowledges it and keeps going', async () => {
    const label = names('dead');
    const t = await transport(label);
    const sink = await consumer(t, label, `c-${RUN}-dead`);
    const userId = '0b4a4f5e-8a4e-4c8e-9a43-1f6f0c1d2e3f';
    await t.publish({ id: `bad-${RUN}`, subject: `users.${userId}.created`, message: 'userCreated', headers: { 'ce-id': `bad-${RUN}` }, payload: { userId } });
    await t.publish({
      id: `good-${RUN}`,
      subject: `users.${userId}.deleted`,
      message: 'userDeleted',
      headers: { 'ce-id': `good-${RUN}`, 'ce-type': 't', 'ce-source': '/test', 'ce-specversion': '1.0', 'ce-time': new Date().toISOString() },
      payload: { userId, version: 2, deletedAt: new Date().toISOString() },
    });
    await eventually('the valid message after the invalid one', () => sink.processed.length === 1);
    expect(sink.dead).toHaveLength(1);
    expect(sink.dead[0]!.reason).toMatch(/required property/);
    expect(sink.processed[0]!.payload).toMatchObject({ userId, version: 2 });
  });
});

describe('without a broker', () => {
  it('delivers outbox events to subscribers in the same process', async () => {
    const bus = inProcessTransport();
    const got: ReceivedEvent[] = [];
    const sub = await createSubscriber({ transport: bus, durable: 'local' }).on('userUpdated', (e) => void got.push(e)).start();
    perTest.push(() => sub.stop());
    relay(bus);
    const [id] = await createUsersWithUpdates(1, 2);
    await eventually('two local updates', () => got.length === 2);
    expect(got.map((e) => (e.payload as { version: number }).version)).toEqual([2, 3]);
    expect(got[0]!.payload).toMatchObject({ userId: id, changed: ['displayName'], displayName: 'v2' });
  });
});
