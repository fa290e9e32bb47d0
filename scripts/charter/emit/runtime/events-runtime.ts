/**
 * Runtime of the generated event publisher and subscriber. `charter generate` copies this file
 * verbatim to generated/events/runtime.ts; the generated index.ts gives it the channel table
 * and message schemas and types its surface per message. Messages are CloudEvents 1.0 in binary
 * mode: attributes travel as `ce-*` headers, the payload is the JSON body.
 *
 * Two transports sit behind one interface: NATS JetStream (subjects are the channel addresses,
 * optionally under a prefix; the stream is created when missing; the CloudEvents id is the
 * JetStream `msgID`, so the broker drops re-publishes inside its duplicate window) and an
 * in-process bus for running without a broker.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import {
  AckPolicy,
  DeliverPolicy,
  connect,
  headers as natsHeaders,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
} from 'nats';

/** One event ready to leave the process: what an outbox row holds. */
export interface OutgoingEvent {
  /** The CloudEvents id; also the broker's deduplication id. */
  id: string;
  /** The channel address with its parameters filled in, without any transport prefix. */
  subject: string;
  /** The AsyncAPI message id. */
  message: string;
  headers: Record<string, string>;
  payload: unknown;
}

export interface Delivery {
  subject: string;
  headers: Record<string, string>;
  /** The raw body; the subscriber parses and validates it. */
  data: Uint8Array;
  /** How many times the broker has delivered this message (1 on first delivery). */
  redeliveryCount: number;
  /** The transport's delivery limit: a delivery with `redeliveryCount >= maxDeliveries` is the last one. */
  maxDeliveries?: number;
}

export type DeliveryOutcome = 'ack' | 'retry';

export interface Subscription {
  /** Stops receiving; in-flight handlers finish first. */
  stop(): Promise<void>;
}

export interface EventTransport {
  publish(event: OutgoingEvent): Promise<void>;
  /** Delivers every message whose subject matches one of `subjects` (NATS wildcards) to `deliver`, one at a time, in order. */
  subscribe(args: { durable: string; subjects: string[]; deliver(delivery: Delivery): Promise<DeliveryOutcome> }): Promise<Subscription>;
  close(): Promise<void>;
}

export interface ChannelInfo {
  address: string;
  parameters: readonly string[];
  messages: readonly string[];
}

export interface MessageInfo {
  name: string;
  contentType: string;
  schema: { payload: unknown; headers: unknown };
}

/** `users.{userId}.created` → `users.*.created`: the subject filter matching every instance of a channel. */
export function subjectFilter(address: string): string {
  return address.replace(/\{[^}]+\}/g, '*');
}

/** NATS subject matching: `*` is one token, a trailing `>` is one or more. */
export function subjectMatches(filter: string, subject: string): boolean {
  const f = filter.split('.');
  const s = subject.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (f[i] !== '*' && f[i] !== s[i]) return false;
  }
  return f.length === s.length;
}

function withPrefix(prefix: string | undefined, subject: string): string {
  return prefix ? `${prefix}.${subject}` : subject;
}

function withoutPrefix(prefix: string | undefined, subject: string): string {
  return prefix && subject.startsWith(`${prefix}.`) ? subject.slice(prefix.length + 1) : subject;
}

// ---- validation ------------------------------------------------------------------------------

const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

export class MessageValidator {
  readonly #payload = new Map<string, ValidateFunction>();
  readonly #headers = new Map<string, ValidateFunction>();

  constructor(messages: Record<string, MessageInfo>) {
    // Schemas are draft-07 unless they name JSON Schema 2019-09 or 2020-12 in `$schema`.
    const validators = new Map<string, Ajv>();
    const ajvFor = (schema: unknown): Ajv => {
      const uri = schema && typeof schema === 'object' ? (schema as { $schema?: unknown }).$schema : undefined;
      const dialect = typeof uri === 'string' && uri.includes('2020-12') ? '2020-12' : typeof uri === 'string' && uri.includes('2019-09') ? '2019-09' : 'draft-07';
      let ajv = validators.get(dialect);
      if (!ajv) {
        const opts = { strict: false, allErrors: true } as const;
        ajv = dialect === '2020-12' ? new Ajv2020(opts) : dialect === '2019-09' ? new Ajv2019(opts) : new Ajv(opts);
        (addFormats as unknown as (a: Ajv) => void)(ajv);
        validators.set(dialect, ajv);
      }
      return ajv;
    };
    for (const [id, m] of Object.entries(messages)) {
      this.#payload.set(id, ajvFor(m.schema.payload).compile(m.schema.payload as object));
      this.#headers.set(id, ajvFor(m.schema.headers).compile(m.schema.headers as object));
    }
  }

  /** Problems with the message, or [] when payload and headers match the contract. */
  check(message: string, payload: unknown, headers: unknown): string[] {
    const p = this.#payload.get(message);
    const h = this.#headers.get(message);
    if (!p || !h) return [`unknown message ${message}`];
    const problems: string[] = [];
    if (!p(payload)) problems.push(...(p.errors ?? []).map((e) => `payload${e.instancePath} ${e.message ?? 'is invalid'}`));
    if (!h(headers)) problems.push(...(h.errors ?? []).map((e) => `headers${e.instancePath} ${e.message ?? 'is invalid'}`));
    return problems;
  }
}

export class InvalidEventError extends Error {
  readonly messageId: string;
  readonly problems: string[];

  constructor(messageId: string, problems: string[]) {
    super(`event ${messageId} does not match the contract: ${problems.join('; ')}`);
    this.name = 'InvalidEventError';
    this.messageId = messageId;
    this.problems = problems;
  }
}

// ---- building events -------------------------------------------------------------------------

export interface EventAttributes {
  /** CloudEvents `type`, e.g. `dev.example.user.created.v1`. */
  type: string;
  source: string;
  id?: string;
  time?: Date;
  subject?: string;
  traceparent?: string;
}

/** Builds and validates one event; throws InvalidEventError when the payload breaks the contract. */
export function buildEvent(
  validator: MessageValidator,
  message: string,
  subject: string,
  payload: unknown,
  attributes: EventAttributes,
): OutgoingEvent {
  const headers: Record<string, string> = {
    'ce-id': attributes.id ?? crypto.randomUUID(),
    'ce-type': attributes.type,
    'ce-source': attributes.source,
    'ce-specversion': '1.0',
    'ce-time': (attributes.time ?? new Date()).toISOString(),
  };
  if (attributes.subject !== undefined) headers['ce-subject'] = attributes.subject;
  if (attributes.traceparent !== undefined) headers['traceparent'] = attributes.traceparent;
  const problems = validator.check(message, payload, headers);
  if (problems.length) throw new InvalidEventError(message, problems);
  return { id: headers['ce-id']!, subject, message, headers, payload };
}

// ---- subscribing -----------------------------------------------------------------------------

export interface ReceivedEvent<P = unknown, H = Record<string, string>> {
  message: string;
  subject: string;
  payload: P;
  /** The CloudEvents attributes and other headers, as sent. */
  attributes: H;
  redeliveryCount: number;
}

export interface DeadLetter {
  subject: string;
  headers: Record<string, string>;
  data: Uint8Array;
  reason: string;
  /** Deliveries made before giving up (1 for a message refused on arrival). */
  attempts: number;
  /** The handler's last error, when the handler failed on every delivery. */
  error?: unknown;
}

/** Delivery limit and retry delays shared by both transports (JetStream `max_deliver`, and the naks' delays). */
export interface RedeliveryPolicy {
  /** Deliveries of one message before it goes to the dead-letter hook (JetStream `max_deliver`); default 5. */
  maxDeliveries?: number;
  /**
   * Delay before redelivery after the nth failed delivery; the last value repeats. Default
   * 50, 100, 200, 400 ms: a message that fails every time is dead-lettered within about 0.75 s, and
   * since one message at a time is in flight (to keep order), the next message follows then.
   */
  retryDelaysMs?: readonly number[];
}

export const DEFAULT_MAX_DELIVERIES = 5;
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [50, 100, 200, 400];

function retryDelay(delays: readonly number[], attempt: number): number {
  return delays.length === 0 ? 0 : delays[Math.min(attempt - 1, delays.length - 1)]!;
}

export interface SubscriberOptions {
  transport: EventTransport;
  /** Durable consumer name: the broker remembers what this consumer has acknowledged. */
  durable: string;
  /** Prepended to every channel address (for isolating environments or test runs). */
  subjectPrefix?: string;
  /**
   * Gets messages that fail validation or name no known channel (on arrival), and messages whose
   * handler failed on every delivery up to the transport's limit (`error` holds the last failure).
   * They are then acknowledged, never redelivered, so the next message flows.
   */
  onDeadLetter?(letter: DeadLetter): void | Promise<void>;
  /** Told about every handler failure; the message is redelivered until the delivery limit, then dead-lettered. */
  onHandlerError?(err: unknown, event: ReceivedEvent): void;
}

type AnyHandler = (event: ReceivedEvent<any, any>) => Promise<void> | void;

/** Routes deliveries to per-message handlers after validating them against the message schema. */
export function createRuntimeSubscriber(
  channels: Record<string, ChannelInfo>,
  messages: Record<string, MessageInfo>,
  options: SubscriberOptions,
) {
  const validator = new MessageValidator(messages);
  const handlers = new Map<string, AnyHandler>();
  const routes = Object.values(channels).map((c) => ({ filter: subjectFilter(c.address), messages: c.messages }));

  const deliver = async (d: Delivery): Promise<DeliveryOutcome> => {
    const subject = withoutPrefix(options.subjectPrefix, d.subject);
    const dead = async (reason: string, error?: unknown): Promise<DeliveryOutcome> => {
      const letter: DeadLetter = { subject: d.subject, headers: d.headers, data: d.data, reason, attempts: d.redeliveryCount };
      if (error !== undefined) letter.error = error;
      await options.onDeadLetter?.(letter);
      return 'ack';
    };
    const route = routes.find((r) => subjectMatches(r.filter, subject));
    if (!route) return dead(`no channel matches subject ${subject}`);
    let payload: unknown;
    try {
      payload = JSON.parse(new TextDecoder().decode(d.data));
    } catch {
      return dead('the body is not JSON');
    }
    let reasons: string[] = [];
    const message = route.messages.find((m) => {
      reasons = validator.check(m, payload, d.headers);
      return reasons.length === 0;
    });
    if (!message) return dead(reasons.join('; ') || 'no message of the channel matches');
    const handler = handlers.get(message);
    // A message nobody here handles is acknowledged: this consumer has no interest in it.
    if (!handler) return 'ack';
    const event: ReceivedEvent = { message, subject, payload, attributes: d.headers, redeliveryCount: d.redeliveryCount };
    try {
      await handler(event);
      return 'ack';
    } catch (err) {
      options.onHandlerError?.(err, event);
      const max = d.maxDeliveries;
      if (max !== undefined && d.redeliveryCount >= max) {
        const why = err instanceof Error ? err.message : String(err);
        return dead(`the handler failed on delivery ${d.redeliveryCount} of ${max}: ${why}`, err);
      }
      return 'retry';
    }
  };

  return {
    handle(message: string, handler: AnyHandler): void {
      if (!messages[message]) throw new Error(`unknown message ${message}`);
      handlers.set(message, handler);
    },
    start(): Promise<Subscription> {
      const interesting = Object.values(channels).filter((c) => c.messages.some((m) => handlers.has(m)));
      return options.transport.subscribe({
        durable: options.durable,
        subjects: interesting.map((c) => withPrefix(options.subjectPrefix, subjectFilter(c.address))),
        deliver,
      });
    },
  };
}

// ---- transports ------------------------------------------------------------------------------

/**
 * Delivery inside one process, for running without a broker. Like JetStream it drops an event
 * whose id it has already seen, delivers to each subscriber in publish order, redelivers a failed
 * message after the policy's delays up to its delivery limit, and then moves on to the next one
 * (the subscriber dead-letters the message on its last delivery).
 */
export function inProcessTransport(policy: RedeliveryPolicy = {}): EventTransport {
  const maxDeliveries = policy.maxDeliveries ?? DEFAULT_MAX_DELIVERIES;
  const delays = policy.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const subscribers = new Set<{ subjects: string[]; queue: Promise<void>; deliver(d: Delivery): Promise<DeliveryOutcome> }>();
  const seen = new Set<string>();
  return {
    async publish(event) {
      if (seen.has(event.id)) return;
      seen.add(event.id);
      const data = new TextEncoder().encode(JSON.stringify(event.payload));
      for (const s of subscribers) {
        if (!s.subjects.some((f) => subjectMatches(f, event.subject))) continue;
        const delivery: Delivery = { subject: event.subject, headers: { ...event.headers }, data, redeliveryCount: 1, maxDeliveries };
        s.queue = s.queue.then(async () => {
          for (let attempt = 1; attempt <= maxDeliveries; attempt++) {
            delivery.redeliveryCount = attempt;
            if ((await s.deliver(delivery).catch(() => 'retry' as const)) === 'ack') return;
            if (attempt < maxDeliveries) await new Promise((resolve) => setTimeout(resolve, retryDelay(delays, attempt)));
          }
        });
      }
    },
    async subscribe(args) {
      const s = { subjects: args.subjects, queue: Promise.resolve(), deliver: args.deliver };
      subscribers.add(s);
      return {
        async stop() {
          subscribers.delete(s);
          await s.queue;
        },
      };
    },
    async close() {
      await Promise.all([...subscribers].map((s) => s.queue));
      subscribers.clear();
    },
  };
}

export interface NatsTransportOptions extends RedeliveryPolicy {
  servers: string | string[];
  /** The JetStream stream holding the events; created when missing. */
  stream: string;
  /** Subjects the stream captures, e.g. `["users.>"]` (already prefixed). */
  streamSubjects: string[];
  /** Prepended to every subject published (must match streamSubjects). */
  subjectPrefix?: string;
  /** How long JetStream remembers msgIDs to drop duplicates. */
  duplicateWindowMs?: number;
  /** Bounds each publish, so a dead broker fails the publish instead of hanging it. */
  publishTimeoutMs?: number;
  name?: string;
  /**
   * How long a delivery may stay unacknowledged (a hung handler, a crashed process) before
   * JetStream redelivers it. A handler that fails is not waited for: it is nak'd with `retryDelaysMs`.
   */
  ackWaitMs?: number;
}

export interface NatsTransport extends EventTransport {
  connection: NatsConnection;
}

export async function natsTransport(options: NatsTransportOptions): Promise<NatsTransport> {
  const nc = await connect({
    servers: options.servers,
    ...(options.name !== undefined && { name: options.name }),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
  });
  const jsm: JetStreamManager = await nc.jetstreamManager();
  const ms = (n: number) => n * 1_000_000;
  try {
    await jsm.streams.info(options.stream);
  } catch {
    await jsm.streams
      .add({ name: options.stream, subjects: options.streamSubjects, duplicate_window: ms(options.duplicateWindowMs ?? 120_000) })
      .catch(async (err: unknown) => {
        // Another process created it first.
        await jsm.streams.info(options.stream).catch(() => {
          throw err;
        });
      });
  }
  const js: JetStreamClient = nc.jetstream({ timeout: options.publishTimeoutMs ?? 5_000 });
  const subscriptions = new Set<Subscription>();

  return {
    connection: nc,
    async publish(event) {
      const h = natsHeaders();
      for (const [k, v] of Object.entries(event.headers)) h.set(k, v);
      h.set('content-type', 'application/json');
      await js.publish(withPrefix(options.subjectPrefix, event.subject), new TextEncoder().encode(JSON.stringify(event.payload)), {
        msgID: event.id,
        headers: h,
      });
    },
    async subscribe(args) {
      const maxDeliveries = options.maxDeliveries ?? DEFAULT_MAX_DELIVERIES;
      const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
      const ackWait = options.ackWaitMs ?? 30_000;
      const config = {
        durable_name: args.durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: ms(ackWait),
        // After max_deliver deliveries JetStream stops redelivering; the subscriber has dead-lettered
        // the message on the last one. The backoff between deliveries is each nak's delay
        // (retryDelaysMs), not the consumer's `backoff` list: nats-server 2.9 adds a `backoff` step
        // to every nak delay (a nak of 100 ms on the second delivery waited 10 s with backoff
        // [5 s, 10 s, …]), which would stall the consumer behind a failing message for minutes.
        max_deliver: maxDeliveries,
        // One unacknowledged message at a time keeps delivery in order per subject.
        max_ack_pending: 1,
        // Several filters need NATS 2.10; with more than one subject the consumer takes the whole
        // stream and the subscriber acknowledges what it has no handler for.
        ...(args.subjects.length === 1 && { filter_subject: args.subjects[0] }),
      };
      let exists = false;
      try {
        await jsm.consumers.info(options.stream, args.durable);
        exists = true;
      } catch {
        await jsm.consumers.add(options.stream, config);
      }
      if (exists) {
        // A durable made by an older version has no delivery limit: give it this one's.
        const { durable_name: _name, deliver_policy: _deliver, ack_policy: _ack, filter_subject: _filter, ...editable } = config as typeof config & { filter_subject?: string };
        await jsm.consumers.update(options.stream, args.durable, editable).catch(() => {});
      }
      const consumer = await js.consumers.get(options.stream, args.durable);
      const messages: ConsumerMessages = await consumer.consume({ max_messages: 16 });
      const loop = (async () => {
        for await (const m of messages) {
          const headers: Record<string, string> = {};
          for (const [k, values] of m.headers ?? []) if (k !== 'content-type' && !k.startsWith('Nats-')) headers[k] = values[0] ?? '';
          let outcome: DeliveryOutcome;
          try {
            outcome = await args.deliver({ subject: m.subject, headers, data: m.data, redeliveryCount: m.info.redeliveryCount, maxDeliveries });
          } catch {
            outcome = 'retry';
          }
          if (outcome === 'ack') await m.ackAck().catch(() => m.ack());
          else if (m.info.redeliveryCount >= maxDeliveries) m.term();
          else m.nak(retryDelay(delays, m.info.redeliveryCount));
        }
      })();
      const sub: Subscription = {
        async stop() {
          subscriptions.delete(sub);
          await messages.close().catch(() => {});
          await loop.catch(() => {});
        },
      };
      subscriptions.add(sub);
      return sub;
    },
    async close() {
      for (const s of [...subscriptions]) await s.stop();
      await nc.drain().catch(() => nc.close());
    },
  };
}
