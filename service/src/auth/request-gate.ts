import type { Request, Response } from 'express';
import { problems } from '../../../generated/errors/index.ts';
import type { HandlerResult, OperationSpec } from '../../../generated/server/runtime.ts';
import type { DecisionSource, RateLimiter } from '../ratelimit/limiter.ts';
import { canonicalUserId } from '../users/ids.ts';
import { authenticate, authorize } from './admission.ts';
import type { TokenVerifier } from './tokens.ts';

export interface RequestGateOptions {
  verifier: TokenVerifier;
  /** Absent: no rate limiting. */
  limiter?: RateLimiter;
  realm?: string;
  /** Called for every request the rate limit turns away (for the rejections metric). */
  onRateLimited?(operationId: string): void;
  /** Called for every rate-limit decision with where it came from (for the decisions metric). */
  onDecision?(operationId: string, source: DecisionSource): void;
}

/**
 * What every request passes before its body is even parsed, driven by the contract's operation
 * table: who is calling (bearer token), whether they are over the operation's rate limit (counted
 * per caller, or per client IP when the token is missing or bad), and whether their scopes allow
 * the operation. The verified principal is left in `res.locals.principal` for the handler context.
 */
/** One subject, one counter: the upper- and lower-case spellings of a user id count together. */
function canonicalSubject(subject: string): string {
  return canonicalUserId(subject) ?? subject;
}

export function createRequestGate(options: RequestGateOptions) {
  const realm = options.realm ?? 'charter';
  return async (op: OperationSpec, req: Request, res: Response): Promise<HandlerResult | undefined> => {
    const auth = await authenticate(options.verifier, req.get('authorization'));
    if (auth.kind === 'authenticated') res.locals.principal = auth.principal;
    if (options.limiter && op.rateLimit) {
      const ip = req.ip ?? 'unknown';
      // Anonymous and invalid-token callers are counted by address only, in memory (see ratelimit/limiter.ts).
      const caller = auth.kind === 'authenticated' ? { subject: canonicalSubject(auth.principal.subject), ip } : { ip };
      const decision = await options.limiter.check(op.rateLimit, caller);
      options.onDecision?.(op.operationId, decision.source);
      if (decision.unavailable) {
        return problems.serviceUnavailable({
          headers: { 'Retry-After': String(decision.retryAfterSeconds) },
          detail: 'The rate-limit store is not answering and this service fails closed; retry shortly.',
        });
      }
      for (const [name, value] of Object.entries(decision.headers)) res.setHeader(name, value);
      if (!decision.allowed) {
        options.onRateLimited?.(op.operationId);
        return problems.rateLimited(
          { retryAfterSeconds: decision.retryAfterSeconds },
          {
            headers: { 'Retry-After': String(decision.retryAfterSeconds) },
            detail: `Over the ${op.rateLimit.group} limit; retry in ${decision.retryAfterSeconds} s.`,
          },
        );
      }
    }
    return authorize(op, auth, realm);
  };
}
