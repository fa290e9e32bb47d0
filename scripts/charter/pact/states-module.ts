/**
 * Loads the provider-states module named by `provider.states` and adapts it to the Pact
 * verifier's hooks. The module's interface is documented in pact/index.ts.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ContractError } from '../loader/errors.ts';
import type { MessageProducer, ProviderContext, ProviderStates, StateFunction, StateHandler } from './index.ts';

const KEYS = ['prepare', 'states', 'messages', 'requestFilter', 'close'];

export async function loadStatesModule(file: string, shown: string): Promise<ProviderStates> {
  if (!fs.existsSync(file)) throw new ContractError(`the provider-states module ${shown} does not exist`, { file: shown }, 'Fix provider.states in charter.config.yaml (it is relative to the config file).');
  let mod: Record<string, unknown>;
  try {
    if (/\.[mc]?ts$/.test(file)) await registerTsx(file);
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    throw new ContractError(`cannot load the provider-states module: ${(e as Error).message}`, { file: shown });
  }
  const states = (mod.default ?? mod.providerStates) as unknown;
  if (!states || typeof states !== 'object') {
    throw new ContractError('the provider-states module has no default export (or `providerStates` export) describing its states', { file: shown }, "Export `defineProviderStates({ states, messages, requestFilter })` from '@charter/cli/pact' as its default.");
  }
  for (const key of Object.keys(states)) {
    if (!KEYS.includes(key)) throw new ContractError(`the provider-states module exports an unknown member "${key}"`, { file: shown }, `It may export ${KEYS.join(', ')}.`);
  }
  const s = states as ProviderStates;
  for (const [key, kind] of [['prepare', 'function'], ['requestFilter', 'function'], ['close', 'function'], ['states', 'object'], ['messages', 'object']] as const) {
    if (s[key] !== undefined && typeof s[key] !== kind) throw new ContractError(`the provider-states module's ${key} must be a${kind === 'object' ? 'n object' : ' function'}`, { file: shown });
  }
  for (const [name, h] of Object.entries(s.states ?? {})) {
    const ok = typeof h === 'function' || (h && typeof h === 'object' && ['setup', 'teardown'].every((k) => (h as Record<string, unknown>)[k] === undefined || typeof (h as Record<string, unknown>)[k] === 'function'));
    if (!ok) throw new ContractError(`provider state "${name}" must be a function or { setup, teardown } functions`, { file: shown });
  }
  return s;
}

/**
 * A TypeScript module whose imports use `.js` specifiers for `.ts` files (as `tsc` wants) does
 * not load under Node's type stripping alone. When the project has tsx, it is registered first;
 * without it the module loads as Node loads it.
 */
async function registerTsx(file: string): Promise<void> {
  let api: string;
  try {
    api = createRequire(path.join(path.dirname(file), 'noop.js')).resolve('tsx/esm/api');
  } catch {
    return;
  }
  const { register } = (await import(pathToFileURL(api).href)) as { register: () => unknown };
  register();
}

type PactStateFunc = (params?: unknown) => Promise<Record<string, unknown> | void>;

/** Pact's stateHandlers for the states the pacts use: each missing one fails its interactions, by name. */
export function pactStateHandlers(states: ProviderStates, used: string[], ctx: ProviderContext, shown: string): Record<string, { setup: PactStateFunc; teardown: PactStateFunc }> {
  const out: Record<string, { setup: PactStateFunc; teardown: PactStateFunc }> = {};
  const call = (fn: StateFunction | undefined) => async (params?: unknown) => {
    if (!fn) return undefined;
    const values = await fn((params && typeof params === 'object' ? params : {}) as Record<string, unknown>, ctx);
    return values ?? undefined;
  };
  for (const name of new Set([...used, ...Object.keys(states.states ?? {})])) {
    const h = states.states?.[name];
    if (!h) {
      const missing = async () => {
        throw new Error(`no handler for provider state "${name}" in ${shown}`);
      };
      out[name] = { setup: missing, teardown: async () => undefined };
      continue;
    }
    const handler: StateHandler = typeof h === 'function' ? { setup: h } : h;
    out[name] = { setup: call(handler.setup), teardown: call(handler.teardown) };
  }
  return out;
}

/** Pact's messageProviders: the producer's content as the message, its metadata as Pact's message metadata. */
export function pactMessageProviders(
  messages: Record<string, MessageProducer> | undefined,
  used: Array<{ description: string; providerStates: Array<{ name: string; params?: Record<string, unknown> }> }>,
  ctx: ProviderContext,
  shown: string,
): Record<string, () => Promise<unknown>> {
  const out: Record<string, () => Promise<unknown>> = {};
  for (const m of used) {
    const producer = messages?.[m.description];
    out[m.description] = async () => {
      if (!producer) throw new Error(`no message producer for "${m.description}" in ${shown}`);
      const produced = await producer({ description: m.description, providerStates: m.providerStates }, ctx);
      if (!produced || typeof produced !== 'object' || !('content' in produced)) throw new Error(`the message producer for "${m.description}" must return { content, metadata? }`);
      return { __pactMessageMetadata: produced.metadata ?? {}, message: produced.content };
    };
  }
  return out;
}
