/**
 * The generated SDK of a contract written in a test: `charter generate` through the mock's build
 * cache (so the client is transpiled to JavaScript and imported as a package would be), and the
 * folder it is in, whose server/ holds the same contract's generated request decoding.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildMock } from '../../../scripts/charter/mock/build.ts';
import { REPO_ROOT } from '../../support/cli.ts';

export type Call = ((input?: Record<string, unknown>) => Promise<Record<string, any>>) & { orThrow(input?: Record<string, unknown>): Promise<Record<string, any>> };

export interface ContractSdk {
  /** The contract file. */
  file: string;
  /** The generated folder (client/, server/, errors/), as TypeScript and JavaScript. */
  dir: string;
  createApiClient(options: Record<string, unknown>): Record<string, Call>;
  operations: Record<string, { query?: Record<string, unknown>; responses: Record<string, unknown> }>;
  /** The generated client's charter.ts, as emitted. */
  charter: string;
  cleanup(): void;
}

export async function contractSdk(name: string, yaml: string): Promise<ContractSdk> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `charter-sdk-${name}-`));
  const file = path.join(tmp, `${name}.yaml`);
  fs.writeFileSync(file, yaml);
  const build = await buildMock(file, { projectRoot: REPO_ROOT });
  const sdk = (await import(pathToFileURL(path.join(build.dir, 'client/charter.js')).href)) as Pick<ContractSdk, 'createApiClient' | 'operations'>;
  return {
    file,
    dir: build.dir,
    createApiClient: sdk.createApiClient,
    operations: sdk.operations,
    charter: fs.readFileSync(path.join(build.dir, 'client/charter.ts'), 'utf8'),
    cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }),
  };
}
