/**
 * `@charter/cli/pact`: the interface a provider team implements so `charter verify` can verify
 * its service against its consumers' pacts. Name the module in charter.config.yaml
 * (`provider.states: path/to/provider.ts`, or the compiled `.js`); verify loads it with
 * `import()` and uses its default export (or an export named `providerStates`).
 *
 *   import { defineProviderStates } from '@charter/cli/pact';
 *
 *   export default defineProviderStates({
 *     async prepare() { … return { env: { DATABASE_URL } } },   // before the provider starts
 *     states: {
 *       'user u1 exists': async (params, ctx) => ({ userId: … }),        // setup only
 *       'a lock is held': { setup: async () => …, teardown: async () => … },
 *     },
 *     messages: { 'a userCreated event': async () => ({ content: payload, metadata: { subject } }) },
 *     requestFilter: (req) => { req.headers.authorization = `Bearer ${token}`; },
 *     async close() { … },                                          // after verification, always
 *   });
 *
 * The order `verify` runs things in: prepare → start `provider.command` (with prepare's env) and
 * wait until ready → for each interaction: the setup of each provider state (its returned values
 * are injected where the consumer used `fromProviderState`), the request (through the
 * requestFilter) or the message producer, the teardown of each state → stop the provider → close.
 */

export type StateParams = Record<string, unknown>;
/** Values Pact injects into the request where the consumer used `fromProviderState` (e.g. `{ userId }`). */
export type StateValues = Record<string, unknown>;

export interface ProviderContext {
  /** The provider's base URL, e.g. http://127.0.0.1:41234. */
  providerUrl: string;
  /** Whether `verify` started the provider (false with `--provider-url`). */
  started: boolean;
  /** The project root (the folder of charter.config.yaml). */
  root: string;
}

export type StateFunction = (params: StateParams, ctx: ProviderContext) => Promise<StateValues | void> | StateValues | void;

export interface StateHandler {
  setup?: StateFunction;
  teardown?: StateFunction;
}

export interface MessageRequest {
  /** The interaction's description, e.g. "a userCreated event". */
  description: string;
  providerStates: Array<{ name: string; params?: StateParams }>;
}

/** A produced message: its body, and metadata (headers, subject, contentType) to match the pact's. */
export interface ProducedMessage {
  content: unknown;
  metadata?: Record<string, unknown>;
}

export type MessageProducer = (message: MessageRequest, ctx: ProviderContext) => Promise<ProducedMessage> | ProducedMessage;

/** The request Pact replays, before it reaches the provider. Change `headers` in place. */
export interface ProviderRequest {
  method: string;
  /** Path and query string, e.g. /v1/users?limit=2. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

export type RequestFilter = (request: ProviderRequest, ctx: ProviderContext) => Promise<void> | void;

export interface PrepareContext {
  root: string;
  /** Set with `--provider-url`: the provider is already running and `provider.command` is not run. */
  providerUrl?: string;
}

export interface ProviderStates {
  /** Before the provider starts: make what it needs (a scratch database, a secret) and hand it its environment. */
  prepare?: (ctx: PrepareContext) => Promise<{ env?: Record<string, string> } | void> | { env?: Record<string, string> } | void;
  /** Provider state name → handler. A function is a setup with no teardown. */
  states?: Record<string, StateFunction | StateHandler>;
  /** Message interaction description → producer (message pacts). */
  messages?: Record<string, MessageProducer>;
  /** Runs on every replayed HTTP request, e.g. to swap the consumer's placeholder token for a real one. */
  requestFilter?: RequestFilter;
  /** After verification, whatever its outcome: release what prepare made. */
  close?: () => Promise<void> | void;
}

/** Types a provider-states module's export (and does nothing else). */
export function defineProviderStates(states: ProviderStates): ProviderStates {
  return states;
}

export type { VerifyReport, VerifiedConsumer, VerifiedInteraction } from './verify-report.ts';
