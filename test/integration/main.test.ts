import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { DEVELOPMENT_SECRET, mintToken } from '../../service/src/auth/tokens.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface Started {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the API root printed on startup, or rejects with everything printed if it exits first. */
  url: Promise<string>;
}

function startMain(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--conditions=charter-source', '--import', 'tsx', 'service/src/main.ts'], {
    cwd: repoRoot,
    // Only what the service needs: an inherited DATABASE_URL or PORT must not leak in.
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+\/v1)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`service exited with ${code} before listening:\n${output}`)));
  });
  url.catch(() => {});
  return { child, output: () => output, url };
}

describe('npm start (service/src/main.ts)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('migrates, serves the API, and exits 0 after a graceful SIGTERM', async () => {
    const started = startMain({ DATABASE_URL: database.url });
    try {
      const url = await started.url;
      expect(started.output()).toMatch(/migrations applied/);
      // The default configuration outside production: the development secret, issuer and audience.
      const token = await mintToken({ secret: DEVELOPMENT_SECRET, subject: 'ops', scopes: ['admin'], issuer: 'charter-dev', audience: 'charter-users-api' });
      expect((await fetch(`${url}/users`)).status).toBe(401);
      const res = await fetch(`${url}/users`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ items: [], nextCursor: null });
    } finally {
      started.child.kill('SIGTERM');
    }
    const [code] = await once(started.child, 'exit');
    expect(code, started.output()).toBe(0);
    expect(started.output()).toMatch(/shutting down/);
  });

  it('finds the schema up to date on the next start', async () => {
    const started = startMain({ DATABASE_URL: database.url });
    try {
      await started.url;
      expect(started.output()).toMatch(/database schema is up to date/);
    } finally {
      started.child.kill('SIGTERM');
    }
    await once(started.child, 'exit');
  });

  it('refuses to start with exit code 78 and names each invalid variable', async () => {
    const started = startMain({ DATABASE_URL: 'mysql://nope', PORT: 'eighty' });
    const [code] = await once(started.child, 'exit');
    expect(code).toBe(78);
    expect(started.output()).toMatch(/PORT must be an integer/);
    expect(started.output()).toMatch(/DATABASE_URL must use the postgres:\/\//);
  });
});
