import { AsyncLocalStorage } from 'node:async_hooks';
import type { TraceContext } from './trace-context.ts';

/** What every log line written while serving a request is stamped with. */
export interface RequestScope {
  requestId: string;
  trace: TraceContext;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` (and everything it awaits or schedules) inside the request's scope. */
export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

/**
 * The fields the logger mixes into each line. Going through AsyncLocalStorage rather than child
 * loggers means code that only holds the root logger (Knex hooks, the issue-5 modules, the
 * router's error callbacks) still writes lines that carry the request's ids.
 */
export function requestLogFields(): Record<string, string> {
  const scope = storage.getStore();
  return scope ? { requestId: scope.requestId, traceId: scope.trace.traceId, spanId: scope.trace.spanId } : {};
}
