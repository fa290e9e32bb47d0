/**
 * `charter verify` without commander. Exit codes: 0 every pact verified, 1 a pact failed
 * verification, 2 usage error or a service/database that cannot be reached.
 */
import knex, { type Knex } from 'knex';
import { interactionCounts, verifyPacts, type VerifyOptions } from './provider-verification.ts';
import { readPacts } from './pact-files.ts';
import { startProviderService, type ProviderService } from './provider-service.ts';

export interface VerifyCommandOptions extends VerifyOptions {
  token?: string;
  /** Without --provider-url: the PostgreSQL server to create the scratch database on (the CLI passes DATABASE_URL). */
  postgresUrl?: string;
}

export interface IO {
  stdout(s: string): void;
  stderr(s: string): void;
}

export async function runVerify(opts: VerifyCommandOptions, io: IO): Promise<number> {
  const pacts = readPacts(opts.pactDir);
  if (!pacts.length) {
    io.stdout(`charter verify: no pacts in ${opts.pactDir}: nothing to verify\n`);
    return 0;
  }
  let close: () => Promise<void>;
  let target: Parameters<typeof verifyPacts>[1];
  if (opts.providerUrl) {
    if (!opts.databaseUrl || !opts.token) {
      io.stderr('charter verify: --provider-url needs --database-url (for provider states) and --token (a bearer token the service accepts as admin)\n');
      return 2;
    }
    const db: Knex = knex({ client: 'pg', connection: opts.databaseUrl, pool: { min: 0, max: 3 } });
    const providerUrl = opts.providerUrl.replace(/\/+$/, '');
    target = { providerUrl, db, bearerToken: opts.token, idempotentSignUp: signUpVia(`${providerUrl}/v1`, opts.token) };
    close = () => db.destroy();
  } else {
    // The real service on a database of its own, dropped afterwards (provider-service.ts).
    let service: ProviderService;
    try {
      service = await startProviderService({ serverUrl: opts.postgresUrl });
    } catch (err) {
      io.stderr(`charter verify: cannot start the users service: ${(err as Error).message}\n`);
      return 2;
    }
    target = { providerUrl: service.origin, db: service.db, bearerToken: service.adminToken, idempotentSignUp: signUpVia(service.baseUrl, service.adminToken) };
    close = () => service.close();
  }
  try {
    io.stdout(`verifying ${interactionCounts(pacts)} against ${target.providerUrl}\n`);
    const result = await verifyPacts(opts, target);
    if (result.ok) {
      io.stdout(`✔ verified: ${result.pacts.map((p) => p.consumer).join(', ')}\n`);
      return 0;
    }
    io.stdout(`✖ verification failed: ${result.error ?? 'see the Pact output above'}\n`);
    return 1;
  } finally {
    await close();
  }
}

function signUpVia(baseUrl: string, token: string) {
  return async (key: string, body: unknown): Promise<void> => {
    const res = await fetch(`${baseUrl}/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
    if (res.status !== 201 && res.status !== 409) throw new Error(`provider state: the first sign-up answered ${res.status}`);
  };
}
