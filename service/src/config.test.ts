import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('uses defaults when the environment sets nothing', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      nodeEnv: 'development',
      logLevel: 'info',
      bodyLimitBytes: 102_400,
      keepAliveTimeoutMs: 65_000,
      database: { url: undefined, dataDir: path.resolve('/srv/app', '.data/postgres') },
    });
  });

  it('reads every documented variable', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        HOST: '0.0.0.0',
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        BODY_LIMIT_BYTES: '2048',
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '120000',
        DATABASE_URL: 'postgres://app:secret@db:5432/charter',
        DATA_DIR: '/var/lib/charter',
        // Production refuses to start without a way to verify tokens, or with public metrics.
        AUTH_JWT_SECRET: 'a-production-secret-of-32-chars!',
        METRICS_TOKEN: 'a-metrics-token-of-some-length',
      },
      '/srv/app',
    );
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      nodeEnv: 'production',
      logLevel: 'warn',
      bodyLimitBytes: 2048,
      keepAliveTimeoutMs: 120_000,
      database: { url: 'postgres://app:secret@db:5432/charter', dataDir: '/var/lib/charter' },
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '  ' }).port).toBe(3000);
    expect(loadConfig({ DATABASE_URL: '' }).database.url).toBeUndefined();
  });

  it('names the variable and what it expects when a value is invalid', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT must be an integer from 0 to 65535, got "eighty"/);
    expect(() => loadConfig({ NODE_ENV: 'staging' })).toThrow(/NODE_ENV must be one of development, test, production/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x@y/z' })).toThrow(/DATABASE_URL must use the postgres:\/\//);
    expect(() => loadConfig({ BODY_LIMIT_BYTES: '0' })).toThrow(/BODY_LIMIT_BYTES must be an integer from 1/);
  });

  it('reports every invalid variable at once', () => {
    try {
      loadConfig({ PORT: '-1', LOG_LEVEL: 'loud', DB_POOL_MIN: '20', DB_POOL_MAX: '5' });
      expect.unreachable('loadConfig accepted invalid values');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toEqual([
        expect.stringMatching(/^PORT /),
        expect.stringMatching(/^LOG_LEVEL /),
        expect.stringMatching(/^DB_POOL_MIN \(20\) must not exceed DB_POOL_MAX \(5\)/),
      ]);
    }
  });
});

describe('loadConfig: observability and lifecycle settings', () => {
  it('defaults to metrics on the API port without a token, a 10 s drain and automatic log format', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config.metrics).toEqual({ port: undefined, host: '127.0.0.1', token: undefined, allowPublic: false });
    expect(config.shutdown).toEqual({ delayMs: 0, drainMs: 10_000 });
    expect(config.logFormat).toBeUndefined();
  });

  it('reads the metrics port, host and token, the shutdown timings and the log format', () => {
    const config = loadConfig(
      {
        METRICS_PORT: '9464',
        METRICS_HOST: '0.0.0.0',
        METRICS_TOKEN: 'a-long-random-scrape-token',
        SHUTDOWN_DELAY_MS: '5000',
        SHUTDOWN_DRAIN_MS: '30000',
        LOG_FORMAT: 'json',
      },
      '/srv/app',
    );
    expect(config.metrics).toEqual({ port: 9464, host: '0.0.0.0', token: 'a-long-random-scrape-token', allowPublic: false });
    expect(config.shutdown).toEqual({ delayMs: 5000, drainMs: 30_000 });
    expect(config.logFormat).toBe('json');
  });

  it('rejects a short metrics token without printing it, a bad drain and a clashing metrics port', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ METRICS_TOKEN: 'hunter2', SHUTDOWN_DRAIN_MS: 'soon', PORT: '8080', METRICS_PORT: '8080', LOG_FORMAT: 'xml' }, '/srv/app');
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.message).toMatch(/METRICS_TOKEN must be at least 16 characters/);
    expect(error!.message).not.toMatch(/hunter2/);
    expect(error!.message).toMatch(/SHUTDOWN_DRAIN_MS must be an integer from 0 to 600000, got "soon"/);
    expect(error!.message).toMatch(/METRICS_PORT \(8080\) must differ from PORT/);
    expect(error!.message).toMatch(/LOG_FORMAT must be one of auto, json, pretty/);
  });

  describe('public metrics in production', () => {
    const production = { NODE_ENV: 'production', AUTH_JWT_SECRET: 'a-production-secret-of-32-chars!' };

    it('refuses to start when /metrics would be public on the API port, saying how to choose', () => {
      expect(() => loadConfig(production)).toThrow(/METRICS_TOKEN, or METRICS_PORT .*METRICS_PUBLIC=on/);
    });

    it('starts with a token, a port of their own, or an explicit METRICS_PUBLIC=on', () => {
      expect(loadConfig({ ...production, METRICS_TOKEN: 'sixteen-chars-at-least' }).metrics.token).toBeDefined();
      expect(loadConfig({ ...production, METRICS_PORT: '9464' }).metrics.port).toBe(9464);
      expect(loadConfig({ ...production, METRICS_PUBLIC: 'on' }).metrics.allowPublic).toBe(true);
      expect(() => loadConfig({ ...production, METRICS_PUBLIC: 'off' })).toThrow(/METRICS_PUBLIC=on/);
    });

    it('leaves development as it was', () => {
      expect(loadConfig({}).metrics).toMatchObject({ token: undefined, port: undefined, allowPublic: false });
    });
  });

  it('reads TRUST_PROXY as off, a hop count or a list of addresses', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
  });

  it('reads the rate limiter settings, bounding store queries in flight by half the pool', () => {
    expect(loadConfig({ DB_POOL_MAX: '20' }).rateLimits.limiter).toMatchObject({
      storeTimeoutMs: 250,
      onStoreFailure: 'open',
      ipCeilingFactor: 4,
      maxStoreInFlight: 10,
    });
    expect(loadConfig({ RATE_LIMIT_STORE_FAILURE: 'closed', RATE_LIMIT_STORE_TIMEOUT_MS: '50', RATE_LIMIT_IP_CEILING_FACTOR: '0' }).rateLimits.limiter)
      .toMatchObject({ onStoreFailure: 'closed', storeTimeoutMs: 50, ipCeilingFactor: 0 });
    expect(() => loadConfig({ RATE_LIMIT_STORE_FAILURE: 'maybe' })).toThrow(/RATE_LIMIT_STORE_FAILURE must be one of open, closed/);
  });
});
