import type { LogLevel } from './config.ts';

/** A JSON-lines logger with pino's call shape, so the pino issue can swap it in without touching callers. */
export interface Logger {
  debug(fields: Record<string, unknown>, msg: string): void;
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(level: LogLevel, write: (line: string) => void = (line) => console.error(line)): Logger {
  const at = (lineLevel: LogLevel) => (fields: Record<string, unknown>, msg: string) => {
    if (RANK[lineLevel] < RANK[level]) return;
    write(JSON.stringify({ level: lineLevel, time: new Date().toISOString(), msg, ...fields }));
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { name: err.name, message: err.message, ...(code !== undefined ? { code } : {}), stack: err.stack };
  }
  return { value: String(err) };
}
