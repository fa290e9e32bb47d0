import type { Location } from './source.ts';

/**
 * A problem with a contract the user can fix: it carries where (file, line, pointer)
 * and what to do. The CLI prints it as `file:line:col: error: message` and exits 2.
 */
export class ContractError extends Error {
  readonly location: Location;
  readonly hint?: string;

  constructor(message: string, location: Location, hint?: string) {
    super(message);
    this.name = 'ContractError';
    this.location = location;
    this.hint = hint;
  }

  format(): string {
    const { file, line, column, pointer } = this.location;
    const where = [file, line, line && column].filter((x) => x !== undefined && x !== '').join(':');
    let out = `${where}: error: ${this.message}`;
    if (pointer !== undefined && pointer !== '') out += `\n  at ${pointer || '/'}`;
    if (this.hint) out += `\n  hint: ${this.hint}`;
    return out;
  }
}
