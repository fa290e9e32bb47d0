/**
 * Attacks on the real service: IDOR on every operation, forged and stale tokens, injection
 * strings in every string field and parameter, oversized bodies and headers, slow clients and a
 * burst over the rate limit. Invariants: no other user's data ever leaks, the right 401/403/404/
 * 413/429/431 each time, no 5xx.
 */
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Check } from './checks.ts';
import { loadServiceContract } from './contract-operations.ts';
import { responseViolation, send, type FuzzRequest } from './fuzz.ts';
import { startTestService, testToken, TEST_AUTH, type TestService } from '../../test/support/service.ts';

const json = { 'content-type': 'application/json' };

async function createUser(service: TestService, label: string): Promise<{ id: string; email: string; displayName: string }> {
  const email = `${label}-${randomUUID()}@example.com`;
  const displayName = `Secret ${label} ${randomUUID().slice(0, 8)}`;
  const res = await fetch(`${service.baseUrl}/users`, { method: 'POST', headers: { ...service.asAdmin, ...json, 'idempotency-key': randomUUID() }, body: JSON.stringify({ email, displayName }) });
  const body = (await res.json()) as { id: string };
  return { id: body.id, email, displayName };
}

/** One request per operation aimed at `victimId`, with a body the operation would otherwise accept. */
function operationRequests(victimId: string, auth: string): FuzzRequest[] {
  const h = (extra: Record<string, string> = {}) => ({ authorization: auth, accept: 'application/json', ...extra });
  return [
    { operationId: 'getUser', method: 'GET', url: `/users/${victimId}`, headers: h(), kind: 'idor' },
    { operationId: 'getUserProfile', method: 'GET', url: `/users/${victimId}/profile`, headers: h(), kind: 'idor' },
    { operationId: 'updateUser', method: 'PATCH', url: `/users/${victimId}`, headers: h({ 'content-type': 'application/merge-patch+json', 'if-match': '"1"' }), body: '{"displayName":"pwned"}', kind: 'idor' },
    { operationId: 'replaceUserPreferences', method: 'PUT', url: `/users/${victimId}/preferences`, headers: h(json), body: '{"theme":"dark","emailNotifications":true,"timezone":"UTC"}', kind: 'idor' },
    { operationId: 'deleteUser', method: 'DELETE', url: `/users/${victimId}`, headers: h(), kind: 'idor' },
    { operationId: 'listUsers', method: 'GET', url: `/users?limit=100`, headers: h(), kind: 'idor' },
    { operationId: 'createUser', method: 'POST', url: '/users', headers: h({ ...json, 'idempotency-key': randomUUID() }), body: JSON.stringify({ email: `a-${randomUUID()}@example.com`, displayName: 'x' }), kind: 'idor' },
  ];
}

export async function idor(check: Check): Promise<void> {
  const contract = loadServiceContract();
  const service = await startTestService();
  try {
    const victims = await Promise.all([createUser(service, 'victim1'), createUser(service, 'victim2')]);
    const attacker = await createUser(service, 'attacker');
    const token = await testToken({ sub: attacker.id, scopes: 'users:read users:write' });
    for (const victim of victims) {
      for (const req of operationRequests(victim.id, `Bearer ${token}`)) {
        check.tried += 1;
        const res = await send(service.baseUrl, req);
        const op = contract.operations.find((o) => o.operationId === req.operationId);
        const violation = responseViolation(contract, op, res);
        if (violation) check.fail(`${req.method} ${req.url} as another user: ${violation}`);
        if (res.text.includes(victim.email) || res.text.includes(victim.displayName) || res.text.includes(victim.id) && req.operationId === 'listUsers') {
          check.fail(`${req.method} ${req.url} leaked the victim's data: ${res.text.slice(0, 200)}`);
        }
        if (req.operationId === 'listUsers' || req.operationId === 'createUser') continue;
        check.expect(res.status === 404 && JSON.parse(res.text).code === 'USER_NOT_FOUND', () => `${req.method} ${req.url} as another user answered ${res.status} ${res.text.slice(0, 120)}, expected 404 USER_NOT_FOUND`);
      }
      // Nothing changed on the victim's side.
      const after = await fetch(`${service.baseUrl}/users/${victim.id}`, { headers: service.asAdmin }).then((r) => r.json() as Promise<{ displayName: string; status: string; version: number }>);
      check.expect(after.displayName === victim.displayName && after.status === 'active' && after.version === 1, () => `the victim ${victim.id} was changed: ${JSON.stringify(after)}`);
    }
  } finally {
    await service.close();
  }
}

export async function forgedTokens(check: Check): Promise<void> {
  const contract = loadServiceContract();
  const service = await startTestService();
  try {
    const user = await createUser(service, 'owner');
    const secret = new TextEncoder().encode(TEST_AUTH.secret);
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: user.id, scope: 'users:read users:write admin' };
    const sign = (payload: Record<string, unknown>, key = secret) => new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(key);
    const base = { ...claims, iss: TEST_AUTH.issuer, aud: TEST_AUTH.audience, iat: now, exp: now + 600 };
    const valid = await sign(base);
    const [h, p, s] = valid.split('.') as [string, string, string];
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const tokens: Record<string, string> = {
      expired: await sign({ ...base, iat: now - 3600, exp: now - 60 }),
      'not yet valid': await sign({ ...base, nbf: now + 3600 }),
      'wrong audience': await sign({ ...base, aud: 'someone-else' }),
      'wrong issuer': await sign({ ...base, iss: 'https://evil.example' }),
      'no exp': await sign({ sub: user.id, scope: 'admin', iss: TEST_AUTH.issuer, aud: TEST_AUTH.audience }),
      'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${p}.`,
      'wrong key': await sign(base, new TextEncoder().encode('a-completely-different-secret-of-32-chars!')),
      'tampered payload': `${h}.${b64({ ...base, sub: randomUUID() })}.${s}`,
      'truncated signature': `${h}.${p}.${s.slice(0, 10)}`,
      garbage: 'not-a-token',
      empty: '',
    };
    for (const [label, token] of Object.entries(tokens)) {
      for (const req of operationRequests(user.id, `Bearer ${token}`.trim())) {
        check.tried += 1;
        const res = await send(service.baseUrl, req);
        const violation = responseViolation(contract, contract.operations.find((o) => o.operationId === req.operationId), res);
        if (violation) check.fail(`${label} token, ${req.method} ${req.url}: ${violation}`);
        const code = res.status === 401 ? JSON.parse(res.text).code : undefined;
        check.expect(res.status === 401 && code === 'UNAUTHENTICATED', () => `${label} token, ${req.method} ${req.url}: ${res.status} ${res.text.slice(0, 120)}`);
        const www = await fetch(`${service.baseUrl}${req.url}`, { method: 'HEAD', headers: req.headers }).then((r) => r.headers.get('www-authenticate')).catch(() => null);
        check.expect(req.method !== 'GET' || /^Bearer /.test(www ?? ''), () => `${label} token, ${req.url}: no WWW-Authenticate (${www})`);
      }
    }
    // Scope without ownership: a read-only token may not write.
    const readOnly = await testToken({ sub: user.id, scopes: 'users:read' });
    const res = await send(service.baseUrl, operationRequests(user.id, `Bearer ${readOnly}`)[4]!);
    check.tried += 1;
    check.expect(res.status === 403, () => `read-only token deleting its own user answered ${res.status}`);
  } finally {
    await service.close();
  }
}

const INJECTIONS = ["' OR '1'='1", "'; DROP TABLE users; --", "\\'; select pg_sleep(5); --", '" OR ""="', '1; select * from users', "%' OR email LIKE '%", '_%', '\\', '{"$gt":""}', '"},"status":"deleted","x":{"', '\u0000', "admin'--", "') OR ('1'='1"];

export async function injection(check: Check): Promise<void> {
  const contract = loadServiceContract();
  const service = await startTestService();
  try {
    const user = await createUser(service, 'target');
    const h = { ...service.asAdmin, accept: 'application/json' };
    const requests: FuzzRequest[] = [];
    for (const s of INJECTIONS) {
      const q = encodeURIComponent(s);
      requests.push(
        { operationId: 'listUsers', method: 'GET', url: `/users?emailPrefix=${q}`, headers: h, kind: s },
        { operationId: 'listUsers', method: 'GET', url: `/users?cursor=${q}`, headers: h, kind: s },
        { operationId: 'getUser', method: 'GET', url: `/users/${q}`, headers: h, kind: s },
        { operationId: 'getUser', method: 'GET', url: `/users/${user.id}`, headers: { ...h, 'if-none-match': s.replace(/\u0000/g, '') }, kind: s },
        { operationId: 'createUser', method: 'POST', url: '/users', headers: { ...h, ...json, 'idempotency-key': s.replace(/\u0000/g, '') || 'k' }, body: JSON.stringify({ email: `${s}@example.com`, displayName: s, locale: s }), kind: s },
        { operationId: 'createUser', method: 'POST', url: '/users', headers: { ...h, ...json, 'idempotency-key': randomUUID() }, body: JSON.stringify({ email: `inj-${randomUUID()}@example.com`, displayName: s }), kind: s },
        { operationId: 'updateUser', method: 'PATCH', url: `/users/${user.id}`, headers: { ...h, 'content-type': 'application/merge-patch+json', 'if-match': s.replace(/\u0000/g, '') || '"1"' }, body: JSON.stringify({ displayName: s }), kind: s },
        { operationId: 'replaceUserPreferences', method: 'PUT', url: `/users/${user.id}/preferences`, headers: { ...h, ...json }, body: JSON.stringify({ theme: 'dark', emailNotifications: false, timezone: s }), kind: s },
      );
    }
    const before = await service.db('users').count<{ count: string }[]>('* as count');
    let created = 0;
    for (const req of requests) {
      check.tried += 1;
      const started = Date.now();
      const res = await send(service.baseUrl, req);
      if (res.status === 201) created += 1;
      const violation = responseViolation(contract, contract.operations.find((o) => o.operationId === req.operationId), res);
      if (violation) check.fail(`${req.method} ${req.url.slice(0, 120)} with ${JSON.stringify(req.kind)}: ${violation}`);
      check.expect(Date.now() - started < 3_000, () => `${JSON.stringify(req.kind)} took ${Date.now() - started} ms (pg_sleep reached SQL?)`);
      if (req.operationId === 'listUsers' && res.status === 200) {
        const items = (JSON.parse(res.text) as { items: Array<{ email?: string }> }).items;
        const prefix = decodeURIComponent(req.url.split('emailPrefix=')[1] ?? '');
        if (prefix) check.expect(items.every((u) => u.email?.toLowerCase().startsWith(prefix.toLowerCase())), () => `emailPrefix ${JSON.stringify(prefix)} matched users outside the prefix (wildcards not escaped?)`);
      }
    }
    const after = await service.db('users').count<{ count: string }[]>('* as count');
    check.expect(Number(after[0]!.count) === Number(before[0]!.count) + created, () => `user count moved by ${Number(after[0]!.count) - Number(before[0]!.count)}, ${created} creates succeeded`);
    const tables = await service.db.raw("select count(*)::int as n from information_schema.tables where table_name = 'users'");
    check.expect(tables.rows[0].n === 1, () => 'the users table is gone');
  } finally {
    await service.close();
  }
}

/** Raw HTTP on a socket, for requests no client library will send. */
function rawRequest(port: number, text: string | Buffer, options: { endAfterMs?: number } = {}): Promise<{ head: string; body: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (d) => (data += d.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n');
      resolve({ head, body, ms: Date.now() - started });
    });
    socket.write(text);
    if (options.endAfterMs !== undefined) setTimeout(() => socket.end(), options.endAfterMs);
  });
}

export async function oversizedAndSlow(check: Check): Promise<void> {
  const service = await startTestService({ bodyLimitBytes: 100 * 1024 });
  const port = Number(new URL(service.origin).port);
  try {
    const big = JSON.stringify({ email: 'big@example.com', displayName: 'x'.repeat(300 * 1024) });
    for (const [label, headers] of [
      ['with content-length', { 'content-length': String(big.length) }],
      ['chunked', { 'transfer-encoding': 'chunked' }],
    ] as const) {
      check.tried += 1;
      const res = await fetch(`${service.baseUrl}/users`, { method: 'POST', headers: { ...service.asAdmin, ...json, 'idempotency-key': randomUUID(), ...(label === 'chunked' ? {} : {}) }, body: big, ...(headers['transfer-encoding'] ? { duplex: 'half' } : {}) } as RequestInit);
      const body = (await res.json().catch(() => ({}))) as { code?: string };
      check.expect(res.status === 413 && body.code === 'PAYLOAD_TOO_LARGE', () => `300 KiB body (${label}) answered ${res.status} ${JSON.stringify(body)}`);
    }
    for (const [label, header] of [
      ['one 20 KiB header', `X-Big: ${'a'.repeat(20 * 1024)}\r\n`],
      ['500 small headers', Array.from({ length: 500 }, (_, i) => `X-H${i}: ${'b'.repeat(40)}\r\n`).join('')],
      ['a 20 KiB URL', ''],
    ] as const) {
      check.tried += 1;
      const url = label === 'a 20 KiB URL' ? `/v1/users?cursor=${'c'.repeat(20 * 1024)}` : '/v1/users';
      const res = await rawRequest(port, `GET ${url} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${service.adminToken}\r\n${header}\r\n`);
      check.expect(/^HTTP\/1\.1 431/.test(res.head) && /application\/problem\+json/.test(res.head) && res.body.includes('REQUEST_HEADERS_TOO_LARGE'), () => `${label}: ${res.head.split('\r\n')[0]} ${res.body.slice(0, 100)}`);
    }
    // Slow clients: headers that never finish, and a body that trickles in after complete headers.
    const slow = await Promise.all([
      ...Array.from({ length: 5 }, () => rawRequest(port, 'GET /v1/users HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n')),
      ...Array.from({ length: 3 }, () => {
        return new Promise<{ head: string; body: string; ms: number }>((resolve) => {
          const started = Date.now();
          const socket = net.connect(port, '127.0.0.1');
          let data = '';
          socket.on('data', (d) => (data += d.toString()));
          socket.on('error', () => {});
          socket.write(`POST /v1/users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${service.adminToken}\r\nContent-Type: application/json\r\nIdempotency-Key: ${randomUUID()}\r\nContent-Length: 100000\r\n\r\n{`);
          const drip = setInterval(() => socket.writable && socket.write(' '), 1_000);
          socket.on('close', () => {
            clearInterval(drip);
            resolve({ head: data.split('\r\n\r\n')[0] ?? '', body: '', ms: Date.now() - started });
          });
        });
      }),
      // Meanwhile the service keeps answering everyone else.
      (async () => {
        await new Promise((r) => setTimeout(r, 2_000));
        const res = await fetch(`${service.origin}/healthz`);
        return { head: `HTTP/1.1 ${res.status} (healthz during the slow clients)`, body: '', ms: 0 };
      })(),
    ]);
    for (const [i, r] of slow.entries()) {
      check.tried += 1;
      if (i === slow.length - 1) check.expect(r.head.includes('200'), () => `healthz during slow clients: ${r.head}`);
      else if (i < 5) check.expect(r.ms < 13_000 && /^HTTP\/1\.1 408/.test(r.head), () => `slow headers: cut after ${r.ms} ms with ${JSON.stringify(r.head.split('\r\n')[0])}`);
      else check.expect(r.ms < 35_000 && !/^HTTP\/1\.1 5/.test(r.head), () => `slow body: cut after ${r.ms} ms with ${JSON.stringify(r.head.split('\r\n')[0])}`);
    }
    check.note(`slow headers cut after ≤ ${Math.max(...slow.slice(0, 5).map((r) => r.ms))} ms, slow bodies after ≤ ${Math.max(...slow.slice(5, 8).map((r) => r.ms))} ms`);
  } finally {
    await service.close();
  }
}

export async function rateLimitBurst(check: Check): Promise<void> {
  const service = await startTestService({ rateLimits: { reads: { limit: 20, windowSeconds: 60 } } });
  try {
    const user = await createUser(service, 'burst');
    const token = await testToken({ sub: user.id, scopes: 'users:read' });
    const results = await Promise.all(
      Array.from({ length: 60 }, () => fetch(`${service.baseUrl}/users/${user.id}`, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => ({ status: r.status, retryAfter: r.headers.get('retry-after'), body: await r.text() }))),
    );
    check.tried += results.length;
    const ok = results.filter((r) => r.status === 200).length;
    const limited = results.filter((r) => r.status === 429);
    check.expect(ok === 20, () => `${ok} of 60 burst requests passed a limit of 20`);
    check.expect(limited.length === 40, () => `${limited.length} burst requests were limited, expected 40 (statuses ${results.map((r) => r.status).join(',')})`);
    for (const r of limited) check.expect(Number(r.retryAfter) > 0 && JSON.parse(r.body).code === 'RATE_LIMITED', () => `429 without Retry-After or RATE_LIMITED: ${r.retryAfter} ${r.body.slice(0, 100)}`);
    check.note(`60 concurrent reads against a limit of 20: ${ok}×200, ${limited.length}×429`);
  } finally {
    await service.close();
  }
}
