/**
 * Refreshes the vendored JSON Schemas the `structure` rule validates against.
 *
 *   node --import tsx scripts/charter/lint/schemas/vendor.ts
 *
 * Sources (installed with the dev toolchain, Apache-2.0, see README.md here):
 * - OpenAPI 3.0 and 3.1: the OAI schemas as shipped, converted to draft 2020-12, by
 *   @stoplight/spectral-rulesets. Their `errorMessage` annotations (an ajv-errors keyword) are
 *   dropped, and 3.1's Schema Object dialect is pointed at the JSON Schema 2020-12 meta-schema
 *   (which ajv ships), so schemas inside the document are checked too.
 * - AsyncAPI 2.6.0, 3.0.0 and 3.1.0: @asyncapi/specs, the `-without-$id` variants (draft-07).
 *
 * Vendoring pins the schemas: a lint result never changes because a transitive dev
 * dependency moved.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const here = path.dirname(new URL(import.meta.url).pathname);
const spectral = path.dirname(require.resolve('@stoplight/spectral-rulesets/package.json'));
const asyncapiSpecs = path.dirname(require.resolve('@asyncapi/specs/package.json', { paths: [spectral] }));

const read = (p: string): any => JSON.parse(fs.readFileSync(p, 'utf8'));

/** Remove ajv-errors' `errorMessage` wherever it is a keyword (not a property name). */
function stripErrorMessages(node: any, parentKey = ''): any {
  if (Array.isArray(node)) return node.map((n) => stripErrorMessages(n));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'errorMessage' && parentKey !== 'properties') continue;
    out[k] = stripErrorMessages(v, k);
  }
  return out;
}

function write(name: string, schema: unknown): void {
  fs.writeFileSync(path.join(here, name), `${JSON.stringify(schema)}\n`);
  process.stdout.write(`wrote ${name}\n`);
}

const oas = path.join(spectral, 'dist/oas/schemas/oas');
write('openapi-3.0.json', stripErrorMessages(read(path.join(oas, 'v3.0.json'))));
const v31 = JSON.stringify(stripErrorMessages(read(path.join(oas, 'v3.1/index.json'))))
  .split('https://spec.openapis.org/oas/3.1/dialect/base')
  .join('https://json-schema.org/draft/2020-12/schema');
const oas31 = JSON.parse(v31);
// The specification's Path Item Object has a `$ref` field (a path item kept in another file,
// the usual way to split a contract); Spectral's copy of the 3.1 schema leaves it out.
oas31.$defs['path-item'].properties = { $ref: { type: 'string', format: 'uri-reference' }, ...oas31.$defs['path-item'].properties };
write('openapi-3.1.json', oas31);
write('asyncapi-2.6.json', read(path.join(asyncapiSpecs, 'schemas/2.6.0-without-$id.json')));
write('asyncapi-3.0.json', read(path.join(asyncapiSpecs, 'schemas/3.0.0-without-$id.json')));
write('asyncapi-3.1.json', read(path.join(asyncapiSpecs, 'schemas/3.1.0-without-$id.json')));
const versions = {
  '@stoplight/spectral-rulesets': read(path.join(spectral, 'package.json')).version,
  '@asyncapi/specs': read(path.join(asyncapiSpecs, 'package.json')).version,
};
fs.writeFileSync(path.join(here, 'versions.json'), `${JSON.stringify(versions, null, 2)}\n`);
