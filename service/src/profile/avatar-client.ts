import type { AvatarSource } from '../users/domain.ts';
import { CircuitBreaker, type BreakerState } from './circuit-breaker.ts';

export interface AvatarClientOptions {
  /** The avatar service's base URL; the client calls GET {baseUrl}/avatars/{userId}. */
  baseUrl: string;
  /** Bounds each call, so a slow avatar service delays a profile by at most this much. */
  timeoutMs: number;
  failureThreshold: number;
  coolDownMs: number;
  now?: () => number;
  onStateChange?(from: BreakerState, to: BreakerState): void;
}

class AvatarServiceError extends Error {}

/**
 * The external avatar service behind a timeout and a circuit breaker. Every failure (timeout,
 * refused connection, 5xx, malformed body) and every call the open breaker skips answers
 * 'unavailable', so the profile degrades instead of failing or waiting.
 */
export function createAvatarClient(options: AvatarClientOptions): AvatarSource & { breaker: CircuitBreaker } {
  const breaker = new CircuitBreaker({
    failureThreshold: options.failureThreshold,
    coolDownMs: options.coolDownMs,
    now: options.now,
    onStateChange: options.onStateChange,
  });
  const base = options.baseUrl.replace(/\/+$/, '');
  return {
    breaker,
    async avatarFor(userId) {
      const outcome = await breaker.run(async () => {
        const response = await fetch(`${base}/avatars/${encodeURIComponent(userId)}`, {
          signal: AbortSignal.timeout(options.timeoutMs),
          headers: { accept: 'application/json' },
        });
        // No avatar is an answer, not a failure: it must not open the breaker.
        if (response.status === 404) return undefined;
        if (!response.ok) throw new AvatarServiceError(`avatar service answered ${response.status}`);
        const body = (await response.json()) as { url?: unknown };
        if (typeof body.url !== 'string' || !URL.canParse(body.url)) throw new AvatarServiceError('avatar service sent no valid url');
        return body.url;
      });
      if (outcome.kind !== 'ok') return { kind: 'unavailable' };
      return outcome.value === undefined ? { kind: 'none' } : { kind: 'found', avatar: { url: outcome.value } };
    },
  };
}
