/**
 * The committed pacts hold against the project as it is: the static check passes and the real
 * service, started on a test database, satisfies every recorded interaction.
 */
import { describe, expect, it } from 'vitest';
import { runCharter } from '../support/cli.ts';

describe('the recorded consumer pacts', () => {
  it('are allowed by the contracts (can-i-deploy passes for web and notifier)', { timeout: 240_000 }, () => {
    const r = runCharter(['can-i-deploy']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/notifier\s+2 messages\s+✔ compatible/);
    expect(r.stdout).toMatch(/web\s+12 http\s+✔ compatible/);
  });

  it('are honoured by the real service (charter verify passes)', { timeout: 240_000 }, () => {
    const r = runCharter(['verify'], { timeoutMs: 240_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('✔ verified: notifier, web');
  });
});
