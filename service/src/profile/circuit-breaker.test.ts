import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.ts';

const fail = async () => {
  throw new Error('down');
};
const succeed = async () => 'ok';

describe('CircuitBreaker', () => {
  it('opens after the threshold of consecutive failures and refuses calls without running them', async () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 3, coolDownMs: 1_000, now: () => now });
    await breaker.run(fail);
    await breaker.run(succeed); // a success resets the count
    await breaker.run(fail);
    await breaker.run(fail);
    expect(breaker.state).toBe('closed');
    await breaker.run(fail);
    expect(breaker.state).toBe('open');
    let ran = false;
    expect(await breaker.run(async () => (ran = true))).toEqual({ kind: 'rejected' });
    expect(ran).toBe(false);
    now += 1_000;
    expect(breaker.state).toBe('half-open');
  });

  it('lets only one probe through while half-open', async () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, coolDownMs: 10, now: () => now });
    await breaker.run(fail);
    now = 10;
    let release!: () => void;
    const probe = breaker.run(() => new Promise<string>((resolve) => (release = () => resolve('ok'))));
    expect(await breaker.run(succeed)).toEqual({ kind: 'rejected' });
    release();
    expect(await probe).toEqual({ kind: 'ok', value: 'ok' });
    expect(breaker.state).toBe('closed');
  });
});
