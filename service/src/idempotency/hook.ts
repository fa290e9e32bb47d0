import type { Knex } from 'knex';
import type { HandlerInput, HandlerResult, OperationSpec } from '../../../generated/server/runtime.ts';
import type { Request } from 'express';
import type { RequestContext } from '../http/context.ts';
import type { IdempotencyStore } from './guard.ts';

/**
 * The router's `around` hook: an operation the contract marks as taking an Idempotency-Key runs
 * in one transaction with its stored response (the handler gets that transaction as `ctx.db`), so
 * the business write, its outbox row and the replayable response commit together.
 */
export function idempotencyHook(store: IdempotencyStore, db: Knex, onReplay?: (operationId: string) => void) {
  return async (
    op: OperationSpec,
    call: { input: HandlerInput; ctx: RequestContext; req: Request },
    next: (ctx: RequestContext) => Promise<HandlerResult>,
  ): Promise<HandlerResult> => {
    const key = call.input.headers['idempotency-key'];
    if (!op.idempotency || typeof key !== 'string') return next(call.ctx);
    const principal = call.ctx.principal ? `sub:${call.ctx.principal.subject}` : `ip:${call.req.ip ?? 'unknown'}`;
    const result = await store.run(
      db,
      {
        principal,
        key,
        operationId: op.operationId,
        method: call.req.method,
        path: call.req.originalUrl.split('?')[0] ?? '',
        body: call.input.body,
      },
      (trx) => next({ ...call.ctx, db: trx }),
    );
    if (result.headers?.['Idempotent-Replayed'] === 'true') onReplay?.(op.operationId);
    return result;
  };
}
