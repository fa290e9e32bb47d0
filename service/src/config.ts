import path from 'node:path';
import { DEVELOPMENT_SECRET, type AuthSettings } from './auth/tokens.ts';

export type NodeEnv = 'development' | 'test' | 'production';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Config {
  port: number;
  host: string;
  nodeEnv: NodeEnv;
  logLevel: LogLevel;
  /** `undefined`: pretty on a development terminal, JSON otherwise (decided by main.ts, which knows about the TTY). */
  logFormat: 'json' | 'pretty' | undefined;
  bodyLimitBytes: number;
  /**
   * How long an idle keep-alive connection stays open. Above a load balancer's own idle timeout
   * (60 s on an AWS ALB), so the balancer, not the service, closes it: otherwise the balancer may
   * send a request on a socket the service is closing and answer the client 502.
   */
  keepAliveTimeoutMs: number;
  /**
   * Express's `trust proxy`: which hops' `X-Forwarded-For` to believe, so `req.ip` (what the rate
   * limiter counts anonymous callers and the per-address ceiling by) is the client's, not the load
   * balancer's. false: the socket's peer address.
   */
  trustProxy: false | number | string[];
  metrics: {
    /** Serve /metrics on its own port (and not on the API port) when set. */
    port: number | undefined;
    host: string;
    /** Require `Authorization: Bearer <token>` on /metrics when set. */
    token: string | undefined;
    /** METRICS_PUBLIC=on: serve /metrics on the API port without a token even in production (an explicit choice). */
    allowPublic: boolean;
  };
  shutdown: {
    /** How long readiness reports 503 before the listener closes, so load balancers stop routing here first. */
    delayMs: number;
    /** Upper bound on waiting for in-flight requests once the listener is closed. */
    drainMs: number;
  };
  /** `hmacSecret` is the fixed development secret when unset outside production. */
  auth: AuthSettings;
  idempotency: { retentionSeconds: number; lockTtlSeconds: number };
  rateLimits: {
    enabled: boolean;
    /** How the limiter treats its store and callers with many subjects (see ratelimit/limiter.ts). */
    limiter: {
      storeTimeoutMs: number;
      onStoreFailure: 'open' | 'closed';
      ipCeilingFactor: number;
      storeCoolDownMs: number;
      maxStoreInFlight: number;
      maxLocalKeys: number;
    };
  };
  events: {
    /** NATS server(s) with JetStream; unset means in-process delivery only. */
    natsUrl: string | undefined;
    stream: string;
    /** Prepended to every channel address, e.g. `staging` → `staging.users.<id>.created`. */
    subjectPrefix: string | undefined;
    relayPollMs: number;
  };
  avatars: {
    /** Base URL of the avatar service; unset means profiles have no avatar. */
    url: string | undefined;
    timeoutMs: number;
    failureThreshold: number;
    coolDownMs: number;
  };
  /** How often expired idempotency keys, rate-limit windows and old outbox rows are deleted. */
  reaperIntervalMs: number;
  database: {
    /** Absent means "start an embedded PostgreSQL under dataDir". */
    url: string | undefined;
    dataDir: string;
    poolMin: number;
    poolMax: number;
    statementTimeoutMs: number;
    acquireTimeoutMs: number;
  };
}

/** Thrown for every invalid setting at once, so one restart fixes them all. */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

class Reader {
  readonly problems: string[] = [];
  private readonly env: Env;

  constructor(env: Env) {
    this.env = env;
  }

  private raw(name: string): string | undefined {
    const value = this.env[name];
    // An empty variable (FOO=) is far more often a templating slip than an intent.
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optionalString(name: string): string | undefined {
    return this.raw(name);
  }

  optionalInteger(name: string, min: number, max: number): number | undefined {
    if (this.raw(name) === undefined) return undefined;
    return this.integer(name, min, min, max);
  }

  secret(name: string, minLength: number): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    // Never echo the value: it is a secret, even when it is a bad one.
    if (value.length < minLength) {
      this.problems.push(`${name} must be at least ${minLength} characters (a random token, e.g. \`openssl rand -hex 32\`), got ${value.length}`);
      return undefined;
    }
    return value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
      return fallback;
    }
    return Number(value);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
      return fallback;
    }
    return value as T;
  }

  postgresUrl(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      this.problems.push(`${name} must be a URL like postgres://user:password@host:5432/database`);
      return undefined;
    }
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
      this.problems.push(`${name} must use the postgres:// or postgresql:// scheme, got ${parsed.protocol}`);
      return undefined;
    }
    return value;
  }
}

/** `TRUST_PROXY`: unset or `off` → false; a number → that many hops; else a comma-separated list (`loopback`, `10.0.0.0/8`, …). */
function trustProxyOf(value: string | undefined): false | number | string[] {
  if (value === undefined || value === 'off') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** The only place in the service that reads the environment. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const read = new Reader(env);
  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'test', 'production'] as const, 'development');
  const logFormat = read.oneOf('LOG_FORMAT', ['auto', 'json', 'pretty'] as const, 'auto');
  const config: Config = {
    port: read.integer('PORT', 3000, 0, 65_535),
    host: read.string('HOST', '127.0.0.1'),
    nodeEnv,
    logLevel: read.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
    logFormat: logFormat === 'auto' ? undefined : logFormat,
    bodyLimitBytes: read.integer('BODY_LIMIT_BYTES', 100 * 1024, 1, 10 * 1024 * 1024),
    keepAliveTimeoutMs: read.integer('HTTP_KEEP_ALIVE_TIMEOUT_MS', 65_000, 1_000, 600_000),
    trustProxy: trustProxyOf(read.optionalString('TRUST_PROXY')),
    metrics: {
      port: read.optionalInteger('METRICS_PORT', 0, 65_535),
      host: read.string('METRICS_HOST', read.string('HOST', '127.0.0.1')),
      token: read.secret('METRICS_TOKEN', 16),
      allowPublic: read.oneOf('METRICS_PUBLIC', ['on', 'off'] as const, 'off') === 'on',
    },
    shutdown: {
      delayMs: read.integer('SHUTDOWN_DELAY_MS', 0, 0, 120_000),
      drainMs: read.integer('SHUTDOWN_DRAIN_MS', 10_000, 0, 600_000),
    },
    auth: {
      hmacSecret: read.optionalString('AUTH_JWT_SECRET') ?? (nodeEnv === 'production' ? undefined : DEVELOPMENT_SECRET),
      jwksUrl: read.optionalString('AUTH_JWKS_URL'),
      jwksFile: read.optionalString('AUTH_JWKS_FILE'),
      issuer: read.string('AUTH_ISSUER', 'charter-dev'),
      audience: read.string('AUTH_AUDIENCE', 'charter-users-api'),
      clockToleranceSeconds: read.integer('AUTH_CLOCK_TOLERANCE_S', 5, 0, 300),
    },
    idempotency: {
      retentionSeconds: read.integer('IDEMPOTENCY_RETENTION_S', 24 * 3600, 60, 30 * 24 * 3600),
      lockTtlSeconds: read.integer('IDEMPOTENCY_LOCK_TTL_S', 30, 1, 3600),
    },
    rateLimits: {
      enabled: read.oneOf('RATE_LIMITS', ['on', 'off'] as const, 'on') === 'on',
      limiter: {
        storeTimeoutMs: read.integer('RATE_LIMIT_STORE_TIMEOUT_MS', 250, 1, 60_000),
        onStoreFailure: read.oneOf('RATE_LIMIT_STORE_FAILURE', ['open', 'closed'] as const, 'open'),
        ipCeilingFactor: read.integer('RATE_LIMIT_IP_CEILING_FACTOR', 4, 0, 10_000),
        storeCoolDownMs: read.integer('RATE_LIMIT_STORE_COOLDOWN_MS', 2_000, 0, 600_000),
        // Half the pool at most, so a slow counter table can never hold every connection.
        maxStoreInFlight: read.integer('RATE_LIMIT_STORE_MAX_IN_FLIGHT', 0, 0, 100),
        maxLocalKeys: read.integer('RATE_LIMIT_LOCAL_KEYS', 100_000, 100, 10_000_000),
      },
    },
    events: {
      natsUrl: read.optionalString('NATS_URL'),
      stream: read.string('EVENTS_STREAM', 'CHARTER_USERS'),
      subjectPrefix: read.optionalString('EVENTS_SUBJECT_PREFIX'),
      relayPollMs: read.integer('OUTBOX_POLL_MS', 1_000, 10, 600_000),
    },
    avatars: {
      url: read.optionalString('AVATAR_SERVICE_URL'),
      timeoutMs: read.integer('AVATAR_TIMEOUT_MS', 800, 1, 60_000),
      failureThreshold: read.integer('AVATAR_BREAKER_FAILURES', 3, 1, 1_000),
      coolDownMs: read.integer('AVATAR_BREAKER_COOLDOWN_MS', 15_000, 1, 3_600_000),
    },
    reaperIntervalMs: read.integer('REAPER_INTERVAL_MS', 60_000, 100, 86_400_000),
    database: {
      url: read.postgresUrl('DATABASE_URL'),
      dataDir: path.resolve(cwd, read.string('DATA_DIR', '.data/postgres')),
      poolMin: read.integer('DB_POOL_MIN', 0, 0, 100),
      poolMax: read.integer('DB_POOL_MAX', 10, 1, 100),
      statementTimeoutMs: read.integer('DB_STATEMENT_TIMEOUT_MS', 5_000, 1, 600_000),
      acquireTimeoutMs: read.integer('DB_ACQUIRE_TIMEOUT_MS', 5_000, 1, 600_000),
    },
  };
  if (config.rateLimits.limiter.maxStoreInFlight === 0) {
    config.rateLimits.limiter.maxStoreInFlight = Math.max(1, Math.floor(config.database.poolMax / 2));
  }
  if (
    nodeEnv === 'production' &&
    config.metrics.port === undefined &&
    config.metrics.token === undefined &&
    !config.metrics.allowPublic
  ) {
    read.problems.push(
      'NODE_ENV=production would serve /metrics to anyone on the API port: set METRICS_TOKEN, or METRICS_PORT ' +
        '(a port only Prometheus reaches), or METRICS_PUBLIC=on to choose public metrics explicitly',
    );
  }
  if (config.database.poolMin > config.database.poolMax) {
    read.problems.push(
      `DB_POOL_MIN (${config.database.poolMin}) must not exceed DB_POOL_MAX (${config.database.poolMax})`,
    );
  }
  if (config.metrics.port !== undefined && config.metrics.port !== 0 && config.metrics.port === config.port) {
    read.problems.push(`METRICS_PORT (${config.metrics.port}) must differ from PORT, or be unset to serve /metrics on PORT`);
  }
  if (nodeEnv === 'production' && config.auth.hmacSecret === DEVELOPMENT_SECRET) {
    read.problems.push('AUTH_JWT_SECRET must not be the development secret when NODE_ENV=production');
  }
  if (nodeEnv === 'production' && !config.auth.hmacSecret && !config.auth.jwksUrl && !config.auth.jwksFile) {
    read.problems.push('NODE_ENV=production needs AUTH_JWT_SECRET, AUTH_JWKS_URL or AUTH_JWKS_FILE to verify tokens');
  }
  if (config.auth.hmacSecret !== undefined && config.auth.hmacSecret.length < 32) {
    read.problems.push('AUTH_JWT_SECRET must be at least 32 characters');
  }
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}
