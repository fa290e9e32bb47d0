/**
 * Every lint rule, in the order they are documented. Adding a rule: write rules/<id>.ts,
 * add it here, add test/lint/fixtures/<id>.bad.yaml and <id>.good.yaml, and regenerate
 * docs/lint-rules.md (`node scripts/charter/bin.mjs lint --rules-doc > docs/lint-rules.md`).
 */
import type { Rule } from '../types.ts';
import { rule as structure } from './structure.ts';
import { rule as refExists } from './ref-exists.ts';
import { rule as noRemoteRefs } from './no-remote-refs.ts';
import { rule as pathParams } from './path-params.ts';
import { rule as operationIdUnique } from './operation-id-unique.ts';
import { rule as operationId } from './operation-id.ts';
import { rule as operationSummary } from './operation-summary.ts';
import { rule as operationTags } from './operation-tags.ts';
import { rule as operationSecurity } from './operation-security.ts';
import { rule as unusedComponents } from './unused-components.ts';
import { rule as examplesValid } from './examples-valid.ts';
import { rule as errorCatalogueValid } from './error-catalogue-valid.ts';
import { rule as errorResponseProblemJson } from './error-response-problem-json.ts';
import { rule as errorResponseCatalogued } from './error-response-catalogued.ts';
import { rule as errorCodeUsed } from './error-code-used.ts';
import { rule as errorCodeDocs } from './error-code-docs.ts';
import { rule as idempotencyKey } from './idempotency-key.ts';
import { rule as pagination } from './pagination.ts';
import { rule as stringBounds } from './string-bounds.ts';
import { rule as arrayBounds } from './array-bounds.ts';
import { rule as propertyNaming } from './property-naming.ts';
import { rule as cloudeventsHeaders } from './cloudevents-headers.ts';
import { rule as payloadTitle } from './payload-title.ts';
import { rule as messageSchemaFormat } from './message-schema-format.ts';

export const RULES: readonly Rule[] = [
  structure,
  refExists,
  noRemoteRefs,
  pathParams,
  operationIdUnique,
  unusedComponents,
  examplesValid,
  operationId,
  operationSummary,
  operationTags,
  operationSecurity,
  errorCatalogueValid,
  errorResponseProblemJson,
  errorResponseCatalogued,
  errorCodeUsed,
  errorCodeDocs,
  idempotencyKey,
  pagination,
  stringBounds,
  arrayBounds,
  propertyNaming,
  cloudeventsHeaders,
  payloadTitle,
  messageSchemaFormat,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));
