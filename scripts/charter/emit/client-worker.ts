/**
 * hey-api, run in a worker thread: `charter generate` starts it first and emits the server
 * bindings (whose compiled validators are the other large piece of work) on the main thread
 * meanwhile, so on a machine with two cores the two overlap. The answer is the same as running
 * `emitClient` in process: the files, every warning in order, or the HeyApiError.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { emitClient, HeyApiError } from './client.ts';
import type { ClientWorkerReply, ClientWorkerRequest, PlainError } from './client.ts';

const { doc, sources, importExtension } = workerData as ClientWorkerRequest;
const warnings: string[] = [];
let reply: ClientWorkerReply;
try {
  const files = await emitClient(doc, sources, importExtension, { onWarning: (m) => warnings.push(m) });
  reply = { ok: true, files: [...files], warnings };
} catch (e) {
  if (e instanceof HeyApiError) {
    const cause = (e as { cause?: unknown }).cause;
    reply = { ok: false, warnings, heyApi: { message: e.message, logs: e.logs, cause: cause === undefined ? undefined : plainError(cause) } };
  } else reply = { ok: false, warnings, error: plainError(e) };
}
parentPort!.postMessage(reply);

/** An error as plain data, with what it wraps (`cause`, hey-api's `originalError.error`), for the way back. */
function plainError(e: unknown, depth = 0): PlainError {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const inner = (e as { cause?: unknown; originalError?: { error?: unknown } }).cause ?? (e as { originalError?: { error?: unknown } }).originalError?.error;
  return { name: e.name, message: e.message, stack: e.stack, ...(inner !== undefined && depth < 8 ? { cause: plainError(inner, depth + 1) } : {}) };
}
