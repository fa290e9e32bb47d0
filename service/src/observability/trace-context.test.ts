import { describe, expect, it } from 'vitest';
import { continueTrace, parseTraceparent } from './trace-context.ts';

const VALID = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('W3C trace context', () => {
  it('continues a valid traceparent: same trace id, a new span id, the caller as parent', () => {
    const trace = continueTrace(VALID);
    expect(trace.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(trace.parentSpanId).toBe('00f067aa0ba902b7');
    expect(trace.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(trace.spanId).not.toBe('00f067aa0ba902b7');
    expect(trace.traceparent).toBe(`00-4bf92f3577b34da6a3ce929d0e0e4736-${trace.spanId}-01`);
  });

  it('starts a new trace when the header is absent', () => {
    const trace = continueTrace(undefined);
    expect(trace.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(trace.parentSpanId).toBeUndefined();
  });

  it.each([
    ['garbage', 'not-a-traceparent'],
    ['upper-case hex', VALID.toUpperCase()],
    ['an all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['an all-zero parent id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['extra fields on version 00', `${VALID}-extra`],
    ['a short trace id', '00-4bf92f3577b34da6a3ce929d0e0e47-00f067aa0ba902b7-01'],
  ])('starts a new trace instead of continuing %s', (_label, header) => {
    expect(parseTraceparent(header)).toBeUndefined();
    const trace = continueTrace(header);
    expect(trace.traceId).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(trace.parentSpanId).toBeUndefined();
  });

  it('accepts a future version with extra fields, as the spec asks', () => {
    expect(parseTraceparent(`01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-comes-next`)).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentId: '00f067aa0ba902b7',
      flags: '01',
    });
  });

  it('forwards only the sampled flag', () => {
    expect(continueTrace('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00').flags).toBe('00');
    expect(continueTrace('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff').flags).toBe('01');
  });
});
