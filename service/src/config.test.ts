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
        DATABASE_URL: 'postgres://app:secret@db:5432/charter',
        DATA_DIR: '/var/lib/charter',
      },
      '/srv/app',
    );
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      nodeEnv: 'production',
      logLevel: 'warn',
      bodyLimitBytes: 2048,
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
