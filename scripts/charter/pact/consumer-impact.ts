/**
 * Which recorded consumer interactions a `charter diff` finding affects.
 *
 * A pact records only what a consumer sends and what it reads: the response body in a pact
 * holds exactly the fields the consumer's code looks at. So a finding hits an interaction when
 *   - HTTP: method and path template match (and the status, for response findings), and the
 *     field the finding is about (its schemaPath, as a JSON path) is present in the body the
 *     interaction sends or reads — or the finding is about the whole operation/response;
 *   - error catalogue: the interaction reads a problem with that code;
 *   - AsyncAPI: the interaction receives that message, and reads the field.
 * Rules about something newly demanded of the consumer (a parameter or property becoming
 * required) hit every interaction of the operation that does not already send it.
 */
import type { Finding } from '../diff/types.ts';
import { isHttpInteraction, isMessageInteraction, type PactFile, type PactInteraction } from './pact-files.ts';

export interface ConsumerHit {
  consumer: string;
  interaction: string;
  /** e.g. `response body field displayName`, or undefined when the whole operation is affected. */
  what?: string;
}

export type AnnotatedFinding = Finding & { consumers?: ConsumerHit[] };

export interface ImpactContext {
  /** Path prefixes the API is served under (the OpenAPI servers' paths, e.g. `/v1`). */
  basePaths: string[];
  /** AsyncAPI channel key → address, and message id → channel keys, to match message interactions. */
  channels: Map<string, string>;
  messageChannels: Map<string, string[]>;
}

/** Annotates breaking and warning findings with the interactions they hit (`consumers`, possibly empty). */
export function annotateFindings(findings: Finding[], pacts: PactFile[], ctx: ImpactContext): AnnotatedFinding[] {
  return findings.map((f) => {
    if (f.level === 'info') return f;
    const hits: ConsumerHit[] = [];
    for (const pact of pacts) {
      for (const i of pact.interactions) {
        const what = hit(f, i, ctx);
        if (what !== false) hits.push({ consumer: pact.consumer, interaction: i.description, what: what || undefined });
      }
    }
    return { ...f, consumers: hits };
  });
}

/** Undefined/'' when the interaction is hit as a whole, a description when through a field, false when not hit. */
function hit(f: Finding, i: PactInteraction, ctx: ImpactContext): string | false {
  const c = f.context;
  if (!c) return false;
  if (isHttpInteraction(i) && i.request) {
    if (c.errorCode && !c.method) return problemCode(i) === c.errorCode ? `problem ${c.errorCode}` : false;
    if (!c.method || !c.path) return false;
    if (c.method.toUpperCase() !== i.request.method.toUpperCase()) return false;
    if (!pathMatches(c.path, i.request.path, ctx.basePaths)) return false;
    const direction = f.direction ?? (c.status ? 'response' : 'request');
    if (direction === 'response') {
      if (c.status && !statusMatches(c.status, i.response?.status)) return false;
      if (c.errorCode && problemCode(i) !== c.errorCode) return false;
      if (c.part === 'header' || c.header) return headerUsed(i.response?.headers, c.header) ? `response header ${c.header}` : false;
      return fieldHit(f, i.response?.body?.content, 'response body');
    }
    if (c.parameter) {
      const sent = c.parameter.in === 'query' ? queryUsed(i.request.query, c.parameter.name) : c.parameter.in === 'header' ? headerUsed(i.request.headers, c.parameter.name) : true;
      if (demandsMore(f)) return sent ? false : `${c.parameter.in} parameter ${c.parameter.name} it does not send`;
      return sent ? `${c.parameter.in} parameter ${c.parameter.name}` : false;
    }
    return fieldHit(f, i.request.body?.content, 'request body');
  }
  if (isMessageInteraction(i)) {
    if (!c.message && !c.channel) return false;
    const channelKeys = c.channel ? [c.channel] : ctx.messageChannels.get(c.message!) ?? [];
    if (!receives(i, c.message, channelKeys, ctx)) return false;
    if (c.part === 'message-headers') return fieldHit(f, i.metadata, 'message header');
    return fieldHit(f, i.contents?.content, 'payload');
  }
  return false;
}

function demandsMore(f: Finding): boolean {
  return /(became-required|added-required|required-added)/.test(f.id);
}

function fieldHit(f: Finding, body: unknown, where: string): string | false {
  const jsonPath = toJsonPath(f.context?.schemaPath ?? []);
  if (!jsonPath.length) return '';
  const present = has(body, jsonPath);
  if (demandsMore(f)) {
    // A field that became required: the consumer breaks when it does not send it. The path names the
    // property itself, so look for it; a whole new required body breaks everyone.
    return present ? false : `${where} field ${printPath(jsonPath)} it does not send`;
  }
  return present ? `${where} field ${printPath(jsonPath)}` : false;
}

/** ['properties','items','items','properties','displayName'] → ['items', '[]', 'displayName']. */
export function toJsonPath(schemaPath: string[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < schemaPath.length; k++) {
    const seg = schemaPath[k]!;
    if (seg === 'properties' || seg === 'patternProperties') {
      if (k + 1 < schemaPath.length) out.push(schemaPath[++k]!);
    } else if (seg === 'items' || seg === 'prefixItems') out.push('[]');
    else if (seg === 'additionalProperties') out.push('*');
    else if (seg === 'oneOf' || seg === 'anyOf' || seg === 'allOf') k++;
    // not, if/then/else, $defs…: stay at the same data location.
  }
  return out;
}

function printPath(p: string[]): string {
  return p.map((s, i) => (s === '[]' ? '[]' : i === 0 ? s : `.${s}`)).join('');
}

function has(value: unknown, p: string[]): boolean {
  if (!p.length) return true;
  const [head, ...rest] = p as [string, ...string[]];
  if (head === '[]') return Array.isArray(value) && value.some((v) => has(v, rest));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  if (head === '*') return Object.values(value).some((v) => has(v, rest));
  return Object.prototype.hasOwnProperty.call(value, head) && has((value as Record<string, unknown>)[head], rest);
}

function pathMatches(template: string, actual: string, basePaths: string[]): boolean {
  const pattern = template
    .split(/(\{[^}]+\})/)
    .map((p) => (/^\{[^}]+\}$/.test(p) ? '[^/]+' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const path = actual.split('?')[0]!;
  return (basePaths.length ? basePaths : ['']).some((b) => new RegExp(`^${b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${pattern}/?$`).test(path));
}

function statusMatches(status: string, actual: number | undefined): boolean {
  if (actual === undefined) return false;
  if (status === 'default') return true;
  if (/^[1-5]XX$/i.test(status)) return String(actual)[0] === status[0];
  return String(actual) === status;
}

function problemCode(i: PactInteraction): string | undefined {
  const body = i.response?.body?.content as { code?: unknown } | undefined;
  return body && typeof body === 'object' && typeof body.code === 'string' ? body.code : undefined;
}

function headerUsed(headers: Record<string, unknown> | undefined, name: string | undefined): boolean {
  if (!headers || !name) return false;
  return Object.keys(headers).some((h) => h.toLowerCase() === name.toLowerCase());
}

function queryUsed(query: Record<string, unknown> | undefined, name: string): boolean {
  return !!query && Object.prototype.hasOwnProperty.call(query, name);
}

function receives(i: PactInteraction, messageId: string | undefined, channelKeys: string[], ctx: ImpactContext): boolean {
  const subject = (i.metadata as Record<string, unknown> | undefined)?.subject;
  if (typeof subject === 'string') {
    return channelKeys.some((k) => {
      const address = ctx.channels.get(k);
      if (!address) return false;
      const re = new RegExp(`^${address.split(/(\{[^}]+\})/).map((p) => (/^\{[^}]+\}$/.test(p) ? '[^.]+' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`);
      return re.test(subject);
    });
  }
  const words = i.description.split(/[^A-Za-z0-9_]+/);
  return messageId !== undefined && words.includes(messageId);
}

/** `breaks web › "get user u1" (response body field displayName)`, one entry per consumer and field. */
export function describeHits(f: AnnotatedFinding): string | undefined {
  if (!f.consumers) return undefined;
  if (!f.consumers.length) return 'no known consumer affected';
  const verb = f.level === 'breaking' ? 'breaks' : 'affects';
  const groups = new Map<string, string[]>();
  for (const h of f.consumers) {
    const key = `${h.consumer}\u0000${h.what ?? ''}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(`"${h.interaction}"`);
  }
  return [...groups.entries()]
    .map(([key, interactions]) => {
      const [consumer, what] = key.split('\u0000') as [string, string];
      return `${verb} ${consumer} › ${interactions.join(', ')}${what ? ` (${what})` : ''}`;
    })
    .join('; ');
}
