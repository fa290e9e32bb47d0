import path from 'node:path';

export type NodeEnv = 'development' | 'test' | 'production';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Config {
  port: number;
  host: string;
  nodeEnv: NodeEnv;
  logLevel: LogLevel;
  bodyLimitBytes: number;
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
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

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

/** The only place in the service that reads the environment. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const read = new Reader(env);
  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'test', 'production'] as const, 'development');
  const config: Config = {
    port: read.integer('PORT', 3000, 0, 65_535),
    host: read.string('HOST', '127.0.0.1'),
    nodeEnv,
    logLevel: read.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
    bodyLimitBytes: read.integer('BODY_LIMIT_BYTES', 100 * 1024, 1, 10 * 1024 * 1024),
    database: {
      url: read.postgresUrl('DATABASE_URL'),
      dataDir: path.resolve(cwd, read.string('DATA_DIR', '.data/postgres')),
      poolMin: read.integer('DB_POOL_MIN', 0, 0, 100),
      poolMax: read.integer('DB_POOL_MAX', 10, 1, 100),
      statementTimeoutMs: read.integer('DB_STATEMENT_TIMEOUT_MS', 5_000, 1, 600_000),
      acquireTimeoutMs: read.integer('DB_ACQUIRE_TIMEOUT_MS', 5_000, 1, 600_000),
    },
  };
  if (config.database.poolMin > config.database.poolMax) {
    read.problems.push(
      `DB_POOL_MIN (${config.database.poolMin}) must not exceed DB_POOL_MAX (${config.database.poolMax})`,
    );
  }
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}
