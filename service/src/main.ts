import { ConfigError, loadConfig, type Config } from './config.ts';
import express from 'express';
import { setTimeout as delay } from 'node:timers/promises';
import { createApp, defaultReadiness } from './app.ts';
import { checkDatabase, connectDatabase, redactUrl } from './db/connection.ts';
import { EmbeddedPostgresUnavailable, startEmbeddedPostgres } from './db/embedded.ts';
import { migrateToLatest } from './db/migrations/index.ts';
import { listen } from './http/server.ts';
import { createLogger, describeError, drainStdoutLogs, knexLogTo, printAfterLogs } from './logger.ts';
import { ShutdownSequence } from './health/shutdown.ts';
import { Readiness } from './health/readiness.ts';
import { createMetrics } from './observability/metrics.ts';
import { metricsRoutes } from './observability/metrics-endpoint.ts';
import { outboxBacklog } from './observability/outbox-backlog.ts';
import { createTokenVerifier } from './auth/tokens.ts';
import { createRateLimiter } from './ratelimit/limiter.ts';
import { createIdempotencyStore } from './idempotency/guard.ts';
import { startReaper } from './idempotency/reaper.ts';
import { createAvatarClient } from './profile/avatar-client.ts';
import { openEventTransport } from './outbox/transport.ts';
import { startRelay } from './outbox/relay.ts';

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

// The one composition root: config → database → migrations → app → listen → shutdown.
async function main(): Promise<void> {
  const config = readConfig();
  const logFormat = config.logFormat ?? (config.nodeEnv === 'development' && process.stdout.isTTY ? 'pretty' : 'json');
  const logger = createLogger(config.logLevel, undefined, { format: logFormat });
  // Steps run in reverse order of registration: HTTP drains first, the pool closes last.
  const shutdown = new ShutdownSequence(logger);
  const metrics = createMetrics();
  let readiness = new Readiness();
  // Registered before anything starts, so a signal during startup still stops what already runs.
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) {
        logger.warn({ signal }, 'second signal: exiting without waiting for the drain');
        process.exit(1);
      }
      stopping = true;
      const { delayMs, drainMs } = config.shutdown;
      logger.info({ signal, delayMs, drainMs }, 'shutting down');
      // Not ready from now on, so a load balancer stops sending new requests while we drain.
      readiness.markShuttingDown();
      const deadline = setTimeout(() => {
        logger.error({ signal }, 'shutdown did not finish in time; exiting');
        process.exit(1);
      }, delayMs + drainMs + 15_000);
      deadline.unref();
      void delay(delayMs)
        .then(() => shutdown.run())
        .then(() => drainStdoutLogs())
        .then(() => process.exit(0));
    });
  }

  try {
    let url = config.database.url;
    if (url === undefined) {
      logger.info({ dataDir: config.database.dataDir }, 'DATABASE_URL is unset; starting embedded PostgreSQL');
      const embedded = await startEmbeddedPostgres({
        dataDir: config.database.dataDir,
        onLog: (line) => logger.debug({ source: 'postgres' }, line.trim()),
        onNotice: (message) => logger.info({ source: 'embedded postgres' }, message),
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
      onKnexLog: knexLogTo(logger),
    });
    shutdown.add('database pool', () => db.destroy());
    try {
      await checkDatabase(db);
    } catch (err) {
      throw new Error(`Cannot reach PostgreSQL at ${redactUrl(url)}: ${(err as Error).message}`, { cause: err });
    }
    const applied = await migrateToLatest(db);
    logger.info({ applied }, applied.length > 0 ? 'migrations applied' : 'database schema is up to date');

    readiness = defaultReadiness(db);
    if (stopping) readiness.markShuttingDown();
    metrics.observeOutbox(outboxBacklog(db));
    const separateMetrics = config.metrics.port !== undefined;
    if (separateMetrics) {
      const metricsApp = express();
      metricsApp.disable('x-powered-by');
      metricsApp.use(metricsRoutes(metrics, { token: config.metrics.token }));
      const metricsServer = await listen(metricsApp, config.metrics.port!, config.metrics.host);
      // Registered before the API server, so it is stopped after it: scrapes still work during a drain.
      shutdown.add('metrics server', () => metricsServer.close(1_000));
      logger.info({ port: metricsServer.port, host: config.metrics.host }, 'metrics listening on their own port');
    }

    // Events: the relay publishes what requests wrote to the outbox. Stopped after the HTTP
    // server has drained (steps run in reverse), so the last requests' events still go out.
    const events = await openEventTransport(config.events);
    shutdown.add('event transport', () => events.transport.close());
    if (events.brokerCheck) readiness.register('broker', events.brokerCheck);
    const relay = startRelay({
      db,
      transport: events.transport,
      listenUrl: url,
      logger,
      pollIntervalMs: config.events.relayPollMs,
      onPublished: (count) => metrics.recordRelayPublished(count),
      onPublishFailure: (reason) => metrics.recordRelayFailure(reason),
    });
    shutdown.add('outbox relay', () => relay.stop());
    logger.info({ transport: events.kind, stream: config.events.stream, subjectPrefix: config.events.subjectPrefix }, 'outbox relay started');
    const reaper = startReaper({ db, logger, intervalMs: config.reaperIntervalMs });
    shutdown.add('reaper', () => reaper.stop());

    // The breaker starts closed; exporting that from the start lets alerts tell "closed" from "no data".
    if (config.avatars.url) metrics.setBreakerState('avatars', 'closed');
    const app = createApp({
      db,
      logger,
      metrics,
      auth: createTokenVerifier(config.auth),
      rateLimiter: config.rateLimits.enabled ? createRateLimiter(db, {}, config.rateLimits.limiter) : undefined,
      idempotency: createIdempotencyStore(config.idempotency),
      ...(config.avatars.url && {
        avatars: createAvatarClient({
          baseUrl: config.avatars.url,
          timeoutMs: config.avatars.timeoutMs,
          failureThreshold: config.avatars.failureThreshold,
          coolDownMs: config.avatars.coolDownMs,
          onStateChange: (from, to) => {
            metrics.setBreakerState('avatars', to);
            logger.warn({ from, to }, 'avatar circuit breaker changed state');
          },
        }),
      }),
      readiness,
      metricsEndpoint: separateMetrics ? false : { token: config.metrics.token },
      validateResponses: config.nodeEnv !== 'production',
      bodyLimitBytes: config.bodyLimitBytes,
      trustProxy: config.trustProxy,
    });
    const running = await listen(app, config.port, config.host, { keepAliveTimeoutMs: config.keepAliveTimeoutMs });
    shutdown.add('http server', () => running.close(config.shutdown.drainMs));
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    printAfterLogs(
      `Charter users service listening on http://${shownHost}:${running.port}/v1 ` +
        `(${config.nodeEnv}; database ${config.database.url ? redactUrl(url) : `embedded in ${config.database.dataDir}`})`,
    );
  } catch (err) {
    // Embedded PostgreSQL that cannot run here is a setup problem like a bad setting: one line
    // with the reason and the fix, and EX_CONFIG.
    const unavailable = err instanceof EmbeddedPostgresUnavailable;
    if (unavailable) console.error(err.message);
    else logger.error({ err: describeError(err) }, 'startup failed');
    await shutdown.run();
    await drainStdoutLogs();
    process.exit(unavailable ? 78 : 1);
  }
}

await main();
