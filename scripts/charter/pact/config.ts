/**
 * The `provider:` section of charter.config.yaml: which provider this project is, and how
 * `charter verify` reaches it.
 *
 *   provider:
 *     name: users-service                       # default: the one provider the pacts name
 *     states: service/src/pact/provider.ts      # the provider-states module (see pact/index.ts)
 *     command: node service/src/pact/start-provider.ts   # starts the provider for `verify`
 *     url: http://127.0.0.1:${PORT}             # where it listens (default as shown; ${PORT} is a free port)
 *     ready: /readyz                            # polled until it answers 2xx (default: any answer at url)
 *     readyTimeoutSeconds: 60                   # how long `verify` waits for it
 *     deployments: pacts/deployments.yaml       # `record-deployment` / `can-i-deploy --env`
 *
 * Paths are relative to the config file. A mistake here is a located ContractError (exit 2).
 */
import { ContractError } from '../loader/errors.ts';
import { closest } from '../loader/suggest.ts';
import type { ProjectConfig } from '../config/project.ts';

export interface ProviderConfig {
  name?: string;
  /** Absolute path of the provider-states module. */
  states?: string;
  command?: string;
  /** May contain `${PORT}`. */
  url: string;
  ready?: string;
  readyTimeoutSeconds: number;
  /** Absolute path of the deployments file. */
  deployments: string;
}

export const DEFAULT_PROVIDER_URL = 'http://127.0.0.1:${PORT}';
export const DEFAULT_DEPLOYMENTS = 'deployments.yaml';
const KEYS = ['name', 'states', 'command', 'url', 'ready', 'readyTimeoutSeconds', 'deployments'] as const;

export function providerConfigOf(project: ProjectConfig): ProviderConfig {
  const at = (pointer: string) => project.locate(pointer);
  const out: ProviderConfig = { url: DEFAULT_PROVIDER_URL, readyTimeoutSeconds: 60, deployments: `${project.pacts}/${DEFAULT_DEPLOYMENTS}` };
  const raw = project.section('provider');
  if (raw === undefined || raw === null) return out;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ContractError('`provider` must be a mapping (name, states, command, url, ready, …)', at('/provider'));
  const text = (key: string, value: unknown): string => {
    if (typeof value !== 'string' || value.trim() === '') throw new ContractError(`\`provider.${key}\` must be a non-empty string`, at(`/provider/${key}`));
    return value;
  };
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    switch (key) {
      case 'name':
        out.name = text(key, value);
        break;
      case 'states':
        out.states = project.resolve(text(key, value));
        break;
      case 'command':
        out.command = text(key, value);
        break;
      case 'url': {
        const url = text(key, value);
        if (!/^https?:\/\//.test(url)) throw new ContractError('`provider.url` must be an http(s) URL, e.g. http://127.0.0.1:${PORT}', at('/provider/url'));
        out.url = url.replace(/\/+$/, '');
        break;
      }
      case 'ready': {
        const ready = text(key, value);
        if (!ready.startsWith('/')) throw new ContractError('`provider.ready` must be a path on the provider, e.g. /readyz', at('/provider/ready'));
        out.ready = ready;
        break;
      }
      case 'readyTimeoutSeconds':
        if (typeof value !== 'number' || !(value > 0)) throw new ContractError('`provider.readyTimeoutSeconds` must be a positive number', at('/provider/readyTimeoutSeconds'));
        out.readyTimeoutSeconds = value;
        break;
      case 'deployments':
        out.deployments = project.resolve(text(key, value));
        break;
      default: {
        const near = closest(key, KEYS);
        throw new ContractError(`unknown setting provider.${key}`, at(`/provider/${key}`), near ? `Did you mean ${near}?` : `The provider section takes ${KEYS.join(', ')}.`);
      }
    }
  }
  return out;
}
