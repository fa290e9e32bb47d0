import http from 'node:http';
import net from 'node:net';
import type express from 'express';

export interface RunningServer {
  server: http.Server;
  port: number;
  /** Stops accepting, lets in-flight requests finish (up to graceMs), then drops what remains. */
  close(graceMs?: number): Promise<void>;
}

export async function listen(app: express.Express, port: number, host: string): Promise<RunningServer> {
  let draining = false;
  const inFlight = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    // While draining, each response tells the client to stop reusing its connection, so the client
    // opens a new one (which is refused) instead of racing us on a socket we are about to close.
    if (draining) res.setHeader('Connection', 'close');
    app(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  let closing: Promise<void> | undefined;
  return {
    server,
    port: boundPort,
    close(graceMs = 10_000) {
      closing ??= new Promise<void>((resolve, reject) => {
        draining = true;
        for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        // A keep-alive client that sends nothing within the idle grace is not coming back before
        // we stop; closing its socket then is the ordinary idle-close every HTTP client handles.
        const idle = setTimeout(() => server.closeIdleConnections(), Math.min(IDLE_GRACE_MS, graceMs / 2));
        force.unref();
        idle.unref();
        // net.Server's close rather than http.Server's: the latter closes idle keep-alive sockets at
        // once, which resets a request a client is writing at that very moment.
        net.Server.prototype.close.call(server, (err?: Error) => {
          clearTimeout(force);
          clearTimeout(idle);
          if (err) reject(err);
          else resolve();
        });
      });
      return closing;
    },
  };
}

/** How long a keep-alive connection may stay silent during a drain before we close it. */
const IDLE_GRACE_MS = 1_000;
