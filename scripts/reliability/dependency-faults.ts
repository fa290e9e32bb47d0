/**
 * Part 4, faults of the service's dependencies and of its own process: PostgreSQL restarted
 * mid-load, NATS killed and restarted while events flow, the outbox relay crashing between
 * publish and mark-sent, and SIGTERM under keep-alive load. Each runs on servers it owns
 * (owned-servers.ts) or on a scratch database, bounded in count and in time.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import type { Knex } from 'knex';
import { createSubscriber, natsTransport, type NatsTransport, type ReceivedEvent, type Subscription } from '../../generated/events/index.ts';
import { createScratchDatabase } from '../../service/src/db/scratch-database.ts';
import { createLogger } from '../../service/src/logger.ts';
import { recordOnce } from '../../service/src/outbox/inbox.ts';
import { startRelay } from '../../service/src/outbox/relay.ts';
import { eventually } from '../../test/support/eventually.ts';
import { startTestService } from '../../test/support/service.ts';
import { statusMix, type Check } from './checks.ts';
import { REPO_ROOT } from './contract-operations.ts';
import { startOwnedNats, startOwnedPostgres } from './owned-servers.ts';
import { adminHeaders, send, startServiceProcess, type Outcome, type ServiceProcess } from '../../test/support/service-process.ts';

const json = { 'content-type': 'application/json' };
const ms = (n: number) => `${Math.round(n)} ms`;
const count = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);
/** Spaces one worker's requests: a steady load the shared cores can carry, not a flood. */
const pace = (msBetween: number) => new Promise((r) => setTimeout(r, msBetween));

function createBody(tag: string) {
  return JSON.stringify({ email: `${tag}-${randomUUID()}@example.com`, displayName: tag });
}

function problemCode(outcome: Outcome): string | undefined {
  if (outcome.kind !== 'complete') return undefined;
  try {
    return (JSON.parse(outcome.body) as { code?: string }).code;
  } catch {
    return undefined;
  }
}

// ---- 1. PostgreSQL restarted mid-load ------------------------------------------------------

export async function postgresRestart(check: Check): Promise<void> {
  const ACQUIRE_MS = 1_000;
  // "Promptly": the pool gives up after the acquire timeout; one more second covers the rest of the request.
  const PROMPT_MS = ACQUIRE_MS + 1_000;
  const WORKERS = 4;
  const MAX_REQUESTS = 3_000;
  const cluster = await startOwnedPostgres();
  let service: ServiceProcess | undefined;
  const agent = new http.Agent({ keepAlive: true, maxSockets: WORKERS });
  try {
    service = await startServiceProcess({ DATABASE_URL: cluster.url, DB_ACQUIRE_TIMEOUT_MS: String(ACQUIRE_MS), DB_STATEMENT_TIMEOUT_MS: '2000' });
    const origin = service.origin;
    const admin = await adminHeaders();
    type Phase = 'up' | 'stopping' | 'down' | 'starting' | 'back';
    let phase: Phase = 'up';
    const acknowledged: string[] = [];
    const statuses = new Map<number, number>();
    let downAnswered = 0;
    let downUnavailable = 0;
    let okBefore = 0;
    let okAfter = 0;
    let upAt = 0;
    let recoveredAt: number | undefined;
    let slowest = 0;
    let after503 = 0;
    let stop = false;

    const worker = async (w: number) => {
      for (let i = 0; !stop && check.tried < MAX_REQUESTS; i++) {
        const sentPhase = phase;
        const write = (i + w) % 2 === 0 || acknowledged.length === 0;
        const outcome = write
          ? await send(origin, '/v1/users', { method: 'POST', agent, headers: { ...admin, ...json, 'idempotency-key': randomUUID() }, body: createBody('pgr'), timeoutMs: PROMPT_MS + 5_000 })
          : await send(origin, `/v1/users/${acknowledged[i % acknowledged.length]}`, { agent, headers: admin, timeoutMs: PROMPT_MS + 5_000 });
        const endPhase = phase;
        check.tried += 1;
        const took = outcome.at - outcome.sentAt;
        slowest = Math.max(slowest, took);
        if (outcome.kind !== 'complete') {
          check.fail(`${write ? 'POST' : 'GET'} in phase ${sentPhase}→${endPhase}: no response (${outcome.kind}${outcome.kind === 'lost' ? `: ${outcome.error}` : ''})`);
          await pace(20);
          continue;
        }
        count(statuses, outcome.status);
        check.expect(took <= PROMPT_MS, () => `${write ? 'POST' : 'GET'} in phase ${sentPhase}→${endPhase} took ${ms(took)} (bound ${PROMPT_MS} ms)`);
        if (sentPhase === 'down' && endPhase === 'down') {
          downAnswered += 1;
          const type = String(outcome.headers['content-type'] ?? '');
          const ok = outcome.status === 503 && type.startsWith('application/problem+json') && problemCode(outcome) === 'SERVICE_UNAVAILABLE';
          if (ok) downUnavailable += 1;
          check.expect(ok, () => `while PostgreSQL was down: ${outcome.status} ${type} ${outcome.body.slice(0, 200)}`);
        } else {
          check.expect([200, 201, 503].includes(outcome.status), () => `phase ${sentPhase}→${endPhase}: ${outcome.status} ${outcome.body.slice(0, 200)}`);
        }
        if (outcome.status === 201) acknowledged.push((JSON.parse(outcome.body) as { id: string }).id);
        if (outcome.status < 300) {
          if (sentPhase === 'up') okBefore += 1;
          if (sentPhase === 'back') {
            recoveredAt ??= outcome.at;
            okAfter += 1;
          }
        } else if (sentPhase === 'back' && recoveredAt !== undefined && outcome.sentAt > recoveredAt) after503 += 1;
        await pace(20);
      }
    };
    const workers = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    try {
      await eventually('40 successful requests before the restart', () => okBefore >= 40, 20_000);
      phase = 'stopping';
      await cluster.stop();
      const downAt = performance.now();
      phase = 'down';
      // Keep sending while it is down: at least 2 s, and long enough for every worker to be answered several times.
      await eventually('2 s and 12 requests answered while PostgreSQL is down', () => downAnswered >= 12 && performance.now() - downAt >= 2_000, 20_000);
      const downFor = performance.now() - downAt;
      phase = 'starting';
      await cluster.start();
      upAt = performance.now();
      phase = 'back';
      const recovered = await eventually('a 2xx after PostgreSQL is back', () => recoveredAt, 5_000).then(
        () => true,
        () => false,
      );
      check.expect(recovered, () => 'no 2xx within 5 s of PostgreSQL accepting connections again');
      if (recovered) await eventually('40 successful requests after recovery', () => okAfter >= 40, 20_000);
      stop = true;
      await workers;
      check.note(`${WORKERS} workers (creates and reads): ${statusMix(statuses)}; down ${ms(downFor)} with ${downAnswered} answers, ${downUnavailable} of them 503 SERVICE_UNAVAILABLE problems; slowest answer ${ms(slowest)} (bound ${PROMPT_MS} ms); recovered ${recoveredAt === undefined ? 'never' : ms(recoveredAt - upAt)} after PostgreSQL accepted connections${after503 ? `, then ${after503} × 503 on stale connections` : ''}`);
    } finally {
      stop = true;
      await workers;
    }

    check.expect(service.exited() === undefined, () => `the service exited during the restart: ${JSON.stringify(service!.exited())}\n${service!.output().slice(-2000)}`);
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string }>('select id from users where id = any($1::uuid[])', [acknowledged]);
      const present = new Set(rows.map((r) => r.id));
      const lost = acknowledged.filter((id) => !present.has(id));
      check.expect(lost.length === 0, () => `${lost.length} of ${acknowledged.length} acknowledged creates are missing after the restart: ${lost.slice(0, 5).join(', ')}`);
      check.note(`${acknowledged.length} acknowledged creates, ${lost.length} lost`);
    } finally {
      await client.end();
    }
    const code = await service.stop();
    check.expect(code === 0, () => `the service exited ${code} on SIGTERM after the restart`);
    // A 500 says little by itself; the service's own log says what threw.
    const causes = new Map<string, number>();
    for (const line of service.output().split('\n')) {
      if (!line.includes('"unexpected error"')) continue;
      const cause = /"stack":"([^"\\]*(?:\\n\s+at [^"\\]*){0,2})/.exec(line)?.[1]?.replace(/\\n\s+/g, ' ← ').replaceAll(`${REPO_ROOT}/`, '') ?? 'unparsed';
      causes.set(cause, (causes.get(cause) ?? 0) + 1);
    }
    for (const [cause, n] of causes) check.note(`${n} × 500 logged by the service as: ${cause}`);
  } finally {
    agent.destroy();
    await service?.stop(5_000);
    await cluster.destroy();
  }
}

// ---- consumers of the event stream -----------------------------------------------------------

interface Effect {
  id: string;
  userId: string;
  version: number;
}

/**
 * A consumer built on the generated subscriber: every delivery is counted, and its effect (one
 * entry in `effects`) is recorded in the same transaction as the inbox row, so a redelivery of
 * a processed event finds the row and has no effect. A duplicate in `effects` is a duplicate effect.
 */
async function countingConsumer(transport: NatsTransport, db: Knex, durable: string) {
  const deliveries: string[] = [];
  const effects: Effect[] = [];
  const dead: string[] = [];
  const onEvent = async (event: ReceivedEvent<any, any>) => {
    const id = event.attributes['ce-id'] as string;
    deliveries.push(id);
    await db.transaction(async (trx) => {
      if (await recordOnce(trx, durable, id)) effects.push({ id, userId: event.payload.userId, version: event.payload.version });
    });
  };
  const subscription: Subscription = await createSubscriber({ transport, durable, onDeadLetter: (d) => void dead.push(d.reason) })
    .on('userCreated', onEvent)
    .on('userUpdated', onEvent)
    .on('userDeleted', onEvent)
    .start();
  return { deliveries, effects, dead, stop: () => subscription.stop() };
}

/** The invariants every event check shares: nothing lost, no duplicate effect, each user's events in version order. */
function checkDelivery(check: Check, outboxIds: string[], effects: Effect[], dead: string[]): { lost: number; duplicates: number } {
  const seen = new Map<string, number>();
  for (const e of effects) seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
  const lost = outboxIds.filter((id) => !seen.has(id));
  const duplicates = [...seen.values()].filter((n) => n > 1).length;
  const expected = new Set(outboxIds);
  const unknown = [...seen.keys()].filter((id) => !expected.has(id));
  check.expect(lost.length === 0, () => `${lost.length} of ${outboxIds.length} outbox events never reached the consumer: ${lost.slice(0, 5).join(', ')}`);
  check.expect(duplicates === 0, () => `${duplicates} events had more than one effect at the consumer`);
  check.expect(unknown.length === 0, () => `${unknown.length} effects for events not in the outbox: ${unknown.slice(0, 5).join(', ')}`);
  check.expect(dead.length === 0, () => `${dead.length} dead letters: ${dead.slice(0, 3).join(' | ')}`);
  const byUser = new Map<string, number[]>();
  for (const e of effects) byUser.set(e.userId, [...(byUser.get(e.userId) ?? []), e.version]);
  for (const [user, versions] of byUser) {
    check.expect(versions.every((v, i) => i === 0 || v > versions[i - 1]!), () => `events of user ${user} out of order: versions ${versions.join(',')}`);
  }
  return { lost: lost.length, duplicates };
}

/**
 * One writer's life cycle of a user: create, `updates` merge-patches, delete. Returns how many
 * writes were acknowledged; any other answer is a violation (writes do not depend on the broker).
 */
async function userLifecycle(check: Check, origin: string, admin: Record<string, string>, agent: http.Agent, updates: number, onWrite: () => void): Promise<void> {
  const created = await send(origin, '/v1/users', { method: 'POST', agent, headers: { ...admin, ...json, 'idempotency-key': randomUUID() }, body: createBody('nats') });
  check.tried += 1;
  onWrite();
  if (!check.expect(created.kind === 'complete' && created.status === 201, () => `create: ${created.kind === 'complete' ? `${created.status} ${created.body.slice(0, 200)}` : created.kind}`)) return;
  const { id } = JSON.parse((created as { body: string }).body) as { id: string };
  let etag = String((created as { headers: http.IncomingHttpHeaders }).headers.etag);
  for (let v = 0; v < updates; v++) {
    const res = await send(origin, `/v1/users/${id}`, { method: 'PATCH', agent, headers: { ...admin, 'content-type': 'application/merge-patch+json', 'if-match': etag }, body: JSON.stringify({ displayName: `v${v + 2}` }) });
    check.tried += 1;
    onWrite();
    if (!check.expect(res.kind === 'complete' && res.status === 200, () => `update: ${res.kind === 'complete' ? `${res.status} ${res.body.slice(0, 200)}` : res.kind}`)) return;
    etag = String((res as { headers: http.IncomingHttpHeaders }).headers.etag);
  }
  const del = await send(origin, `/v1/users/${id}`, { method: 'DELETE', agent, headers: admin });
  check.tried += 1;
  onWrite();
  check.expect(del.kind === 'complete' && del.status === 204, () => `delete: ${del.kind === 'complete' ? `${del.status} ${del.body.slice(0, 200)}` : del.kind}`);
}

// ---- 2. NATS killed and restarted while events flow --------------------------------------------

export async function natsRestart(check: Check): Promise<void> {
  const WRITERS = 4;
  const MAX_WRITES = 2_000;
  const nats = await startOwnedNats();
  const database = await createScratchDatabase({ prefix: 'charter_rel' });
  let service: ServiceProcess | undefined;
  let consumer: Awaited<ReturnType<typeof countingConsumer>> | undefined;
  let consumerTransport: NatsTransport | undefined;
  const agent = new http.Agent({ keepAlive: true, maxSockets: WRITERS });
  try {
    // The service migrates the database, creates the stream on our nats-server and runs the outbox relay.
    service = await startServiceProcess({ DATABASE_URL: database.url, NATS_URL: nats.url, OUTBOX_POLL_MS: '100' });
    const origin = service.origin;
    const admin = await adminHeaders();
    consumerTransport = await natsTransport({ servers: nats.url, stream: 'CHARTER_USERS', streamSubjects: ['users.>'], ackWaitMs: 2_000, publishTimeoutMs: 1_000, name: 'reliability-consumer' });
    consumer = await countingConsumer(consumerTransport, database.knex, 'reliability-nats');
    const sink = consumer;

    let writes = 0;
    let stop = false;
    const writers = Promise.all(
      Array.from({ length: WRITERS }, async () => {
        while (!stop && writes < MAX_WRITES) {
          await userLifecycle(check, origin, admin, agent, 3, () => (writes += 1));
          await pace(20);
        }
      }),
    );
    let outageMs = 0;
    let writesDuringOutage = 0;
    let backlogAtRestart = 0;
    try {
      await eventually('20 events consumed before the broker is killed', () => sink.effects.length >= 20, 30_000);
      const killedAt = performance.now();
      await nats.kill();
      const writesAtKill = writes;
      // Down for at least 3 s and 30 writes: long enough for the relay's publishes to time out and back off.
      await eventually('3 s and 30 writes acknowledged while NATS is down', () => writes - writesAtKill >= 30 && performance.now() - killedAt >= 3_000, 20_000);
      writesDuringOutage = writes - writesAtKill;
      backlogAtRestart = Number((await database.knex('outbox').whereNull('sent_at').count<{ count: string }[]>('* as count'))[0]!.count);
      await nats.start();
      outageMs = performance.now() - killedAt;
      const writesAtRestart = writes;
      await eventually('30 writes after NATS is back', () => writes - writesAtRestart >= 30, 20_000);
    } finally {
      stop = true;
      await writers;
    }
    const restartedAt = performance.now();
    check.expect(backlogAtRestart > 0, () => 'no outbox backlog while NATS was down: the outage did not hit the relay');
    // The relay retries with a backoff of up to 10 s and JetStream redelivers unacknowledged
    // messages, so everything should arrive well within this bound.
    const outboxIds = async () => (await database.knex('outbox').orderBy('seq').select('id')).map((r: { id: string }) => r.id);
    const converged = await eventually(
      'every outbox event sent and consumed',
      async () => {
        const pending = Number((await database.knex('outbox').whereNull('sent_at').count<{ count: string }[]>('* as count'))[0]!.count);
        const ids = await outboxIds();
        return pending === 0 && new Set(sink.effects.map((e) => e.id)).size >= ids.length;
      },
      60_000,
      100,
    ).then(
      () => true,
      (err: Error) => (check.fail(err.message), false),
    );
    const ids = await outboxIds();
    const { lost, duplicates } = checkDelivery(check, ids, sink.effects, sink.dead);
    check.expect(service.exited() === undefined, () => `the service exited during the NATS outage: ${JSON.stringify(service!.exited())}\n${service!.output().slice(-2000)}`);
    check.note(`${writes} writes by ${WRITERS} writers (${writesDuringOutage} while NATS was down ${ms(outageMs)}, backlog ${backlogAtRestart} at restart); ${ids.length} events, ${sink.deliveries.length} deliveries, ${lost} lost, ${duplicates} duplicate effects; ${converged ? `all consumed ${ms(performance.now() - restartedAt)} after the writers stopped` : 'never converged'}`);
    const code = await service.stop();
    check.expect(code === 0, () => `the service exited ${code} on SIGTERM after the NATS restart`);
  } finally {
    agent.destroy();
    await consumer?.stop().catch(() => {});
    await consumerTransport?.close().catch(() => {});
    await service?.stop(5_000);
    await database.drop();
    await nats.destroy();
  }
}

// ---- 3. the relay killed between publish and mark-sent -----------------------------------------

export async function relayCrash(check: Check): Promise<void> {
  const USERS = 25;
  const CRASHES = 5;
  const STREAM = 'CHARTER_REL_CRASH';
  const nats = await startOwnedNats();
  const service = await startTestService();
  const logger = createLogger('error', () => {});
  const transports: NatsTransport[] = [];
  const open = async (name: string) => {
    const t = await natsTransport({ servers: nats.url, stream: STREAM, streamSubjects: ['users.>'], ackWaitMs: 2_000, publishTimeoutMs: 1_000, name });
    transports.push(t);
    return t;
  };
  let consumer: Awaited<ReturnType<typeof countingConsumer>> | undefined;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  try {
    // The events first (create, 2 updates, delete per user), so every relay below has work.
    let writes = 0;
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next++ < USERS) await userLifecycle(check, service.origin, service.asAdmin, agent, 2, () => (writes += 1));
      }),
    );
    const ids = (await service.db('outbox').orderBy('seq').select('id')).map((r: { id: string }) => r.id);
    consumer = await countingConsumer(await open('reliability-crash-consumer'), service.db, 'reliability-crash');
    const sink = consumer;

    // Publishes whose rows were not marked sent: the crashed publish and its batch-mates published
    // before it in the rolled-back transaction. A fresh relay publishes them again.
    let unmarked = 0;
    const crashedIds: string[] = [];
    for (let round = 0; round < CRASHES; round++) {
      // Each relay "process" dies on its Nth publish (N differs per round, so crashes land at
      // different places in a batch); once dead it throws on every publish, so nothing more it
      // publishes is ever marked sent.
      const crashAt = 7 + 3 * round;
      let published = 0;
      let crashed: string | undefined;
      const roundPublished: string[] = [];
      const transport = await open(`reliability-relay-${round}`);
      const relay = startRelay({
        db: service.db,
        transport,
        logger,
        listenUrl: service.database.url,
        batchSize: 5,
        pollIntervalMs: 100,
        afterPublish: (event) => {
          roundPublished.push(event.id);
          if (crashed) {
            throw new Error('the relay is dead');
          }
          if (++published === crashAt) {
            crashed = event.id;
            throw new Error('relay crashed after publishing, before marking sent');
          }
        },
      });
      await eventually(`relay ${round} to crash`, () => crashed !== undefined, 15_000);
      await relay.stop();
      await transport.close();
      check.tried += 1;
      crashedIds.push(crashed!);
      const row = await service.db('outbox').where({ id: crashed }).first('sent_at');
      check.expect(row?.sent_at === null, () => `round ${round}: the event published at the crash (${crashed}) was marked sent anyway`);
      unmarked += (await service.db('outbox').whereIn('id', roundPublished).whereNull('sent_at').select('id')).length;
    }
    const pendingAfterCrashes = Number((await service.db('outbox').whereNull('sent_at').count<{ count: string }[]>('* as count'))[0]!.count);
    const transport = await open('reliability-relay-fresh');
    const fresh = startRelay({ db: service.db, transport, logger, listenUrl: service.database.url, batchSize: 5, pollIntervalMs: 100 });
    try {
      await eventually(
        'the fresh relay to send everything and the consumer to see it',
        async () => Number((await service.db('outbox').whereNull('sent_at').count<{ count: string }[]>('* as count'))[0]!.count) === 0 && new Set(sink.effects.map((e) => e.id)).size >= ids.length,
        30_000,
        100,
      ).catch((err: Error) => check.fail(err.message));
    } finally {
      await fresh.stop();
    }
    const { lost, duplicates } = checkDelivery(check, ids, sink.effects, sink.dead);
    const redelivered = sink.deliveries.length - new Set(sink.deliveries).size;
    check.note(`${ids.length} events from ${writes} writes; ${CRASHES} relays killed between publish and mark-sent (${pendingAfterCrashes} events still pending after them, ${unmarked} publishes left unmarked), then a fresh relay; ${lost} lost, ${duplicates} duplicate effects, ${redelivered} duplicate deliveries reached the consumer (JetStream msgID dedupe)`);
  } finally {
    agent.destroy();
    await consumer?.stop().catch(() => {});
    for (const t of transports) await t.close().catch(() => {});
    await service.close();
    await nats.destroy();
  }
}

// ---- 4. SIGTERM under keep-alive load ------------------------------------------------------

export async function sigtermUnderLoad(check: Check): Promise<void> {
  const CONCURRENCY = 16;
  const database = await createScratchDatabase({ prefix: 'charter_rel' });
  let service: ServiceProcess | undefined;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    service = await startServiceProcess({ DATABASE_URL: database.url, SHUTDOWN_DRAIN_MS: '5000', LOG_LEVEL: 'info' });
    const origin = service.origin;
    const admin = await adminHeaders();
    const seed = await send(origin, '/v1/users', { method: 'POST', headers: { ...admin, ...json, 'idempotency-key': randomUUID() }, body: createBody('term') });
    if (seed.kind !== 'complete' || seed.status !== 201) throw new Error(`seed create: ${seed.kind === 'complete' ? seed.status : seed.kind}`);
    const seedId = (JSON.parse(seed.body) as { id: string }).id;

    const outcomes: Array<Outcome & { path: string }> = [];
    const acknowledged: string[] = [];
    let completed = 0;
    let signalAt = Number.POSITIVE_INFINITY;
    let abandon = false;
    // Reads, writes and health probes, all touching the database; each worker keeps one
    // keep-alive connection busy until a new connection is refused (the server has gone).
    const worker = async (index: number) => {
      for (let i = 0; !abandon; i++) {
        const kind = (index + i) % 4;
        const path = ['/v1/users', `/v1/users/${seedId}`, '/v1/users?limit=5', '/readyz'][kind]!;
        const outcome =
          kind === 0
            ? await send(origin, path, { method: 'POST', agent, headers: { ...admin, ...json, 'idempotency-key': randomUUID() }, body: createBody('term') })
            : await send(origin, path, { agent, headers: admin });
        outcomes.push({ ...outcome, path });
        check.tried += 1;
        if (outcome.kind === 'complete') {
          completed += 1;
          if (outcome.status === 201) acknowledged.push((JSON.parse(outcome.body) as { id: string }).id);
        } else return;
      }
    };
    const workers = Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => worker(i)));
    let code: number | null = null;
    try {
      await eventually('300 complete responses before SIGTERM', () => completed >= 300, 30_000);
      signalAt = performance.now();
      code = await service.stop(30_000);
      // The workers end on their first refused connection; abandon is only the bound if one never does.
      const ended = await Promise.race([workers.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 15_000).unref())]);
      check.expect(ended, () => 'a worker still got answers 15 s after the service exited');
    } finally {
      abandon = true;
      await workers;
    }
    const lost = outcomes.filter((o) => o.kind === 'lost');
    const refused = outcomes.filter((o) => o.kind === 'refused').length;
    check.expect(lost.length === 0, () => `${lost.length} requests sent but without a complete response: ${JSON.stringify(lost.slice(0, 3))}`);
    check.expect(code === 0, () => `exit code ${code} after SIGTERM:\n${service!.output().slice(-2000)}`);
    const statuses = new Map<number, number>();
    for (const o of outcomes) {
      if (o.kind !== 'complete') continue;
      count(statuses, o.status);
      const ok = o.path === '/readyz' ? [200, 503].includes(o.status) : o.status < 300;
      check.expect(ok, () => `${o.path}: ${o.status} ${o.body.slice(0, 200)}`);
    }
    const drained = outcomes.filter((o) => o.kind === 'complete' && o.at >= signalAt).length;
    check.expect(drained > 0, () => 'no request completed after SIGTERM: the drain was not exercised under load');
    check.expect(refused === CONCURRENCY, () => `${refused} refused connections, expected one per worker (${CONCURRENCY})`);
    const { rows } = await database.knex.raw<{ rows: Array<{ id: string }> }>('select id from users where id = any(?::uuid[])', [acknowledged]);
    const missing = acknowledged.length - rows.length;
    check.expect(missing === 0, () => `${missing} acknowledged creates missing after shutdown`);
    check.note(`${CONCURRENCY} keep-alive workers: ${statusMix(statuses)}; ${drained} answered after SIGTERM, ${lost.length} lost, ${refused} refused afterwards; exit ${code}; ${acknowledged.length} creates acknowledged, ${missing} missing`);
  } finally {
    agent.destroy();
    await service?.stop(5_000);
    await database.drop();
  }
}
