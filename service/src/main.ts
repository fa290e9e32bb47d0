import { ConfigError, loadConfig, type Config } from './config.ts';
import { createApp } from './app.ts';
import { checkDatabase, connectDatabase, redactUrl } from './db/connection.ts';
import { startEmbeddedPostgres } from './db/embedded.ts';
import { migrateToLatest } from './db/migrations/index.ts';
import { listen } from './http/server.ts';
import { createLogger, describeError, type Logger } from './logger.ts';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}

/** Resources are released in reverse order of acquisition: server, then pool, then the embedded cluster. */
class Shutdown {
  private readonly steps: Array<{ name: string; run: () => Promise<void> }> = [];
  private running: Promise<void> | undefined;
  constructor(private readonly logger: Logger) {}

  add(name: string, run: () => Promise<void>): void {
    this.steps.push({ name, run });
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of [...this.steps].reverse()) {
        try {
          await step.run();
        } catch (err) {
          this.logger.error({ step: step.name, err: describeError(err) }, 'shutdown step failed');
        }
      }
    })();
    return this.running;
  }
}

// The one composition root: config → database → migrations → app → listen → shutdown.
async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  const shutdown = new Shutdown(logger);
  // Registered before anything starts, so a signal during startup still stops what already runs.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      void shutdown.run().then(() => process.exit(0));
    });
  }

  try {
    let url = config.database.url;
    if (url === undefined) {
      logger.info({ dataDir: config.database.dataDir }, 'DATABASE_URL is unset; starting embedded PostgreSQL');
      const embedded = await startEmbeddedPostgres({
        dataDir: config.database.dataDir,
        onLog: (line) => logger.debug({ source: 'postgres' }, line.trim()),
      });
      shutdown.add('embedded postgres', () => embedded.stop());
      url = embedded.url;
    }
    const db = connectDatabase({
      url,
      poolMin: config.database.poolMin,
      poolMax: config.database.poolMax,
      statementTimeoutMs: config.database.statementTimeoutMs,
      acquireTimeoutMs: config.database.acquireTimeoutMs,
      onConnectionError: (err) => logger.warn({ err: describeError(err) }, 'database connection error'),
      onKnexLog: (level, message) =>
        (level === 'debug' ? logger.debug : logger.warn)({ source: 'knex', knexLevel: level }, String(message)),
    });
    shutdown.add('database pool', () => db.destroy());
    try {
      await checkDatabase(db);
    } catch (err) {
      throw new Error(`Cannot reach PostgreSQL at ${redactUrl(url)}: ${(err as Error).message}`, { cause: err });
    }
    const applied = await migrateToLatest(db);
    logger.info({ applied }, applied.length > 0 ? 'migrations applied' : 'database schema is up to date');

    const app = createApp({
      db,
      logger,
      validateResponses: config.nodeEnv !== 'production',
      bodyLimitBytes: config.bodyLimitBytes,
    });
    const running = await listen(app, config.port, config.host);
    shutdown.add('http server', () => running.close());
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    console.log(
      `Charter users service listening on http://${shownHost}:${running.port}/v1 ` +
        `(${config.nodeEnv}; database ${config.database.url ? redactUrl(url) : `embedded in ${config.database.dataDir}`})`,
    );
  } catch (err) {
    logger.error({ err: describeError(err) }, 'startup failed');
    await shutdown.run();
    process.exit(1);
  }
}

await main();
