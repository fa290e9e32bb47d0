import { describe, expect, it } from 'vitest';
import { openEventTransport } from './transport.ts';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

describe('openEventTransport', () => {
  it('has no broker check for in-process delivery', async () => {
    const t = await openEventTransport({ natsUrl: undefined, stream: 'unused', subjectPrefix: undefined });
    expect(t.kind).toBe('in-process');
    expect(t.brokerCheck).toBeUndefined();
    await t.transport.close();
  });

  it('reports the NATS broker ready while connected and not ready once the connection is closed', async () => {
    const suffix = Math.random().toString(36).slice(2, 10);
    const t = await openEventTransport({ natsUrl: NATS_URL, stream: `CHARTER_READY_${suffix}`, subjectPrefix: `ready${suffix}` });
    try {
      expect(t.kind).toBe('nats');
      expect(await t.brokerCheck!()).toBeUndefined();
      await t.transport.close();
      expect(await t.brokerCheck!()).toMatch(/closed/);
    } finally {
      await t.transport.close().catch(() => {});
    }
  });
});
