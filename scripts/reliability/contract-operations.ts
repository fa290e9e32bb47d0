/**
 * The contract as the fuzzer and the attack checks see it: every operation of the expanded
 * OpenAPI document (loaded through the one loader, with the error catalogue folded in), with
 * its parameters, request body, declared responses and the catalogue codes it may answer.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { loadContract } from '../charter/loader/load.ts';
import { expandCatalogue, loadCatalogue } from '../charter/loader/catalogue.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Record<string, any>;
}

export interface Operation {
  operationId: string;
  method: string;
  /** The path template under the server root, e.g. `/users/{userId}`. */
  path: string;
  parameters: Parameter[];
  body?: { mediaType: string; required: boolean; schema: Record<string, any> };
  /** Declared statuses → the media type and schema pointer of the response (undefined for no body). */
  responses: Map<number, { mediaType?: string; schemaRef?: string }>;
  /** `x-charter-errors`: every catalogue code this operation may answer. */
  errorCodes: Set<string>;
  scopes: string[];
}

export interface Contract {
  doc: Record<string, any>;
  operations: Operation[];
  /** Codes the service may answer for a request that matches no operation. */
  serviceCodes: Set<string>;
  /** Follows a local `$ref` (one level at a time until it is not a ref). */
  deref(schema: any): any;
  /** Validates `value` against the schema at `#/…` pointer `ref`; undefined when valid, else ajv's errors. */
  validate(ref: string, value: unknown): string | undefined;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

export function loadServiceContract(file = path.join(REPO_ROOT, 'contracts/openapi.yaml')): Contract {
  const loaded = loadContract(file);
  const catalogue = loadCatalogue(loaded);
  if (!catalogue) throw new Error(`${file} names no error catalogue`);
  const doc = expandCatalogue(loaded, catalogue);

  const deref = (schema: any): any => {
    let s = schema;
    for (let hops = 0; s && typeof s === 'object' && typeof s.$ref === 'string' && hops < 32; hops++) {
      const target = s.$ref.slice(2).split('/').reduce((node: any, seg: string) => node?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
      // Sibling keywords next to $ref (3.1 allows them, e.g. `default`) add to the target.
      const { $ref: _ref, ...rest } = s;
      s = { ...target, ...rest };
    }
    return s;
  };

  const operations: Operation[] = [];
  for (const [p, item] of Object.entries<any>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref);
      const requestBody = op.requestBody ? deref(op.requestBody) : undefined;
      const [mediaType, media] = requestBody ? (Object.entries<any>(requestBody.content)[0] ?? []) : [];
      const responses = new Map<number, { mediaType?: string; schemaRef?: string }>();
      for (const [status, response] of Object.entries<any>(op.responses ?? {})) {
        const r = deref(response);
        const content = Object.entries<any>(r.content ?? {})[0];
        responses.set(Number(status), {
          mediaType: content?.[0],
          schemaRef: content ? `#/paths/${p.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${status}/content/${content[0].replace(/~/g, '~0').replace(/\//g, '~1')}/schema` : undefined,
        });
      }
      const security = op.security ?? doc.security ?? [];
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path: p,
        parameters: params.map((x: any) => ({ name: x.name, in: x.in, required: x.required === true, schema: deref(x.schema ?? {}) })),
        body: mediaType ? { mediaType, required: requestBody.required === true, schema: media.schema } : undefined,
        responses,
        errorCodes: new Set(op['x-charter-errors'] ?? []),
        scopes: security.flatMap((req: Record<string, string[]>) => Object.values(req).flat()),
      });
    }
  }

  const serviceCodes = new Set<string>((doc['x-charter-catalogue'] ?? []).filter((d: any) => d.scope === 'service').map((d: any) => d.code));
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats.default(ajv);
  // The whole expanded document is one schema resource, so response schemas' `#/components/…` refs resolve.
  ajv.addSchema({ ...doc, $id: 'contract' }, 'contract');
  const validators = new Map<string, ReturnType<typeof ajv.compile>>();
  return {
    doc,
    operations,
    serviceCodes,
    deref,
    validate(ref, value) {
      let v = validators.get(ref);
      if (!v) {
        v = ajv.getSchema(`contract${ref}`);
        if (!v) throw new Error(`no schema at ${ref}`);
        validators.set(ref, v);
      }
      return v(value) ? undefined : ajv.errorsText(v.errors);
    },
  };
}
