/**
 * What the full service stack costs per request against the floor (raw node:http + pg doing the
 * same database work), on the same database and data, measured in one invocation with rounds
 * interleaved so drift on a shared machine hits both alike. See docs/performance.md.
 *
 *   npm run bench:service -- [--duration 10] [--runs 3] [--connections 50] [--users 100000]
 *                            [--rate <req/s for the fixed-load latency phase; default half the floor's>]
 *                            [--profile-seconds 10] [--profile-rate <req/s>] [--only get|create] [--log-file <path>]
 *                            [--baseline <another checkout, e.g. `git archive HEAD` unpacked>]
 *                            [--baseline-node <node binary for the baseline>] [--references off]
 *                            [--production on]
 *
 * For getUser it also runs two reference stacks (reference-server.ts): Express 5 + pg, and Express 5 +
 * express-openapi-validator + pg, the parts the brief makes mandatory, with none of the service's own
 * work; `--references off` leaves them out.
 * The CPU profile is taken under wrk's closed loop, or with `--profile-rate` under the open-loop
 * load at that rate (getUser), where requests arrive one at a time and per-request costs that a
 * busy loop amortises (wake-ups, syscalls, timers) show.
 * `--production on` also runs our service with NODE_ENV=production (response validation off), as `production`.
 * `--baseline` also runs that checkout's service (same env, same database), interleaved with the
 * others, so an optimisation's before/after is measured under the same machine load.
 * The servers run pinned to one core and wrk to the other (taskset), as in the issue's numbers.
 * Our service runs as in development (response validation on) with the access log at info, JWT
 * verification, metrics, ETags and Knex: nothing is switched off except the rate limiter, whose
 * 300 requests/minute policy would otherwise answer almost every benchmark request with 429.
 */
import { randomBytes } from 'node:crypto';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { connectDatabase } from '../../../service/src/db/connection.ts';
import { migrateToLatest } from '../../../service/src/db/migrations/index.ts';
import { mintToken } from '../../../service/src/auth/tokens.ts';
import { median, table } from '../measure.ts';
import { topSelfTime } from './cpu-profile.ts';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const duration = Number(flag('duration') ?? 10);
const runs = Number(flag('runs') ?? 3);
const connections = Number(flag('connections') ?? 50);
const userCount = Number(flag('users') ?? 100_000);
const profileSeconds = Number(flag('profile-seconds') ?? duration);
const only = flag('only');
const fixedRate = flag('rate') === undefined ? undefined : Number(flag('rate'));
const profileRate = flag('profile-rate') === undefined ? undefined : Number(flag('profile-rate'));
if (profileRate !== undefined && !(profileRate > 0)) throw new Error('--profile-rate must be a positive number of requests a second');
if (profileRate !== undefined && only === 'create') throw new Error('--profile-rate profiles getUser; it does not combine with --only create');
const baselineRoot = flag('baseline') === undefined ? undefined : path.resolve(flag('baseline')!);
// The Node binary the baseline runs on (default: the one running this script), to compare Node versions too.
const baselineNode = flag('baseline-node') === undefined ? process.execPath : path.resolve(flag('baseline-node')!);
// Also our service as NODE_ENV=production runs it (no response validation), as the row "production".
const withProduction = flag('production') === 'on';
// Express 5 + pg, and the same behind express-openapi-validator, for getUser (reference-server.ts).
const withReferences = flag('references') !== 'off';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../../..');
const work = mkdtempSync(path.join(os.tmpdir(), 'charter-bench-service-'));
const logFile = flag('log-file') ?? path.join(work, 'service.log');

// Two cores: servers on the last one, wrk on the first. With one core, nothing is pinned.
const cpus = os.availableParallelism();
const hasTaskset = spawnSync('taskset', ['-V']).status === 0;
const pin = (cpu: number, cmd: string, args: string[]): [string, string[]] =>
  hasTaskset && cpus > 1 ? ['taskset', ['-c', String(cpu), cmd, ...args]] : [cmd, args];
const SERVER_CPU = cpus - 1;
const LOAD_CPU = 0;

// ---- database -----------------------------------------------------------------------------

const BENCH_DB = 'charter_bench';
const adminUrl = process.env.BENCH_ADMIN_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const benchUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${BENCH_DB}`;
  return u.toString();
})();

async function prepareDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${BENCH_DB} with (force)`);
  await admin.query(`create database ${BENCH_DB}`);
  await admin.end();
  const knex = connectDatabase({ url: benchUrl });
  try {
    await migrateToLatest(knex);
    // Predictable ids, so the load generator can pick existing users without a list.
    await knex.raw(
      `insert into users (id, email, display_name)
       select ('00000000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid, 'user' || i || '@example.com', 'User ' || i
         from generate_series(1, ?) as i`,
      [userCount],
    );
    await knex.raw('analyze');
  } finally {
    await knex.destroy();
  }
}

// ---- servers --------------------------------------------------------------------------------

interface Server {
  name: string;
  port: number;
  child: ChildProcess;
}

async function waitForPort(port: number, child: ChildProcess, name: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before listening`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not listen on ${port} within 60 s`);
}

async function startServer(name: string, port: number, nodeArgs: string[], env: Record<string, string>, stdoutFile: string, cwd = root, node = process.execPath): Promise<Server> {
  const out = openSync(stdoutFile, 'w');
  const [cmd, args] = pin(SERVER_CPU, node, ['--conditions=charter-source', '--import', 'tsx', ...nodeArgs]);
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', out, 'inherit'] });
  await waitForPort(port, child, name);
  return { name, port, child };
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGINT');
  await exited;
}

// One secret for every server, not the development one: NODE_ENV=production refuses that.
const BENCH_SECRET = `charter-bench-${randomBytes(24).toString('hex')}`;
const serviceEnv = (token: string, nodeEnv: 'development' | 'production' = 'development'): Record<string, string> => ({
  DATABASE_URL: benchUrl,
  NODE_ENV: nodeEnv,
  LOG_LEVEL: 'info',
  LOG_FORMAT: 'json',
  RATE_LIMITS: 'off',
  AUTH_JWT_SECRET: BENCH_SECRET,
  BENCH_TOKEN: token,
  // Production refuses to serve /metrics on the API port without one; the benchmark never scrapes.
  ...(nodeEnv === 'production' && { METRICS_TOKEN: randomBytes(16).toString('hex') }),
});

// ---- load -----------------------------------------------------------------------------------

interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  bad: number;
  /** Server CPU time (user + system) per completed request, in µs: steadier than req/s on a shared machine. */
  cpuUs: number;
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** User + system CPU seconds a process has used so far (Linux /proc), or NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    // Fields after the command name (which may hold spaces) start at state; utime and stime are 14th and 15th overall.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

function ms(value: string, unit: string): number {
  const n = Number(value);
  return unit === 'us' ? n / 1000 : unit === 's' ? n * 1000 : unit === 'm' ? n * 60_000 : n;
}

function wrk(port: number, script: string, args: string[], seconds: number, pid?: number): WrkResult {
  const cpuBefore = cpuSeconds(pid);
  const [cmd, argv] = pin(LOAD_CPU, 'wrk', [
    '-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, `http://127.0.0.1:${port}`, '--', ...args,
  ]);
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`wrk failed: ${r.stderr}`);
  const cpuUsed = cpuSeconds(pid) - cpuBefore;
  const out = r.stdout;
  const pct = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out);
    return m ? ms(m[1]!, m[2]!) : NaN;
  };
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors = socketErrors ? socketErrors.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  const completed = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
  return { rps, p50: pct('50'), p99: pct('99'), bad: non2xx + errors, cpuUs: (cpuUsed * 1e6) / completed };
}

/**
 * The fixed-load phase: open-loop.ts offers `rate` requests a second on a schedule that does not
 * wait for the server (the wrk2 model), and measures each latency from the request's due time.
 */
function openLoop(port: number, rate: number, seconds: number, pid?: number): WrkResult {
  const cpuBefore = cpuSeconds(pid);
  const [cmd, argv] = pin(LOAD_CPU, process.execPath, [
    path.join(here, 'open-loop.ts'), '--port', String(port), '--rate', String(rate), '--duration', String(seconds),
    '--connections', String(connections), '--token', token, '--users', String(userCount),
  ]);
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`open-loop.ts failed: ${r.stderr}`);
  const cpuUsed = cpuSeconds(pid) - cpuBefore;
  const out = JSON.parse(r.stdout) as { completed: number; rps: number; p50: number; p99: number; bad: number; latenessP99: number };
  if (out.latenessP99 > 2) console.log(`  (the generator sent late: p99 ${out.latenessP99.toFixed(2)} ms after the due time)`);
  return { rps: out.rps, p50: out.p50, p99: out.p99, bad: out.bad, cpuUs: (cpuUsed * 1e6) / out.completed };
}

const getScript = path.join(here, 'get-user.lua');
const createScript = path.join(here, 'create-user.lua');

let prefixCounter = 0;
const runPrefix = `${process.pid}-${Date.now().toString(36)}`;
function createArgs(token: string): string[] {
  return [token, `${runPrefix}-${prefixCounter++}`];
}

// ---- main -----------------------------------------------------------------------------------

if (spawnSync('wrk', ['-v']).error) throw new Error('wrk is not installed; the service benchmark needs it (apt-get install wrk)');

console.log(`preparing ${BENCH_DB} (${userCount} users) …`);
await prepareDatabase();
const token = await mintToken({
  secret: BENCH_SECRET,
  subject: 'bench-admin',
  scopes: ['admin'],
  issuer: 'charter-dev',
  audience: 'charter-users-api',
  expiresInSeconds: 6 * 3600,
});
const getArgs = [token, String(userCount)];

const floor = await startServer('floor', 18181, [path.join(here, 'floor-server.ts')], { DATABASE_URL: benchUrl }, path.join(work, 'floor.log'));
const service = await startServer('service', 18182, ['service/src/main.ts'], serviceEnv(token), logFile);
const targets = [floor, service];
const referenceServer = path.join(here, 'reference-server.ts');
const references = withReferences && only !== 'create'
  ? [
      await startServer('express', 18185, [referenceServer], { DATABASE_URL: benchUrl, STACK: 'express' }, path.join(work, 'express.log')),
      await startServer('express+validator', 18186, [referenceServer], { DATABASE_URL: benchUrl, STACK: 'express-validator' }, path.join(work, 'express-validator.log')),
    ]
  : [];
if (withProduction) {
  targets.push(await startServer('production', 18187, ['service/src/main.ts'], serviceEnv(token, 'production'), path.join(work, 'production.log')));
}
if (baselineRoot) {
  targets.push(await startServer('baseline', 18184, ['service/src/main.ts'], serviceEnv(token), path.join(work, 'baseline.log'), baselineRoot, baselineNode));
}

// Each round starts with the next server, so over the rounds each one runs in every position.
const rotated = <T>(xs: T[], by: number): T[] => xs.map((_, i) => xs[(i + by) % xs.length]!);

type Scenario = 'getUser' | 'createUser' | 'getUser paced';
const results = new Map<string, WrkResult[]>();
const record = (scenario: Scenario, server: Server, r: WrkResult) => {
  const key = `${scenario}\t${server.name}`;
  results.set(key, [...(results.get(key) ?? []), r]);
  console.log(`  ${scenario.padEnd(14)} ${server.name.padEnd(8)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  ${r.cpuUs.toFixed(0)} cpu µs/req${r.bad ? `  ${r.bad} bad` : ''}`);
};

let profilePath: string | undefined;
try {
  console.log(`warming up (${Math.min(3, duration)} s each) …`);
  for (const t of [...targets, ...references]) wrk(t.port, getScript, getArgs, Math.min(3, duration));
  if (only !== 'get') for (const t of targets) wrk(t.port, createScript, createArgs(token), Math.min(3, duration));

  for (let run = 0; run < runs; run++) {
    console.log(`round ${run + 1}/${runs}`);
    if (only !== 'create') for (const t of rotated([...targets, ...references], run)) record('getUser', t, wrk(t.port, getScript, getArgs, duration, t.child.pid));
    if (only !== 'get') for (const t of rotated(targets, run)) record('createUser', t, wrk(t.port, createScript, createArgs(token), duration, t.child.pid));
  }

  if (only !== 'create') {
    const floorRps = median((results.get('getUser\tfloor') ?? []).map((r) => r.rps));
    const rate = fixedRate ?? Math.round(floorRps / 2);
    console.log(`fixed offered load: ${rate} req/s, open loop (open-loop.ts), latency from each request's due time`);
    for (let run = 0; run < runs; run++) {
      for (const t of rotated([...targets, ...references], run)) record('getUser paced', t, openLoop(t.port, rate, duration, t.child.pid));
    }
  }
} finally {
  for (const t of [...targets, ...references]) await stopServer(t);
}

// CPU profile of the service alone under the getUser load (or createUser with --only create).
if (profileSeconds > 0) {
  const dir = path.join(work, 'profile');
  mkdirSync(dir, { recursive: true });
  const profiled = await startServer('service', 18183, ['--cpu-prof', `--cpu-prof-dir=${dir}`, 'service/src/main.ts'], serviceEnv(token), path.join(work, 'profiled.log'));
  try {
    const [script, args] = only === 'create' ? [createScript, createArgs(token)] : [getScript, getArgs];
    wrk(profiled.port, script, args, Math.min(3, profileSeconds));
    if (profileRate !== undefined) openLoop(profiled.port, profileRate, profileSeconds);
    else wrk(profiled.port, script, args, profileSeconds);
  } finally {
    await stopServer(profiled);
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file) {
    profilePath = path.join(root, 'tmp', 'bench-service.cpuprofile');
    mkdirSync(path.dirname(profilePath), { recursive: true });
    copyFileSync(path.join(dir, file), profilePath);
  }
}

// ---- report ---------------------------------------------------------------------------------

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const rows: string[][] = [];
for (const scenario of ['getUser', 'createUser', 'getUser paced'] as const) {
  const base = results.get(`${scenario}\tfloor`);
  if (!base) continue;
  const baseRps = median(base.map((r) => r.rps));
  const baseP99 = median(base.map((r) => r.p99));
  const baseCpu = median(base.map((r) => r.cpuUs));
  for (const name of ['floor', 'express', 'express+validator', 'baseline', 'service', 'production']) {
    if (!results.has(`${scenario}\t${name}`)) continue;
    const rs = results.get(`${scenario}\t${name}`) ?? [];
    const rps = median(rs.map((r) => r.rps));
    const p99 = median(rs.map((r) => r.p99));
    const cpu = median(rs.map((r) => r.cpuUs));
    rows.push([
      scenario, name, fmt(rps), fmt(median(rs.map((r) => r.p50)), 2), fmt(p99, 2),
      fmt(rps / baseRps, 2), fmt(p99 / baseP99, 2), fmt(cpu), fmt(baseCpu / cpu, 2), String(rs.reduce((a, r) => a + r.bad, 0)),
    ]);
  }
}
console.log(`\nmedians of ${runs} × ${duration} s, wrk -t1 -c${connections}${hasTaskset && cpus > 1 ? `, server on cpu ${SERVER_CPU}, wrk on cpu ${LOAD_CPU}` : ''}`);
console.log(table(['scenario', 'server', 'req/s', 'p50 ms', 'p99 ms', '× floor req/s', '× floor p99', 'cpu µs/req', 'floor cpu ÷ cpu', 'non-2xx'], rows));

if (profilePath) {
  // The last seconds only: the measured load, without startup and warm-up.
  const { rows: top, totalMs } = topSelfTime(profilePath, 15, profileSeconds);
  const load = profileRate === undefined ? 'wrk, closed loop' : `open loop at ${profileRate} req/s`;
  console.log(`\nCPU profile of the service under ${load} (${profilePath}, ${fmt(totalMs)} ms sampled), top 15 by self time:`);
  console.log(table(['self %', 'self ms', 'function'], top.map((r) => [fmt(r.percent, 1), fmt(r.selfMs), r.name])));
}
if (!flag('log-file')) rmSync(work, { recursive: true, force: true });
else console.log(`\nservice log: ${logFile}`);
