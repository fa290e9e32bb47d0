import { afterEach, describe, expect, it, vi } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { batchedDestination, createLogger, describeError, knexLogTo, LOG_BATCH_DELAY_MS } from './logger.ts';
import { runInRequestScope } from './observability/request-scope.ts';
import { continueTrace } from './observability/trace-context.ts';

function capture(level: 'debug' | 'info' = 'debug') {
  const lines: string[] = [];
  const logger = createLogger(level, (line) => lines.push(line));
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, any>) };
}

describe('logger', () => {
  it('writes one JSON object per line with a level name, an ISO time and the message', () => {
    const { logger, parsed } = capture();
    logger.info({ answer: 42 }, 'hello');
    expect(parsed()).toEqual([expect.objectContaining({ level: 'info', msg: 'hello', answer: 42, time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) })]);
  });

  it('drops lines below the configured level', () => {
    const { logger, lines } = capture('info');
    logger.debug({}, 'noise');
    logger.warn({}, 'signal');
    expect(lines).toHaveLength(1);
  });

  it('redacts authorization headers, cookies, passwords, tokens and emails at any depth the service uses', () => {
    const { logger, lines, parsed } = capture();
    logger.info(
      {
        req: { headers: { authorization: 'Bearer eyJhbGciOi.secret-jwt', cookie: 'sid=session-secret', 'set-cookie': 'a=b' } },
        body: { email: 'ada@example.com', password: 'correct horse battery staple' },
        token: 'top-level-token',
        user: { profile: { email: 'deep@example.com' } },
        auth: { accessToken: 'access-secret', refreshToken: 'refresh-secret' },
      },
      'request with secrets',
    );
    const text = lines.join('\n');
    for (const secret of ['secret-jwt', 'session-secret', 'ada@example.com', 'correct horse', 'top-level-token', 'deep@example.com', 'access-secret', 'refresh-secret']) {
      expect(text).not.toContain(secret);
    }
    const [line] = parsed();
    expect(line!.req.headers.authorization).toBe('[Redacted]');
    expect(line!.body.email).toBe('[Redacted]');
    expect(line!.msg).toBe('request with secrets');
  });

  it('masks only the password of database URLs, keeping host and database for debugging', () => {
    const { logger, parsed } = capture();
    logger.warn({ databaseUrl: 'postgres://app:s3cr3t@db.internal:5432/charter', config: { DATABASE_URL: 'postgres://app:other@db:5432/x' } }, 'db');
    const [line] = parsed();
    expect(line!.databaseUrl).toBe('postgres://app:***@db.internal:5432/charter');
    expect(line!.config.DATABASE_URL).toBe('postgres://app:***@db:5432/x');
  });

  it('keeps redacting in child loggers', () => {
    const { logger, lines } = capture();
    logger.child({ component: 'relay' }).info({ token: 'child-token' }, 'child');
    expect(lines.join('\n')).not.toContain('child-token');
    expect(JSON.parse(lines[0]!)).toMatchObject({ component: 'relay', token: '[Redacted]' });
  });

  it('stamps lines written inside a request scope with its request id and trace id, and only those', () => {
    const { logger, parsed } = capture();
    const trace = continueTrace(undefined);
    logger.info({}, 'before');
    runInRequestScope({ requestId: 'req-1', trace }, () => logger.info({}, 'inside'));
    const [before, inside] = parsed();
    expect(before).not.toHaveProperty('requestId');
    expect(inside).toMatchObject({ requestId: 'req-1', traceId: trace.traceId, spanId: trace.spanId });
  });
});

describe('describeError', () => {
  it('follows the cause chain and includes stacks by default', () => {
    const root = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const described = describeError(new Error('Cannot reach PostgreSQL', { cause: root }));
    expect(described).toMatchObject({
      message: 'Cannot reach PostgreSQL',
      stack: expect.stringContaining('Error: Cannot reach PostgreSQL'),
      cause: { message: 'connect ECONNREFUSED 127.0.0.1:5432', code: 'ECONNREFUSED', stack: expect.any(String) },
    });
  });

  it('leaves stacks out when asked, for client errors', () => {
    const described = describeError(new Error('outer', { cause: new Error('inner') }), { stack: false });
    expect(described).not.toHaveProperty('stack');
    expect(described.cause).not.toHaveProperty('stack');
  });

  it('stops a cyclic cause chain', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(() => JSON.stringify(describeError(a))).not.toThrow();
  });

  it('passes Knex warnings and debug lines into the log without throwing', () => {
    const { logger, parsed } = capture();
    const log = knexLogTo(logger);
    log('warn', 'Timeout acquiring a connection. The pool is probably full.');
    log('debug', 'pool: acquire');
    expect(parsed()).toEqual([
      expect.objectContaining({ level: 'warn', source: 'knex', knexLevel: 'warn', msg: 'Timeout acquiring a connection. The pool is probably full.' }),
      expect.objectContaining({ level: 'debug', source: 'knex', knexLevel: 'debug', msg: 'pool: acquire' }),
    ]);
  });
});

describe('batchedDestination', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands the lines of one batch window to the stream as one write, in order, once the delay has passed', () => {
    vi.useFakeTimers();
    const writes: string[] = [];
    const out = batchedDestination({ write: (chunk) => writes.push(chunk) });
    out.write('{"n":1}\n');
    out.write('{"n":2}\n');
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(LOG_BATCH_DELAY_MS - 1);
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(writes).toEqual(['{"n":1}\n{"n":2}\n']);
    out.write('{"n":3}\n');
    vi.advanceTimersByTime(LOG_BATCH_DELAY_MS);
    expect(writes).toEqual(['{"n":1}\n{"n":2}\n', '{"n":3}\n']);
  });

  it('writes a full batch at once, and flushBatch writes what is pending (nothing when nothing is)', () => {
    vi.useFakeTimers();
    const writes: string[] = [];
    const out = batchedDestination({ write: (chunk) => writes.push(chunk) }, 1000, 10);
    out.write('12345\n');
    out.write('67890\n');
    expect(writes).toEqual(['12345\n67890\n']);
    out.write('abc\n');
    out.flushBatch();
    out.flushBatch();
    expect(writes).toEqual(['12345\n67890\n', 'abc\n']);
    vi.advanceTimersByTime(1000);
    expect(writes).toHaveLength(2);
  });

  it('carries a pino logger: every line arrives whole', () => {
    vi.useFakeTimers();
    const writes: string[] = [];
    const logger = createLogger('info', batchedDestination({ write: (chunk) => writes.push(chunk) }));
    logger.info({ a: 1 }, 'one');
    logger.info({ a: 2 }, 'two');
    vi.advanceTimersByTime(LOG_BATCH_DELAY_MS);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.split('\n').filter(Boolean).map((l) => JSON.parse(l).msg)).toEqual(['one', 'two']);
  });
});

/** Runs `body` in a child process whose stdout is a pipe, with `createLogger`, `drainStdoutLogs` and `printAfterLogs` imported; what it printed. */
async function inChild(body: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const logger = new URL('./logger.ts', import.meta.url).href;
  const script = [`const { createLogger, drainStdoutLogs, printAfterLogs } = await import(${JSON.stringify(logger)});`, ...body].join('\n');
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

// A few small lines, then one of 1 MiB: far more than a pipe holds, so its asynchronous write is
// still in flight when the next statement runs.
const LOG_PAST_THE_PIPE = [
  `const log = createLogger('info');`,
  `for (let i = 0; i < 3; i++) log.info({ i }, 'line');`,
  `log.info({ i: 3, pad: 'x'.repeat(1 << 20) }, 'line');`,
];

describe('stdout', () => {
  it('prints the banner after every line logged before it, even while a large log write is still in flight', async () => {
    const { code, stdout, stderr } = await inChild([...LOG_PAST_THE_PIPE, `printAfterLogs('BANNER');`]);
    expect(code, stderr).toBe(0);
    const lines = stdout.split('\n').filter(Boolean);
    expect(lines.at(-1)).toBe('BANNER');
    expect(lines.slice(0, -1).map((line) => JSON.parse(line).i as number)).toEqual([0, 1, 2, 3]);
  });

  it('loses nothing to process.exit after drainStdoutLogs, even a write still in flight', async () => {
    const { code, stdout, stderr } = await inChild([...LOG_PAST_THE_PIPE, `log.info({ i: 4 }, 'last');`, `await drainStdoutLogs();`, `process.exit(3);`]);
    expect(code, stderr).toBe(3);
    const lines = stdout.split('\n').filter(Boolean);
    expect(lines.map((line) => JSON.parse(line).i as number)).toEqual([0, 1, 2, 3, 4]);
    expect(JSON.parse(lines[3]!).pad).toHaveLength(1 << 20);
  });
});
