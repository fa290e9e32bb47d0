import { describeError, type Logger } from '../logger.ts';

export interface ShutdownStep {
  name: string;
  run: () => Promise<void>;
}

/**
 * The stop order of the process. Steps run in reverse order of registration, so whatever was
 * acquired last is released first: register the embedded cluster before the database pool, the
 * pool before the relay and the relay before the HTTP server, and a SIGTERM or Ctrl-C stops
 * accepting and drains HTTP, then stops the relay after its batch, then closes the pool, and only
 * then stops the embedded cluster, so no connection is still open when PostgreSQL goes away.
 * A failing step is logged and the rest still run.
 */
export class ShutdownSequence {
  private readonly steps: ShutdownStep[] = [];
  private running: Promise<void> | undefined;

  private readonly logger: Logger;

  constructor(logger: Logger) {
    this.logger = logger;
  }

  add(name: string, run: () => Promise<void>): void {
    if (this.running) throw new Error(`cannot register shutdown step "${name}": shutdown has started`);
    this.steps.push({ name, run });
  }

  get started(): boolean {
    return this.running !== undefined;
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of [...this.steps].reverse()) {
        const started = performance.now();
        try {
          await step.run();
          this.logger.info({ step: step.name, durationMs: Math.round(performance.now() - started) }, 'shutdown step done');
        } catch (err) {
          this.logger.error({ step: step.name, err: describeError(err) }, 'shutdown step failed');
        }
      }
    })();
    return this.running;
  }
}
