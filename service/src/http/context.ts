import type { Knex } from 'knex';

/** The authenticated caller. Filled in by the auth issue; until then every request is anonymous. */
export interface Principal {
  subject: string;
  scopes: readonly string[];
}

/** What every handler gets besides its typed input. */
export interface RequestContext {
  requestId: string;
  db: Knex;
  principal?: Principal;
}
