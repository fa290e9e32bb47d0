import type { Knex } from 'knex';

/** The authenticated caller: the verified token's `sub` and scopes (see auth/). */
export type { Principal } from '../auth/tokens.ts';
import type { Principal } from '../auth/tokens.ts';

/** What every handler gets besides its typed input. */
export interface RequestContext {
  requestId: string;
  db: Knex;
  principal?: Principal;
  /** W3C traceparent naming this request's span: copy it into outbox events so consumers continue the trace. */
  traceparent?: string;
}
