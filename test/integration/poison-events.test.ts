import { randomBytes, randomUUID } from 'node:crypto';
import { connect } from 'nats';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createSubscriber,
  inProcessTransport,
  natsTransport,
  type DeadLetter,
  type EventTransport,
  type OutgoingEvent,
  type ReceivedEvent,
} from '../../generated/events/index.ts';
import { eventually } from '../support/eventually.ts';

// A message whose handler always fails must not stall its consumer: it is redelivered with backoff
// up to the delivery limit, handed to the dead-letter hook, and the next message flows. On the real
// NATS JetStream at 127.0.0.1:4222 (NATS_URL overrides), one stream and prefix per test, and in-process.
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const RUN = randomBytes(4).toString('hex');
const streams: string[] = [];
const cleanups: Array<() => Promise<unknown>> = [];

afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
  const nc = await connect({ servers: NATS_URL });
  const jsm = await nc.jetstreamManager();
  for (const s of streams) await jsm.streams.delete(s).catch(() => {});
  await nc.close();
});

function deleted(userId: string, version: number): OutgoingEvent {
  const id = randomUUID();
  return {
    id,
    subject: `users.${userId}.deleted`,
    message: 'userDeleted',
    headers: { 'ce-id': id, 'ce-type': 't', 'ce-source': '/test', 'ce-specversion': '1.0', 'ce-time': new Date().toISOString() },
    payload: { userId, version, deletedAt: new Date().toISOString() },
  };
}

async function natsBus(label: string) {
  const stream = `CHARTER_P_${RUN}_${label}`.toUpperCase();
  const prefix = `p${RUN}${label}`;
  streams.push(stream);
  const t = await natsTransport({ servers: NATS_URL, stream, streamSubjects: [`${prefix}.>`], subjectPrefix: prefix, publishTimeoutMs: 2_000, ackWaitMs: 5_000 });
  cleanups.push(() => t.close());
  return { transport: t as EventTransport, prefix };
}

/** A consumer whose handler throws for one user id: the poison. Records when each delivery happened. */
async function poisoned(transport: EventTransport, prefix: string | undefined, poisonUser: string) {
  const deliveries: Array<{ userId: string; at: number; attempt: number }> = [];
  const handled: ReceivedEvent[] = [];
  const dead: Array<DeadLetter & { at: number }> = [];
  const handlerErrors: unknown[] = [];
  const sub = await createSubscriber({
    transport,
    durable: `poison-${RUN}-${randomBytes(2).toString('hex')}`,
    subjectPrefix: prefix,
    onDeadLetter: (letter) => void dead.push({ ...letter, at: performance.now() }),
    onHandlerError: (err) => void handlerErrors.push(err),
  })
    .on('userDeleted', (event) => {
      deliveries.push({ userId: event.payload.userId, at: performance.now(), attempt: event.redeliveryCount });
      if (event.payload.userId === poisonUser) throw new Error('this handler cannot process the message');
      handled.push(event);
    })
    .start();
  cleanups.push(() => sub.stop());
  return { deliveries, handled, dead, handlerErrors };
}

const cases: Array<[string, () => Promise<{ transport: EventTransport; prefix: string | undefined }>]> = [
  ['NATS JetStream', () => natsBus(`a${streams.length}`)],
  ['the in-process transport', async () => ({ transport: inProcessTransport(), prefix: undefined })],
];

describe.each(cases)('a poison message on %s', (_name, open) => {
  it('is retried with backoff up to the delivery limit, dead-lettered with the handler error, and the next message follows within 1 s', async () => {
    const { transport, prefix } = await open();
    const poison = randomUUID();
    const next = randomUUID();
    const sink = await poisoned(transport, prefix, poison);
    await transport.publish(deleted(poison, 2));
    await transport.publish(deleted(next, 2));

    await eventually('the message after the poison', () => sink.handled.length === 1, 10_000);
    const poisonDeliveries = sink.deliveries.filter((d) => d.userId === poison);
    expect(poisonDeliveries.map((d) => d.attempt)).toEqual([1, 2, 3, 4, 5]);
    // Backoff: each retry waits at least as long as the one before.
    const gaps = poisonDeliveries.slice(1).map((d, i) => d.at - poisonDeliveries[i]!.at);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]!).toBeGreaterThanOrEqual(gaps[i - 1]! * 0.9);
    expect(gaps[0]!).toBeGreaterThanOrEqual(40);

    expect(sink.dead).toHaveLength(1);
    expect(sink.dead[0]).toMatchObject({ attempts: 5, reason: expect.stringMatching(/handler failed on delivery 5 of 5: this handler cannot process/) });
    expect(sink.dead[0]!.error).toBeInstanceOf(Error);
    expect(sink.handlerErrors).toHaveLength(5);

    const nextDelivery = sink.deliveries.find((d) => d.userId === next)!;
    const fromPoison = nextDelivery.at - poisonDeliveries[0]!.at;
    console.log(`[poison] ${_name}: next message ${fromPoison.toFixed(0)} ms after the poison's first delivery, ${(nextDelivery.at - sink.dead[0]!.at).toFixed(0)} ms after its dead letter`);
    expect(fromPoison).toBeLessThan(1_000);
    expect(sink.handled[0]!.payload).toMatchObject({ userId: next });

    // And the consumer keeps flowing afterwards.
    const later = randomUUID();
    await transport.publish(deleted(later, 3));
    await eventually('a later message', () => sink.handled.length === 2, 5_000);
    expect(sink.deliveries.filter((d) => d.userId === poison)).toHaveLength(5);
  }, 30_000);

  it('dead-letters an invalid payload at once, with one attempt, and delivers the next', async () => {
    const { transport, prefix } = await open();
    const sink = await poisoned(transport, prefix, 'none');
    const bad = deleted(randomUUID(), 2);
    bad.payload = { userId: 'x' };
    await transport.publish(bad);
    await transport.publish(deleted(randomUUID(), 2));
    await eventually('the valid message', () => sink.handled.length === 1, 10_000);
    expect(sink.dead).toHaveLength(1);
    expect(sink.dead[0]).toMatchObject({ attempts: 1 });
  }, 20_000);
});

describe('a JetStream durable made without a delivery limit', () => {
  it('gets max_deliver when a subscriber attaches to it', async () => {
    const { transport, prefix } = await natsBus('b');
    const stream = streams.at(-1)!;
    const nc = await connect({ servers: NATS_URL });
    cleanups.push(() => nc.close());
    const jsm = await nc.jetstreamManager();
    const durable = `legacy-${RUN}`;
    await jsm.consumers.add(stream, { durable_name: durable, ack_policy: 'explicit' as never, max_ack_pending: 1 });
    const sub = await createSubscriber({ transport, durable, subjectPrefix: prefix }).on('userDeleted', () => {}).start();
    cleanups.push(() => sub.stop());
    const info = await jsm.consumers.info(stream, durable);
    expect(info.config.max_deliver).toBe(5);
  });
});
