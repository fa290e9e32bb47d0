/**
 * Pacts against contracts, with no service running: is every interaction a consumer recorded
 * still allowed by the contracts?
 *
 * - HTTP interactions go through @pactflow/openapi-pact-comparator, fed the EXPANDED OpenAPI
 *   document (the error catalogue turned into problem responses), so a pact's 404 body is
 *   checked against USER_NOT_FOUND's schema like any other response.
 * - Message interactions are matched to an AsyncAPI message (by the `subject` metadata against
 *   the channel addresses, else by the message id named in the description) and their payload
 *   and CloudEvents headers are validated with ajv against the message's self-contained schema,
 *   built by the same function that writes generated/events `messages.<id>.schema`.
 *
 * Every pact reaches this in the v4 shape (pact-files.ts reads v2, v3 and v4). Matching rules and
 * generators are honoured (matchers.ts): a field the consumer matches by type only needs its
 * type allowed, and a request is judged with the values the verifier will generate.
 *
 * Each finding names the consumer, the interaction and the contract location (file:line).
 */
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import * as comparatorModule from '@pactflow/openapi-pact-comparator';

// The package's declarations re-export extensionless paths (`export * from "./compare"`), which
// NodeNext resolution (the published build's) cannot follow, so its one export used here is
// typed by what this module needs of it.
const { Comparator } = comparatorModule as unknown as { Comparator: new (oas: never) => { compare(pact: never): AsyncGenerator<unknown> } };
import { expandCatalogue, loadCatalogue } from '../loader/catalogue.ts';
import type { LoadedContract } from '../loader/load.ts';
import { escapePointer, type Location } from '../loader/source.ts';
import { buildEventsModel, type MessageView } from '../model/asyncapi.ts';
import { bundle } from '../emit/events.ts';
import { bodyRules, excusedByTypeMatcher, withRequestGenerators } from './matchers.ts';
import { isHttpInteraction, isMessageInteraction, type PactFile, type PactInteraction } from './pact-files.ts';

export interface PactCheckFinding {
  consumer: string;
  interaction: string;
  kind: 'http' | 'message';
  /** The comparator's code (e.g. `response.body.incompatible`) or ours (`message.payload.incompatible`). */
  code: string;
  message: string;
  /** Where in the contract the interaction is judged. */
  location: Location;
  /** The pact file, relative to the working directory when printed. */
  pactFile: string;
}

export interface CheckInput {
  openapi?: LoadedContract;
  asyncapi?: LoadedContract;
  pacts: PactFile[];
}

export async function checkPacts(input: CheckInput): Promise<PactCheckFinding[]> {
  const findings: PactCheckFinding[] = [];
  const http = input.openapi ? await httpChecker(input.openapi) : undefined;
  const messages = input.asyncapi ? messageChecker(input.asyncapi) : undefined;
  for (const pact of input.pacts) {
    const httpInteractions = pact.interactions.filter(isHttpInteraction);
    if (httpInteractions.length) {
      if (!http) findings.push(...httpInteractions.map((i) => missingContract(pact, i, 'http', 'OpenAPI')));
      else findings.push(...(await http(pact, httpInteractions)));
    }
    for (const i of pact.interactions.filter(isMessageInteraction)) {
      if (!messages) findings.push(missingContract(pact, i, 'message', 'AsyncAPI'));
      else findings.push(...messages(pact, i));
    }
  }
  return findings;
}

function missingContract(pact: PactFile, i: PactInteraction, kind: 'http' | 'message', what: string): PactCheckFinding {
  return { consumer: pact.consumer, interaction: i.description, kind, code: 'contract.missing', message: `no ${what} contract to check it against`, location: { file: pact.file }, pactFile: pact.file };
}

// ---- HTTP -------------------------------------------------------------------------------------

/** The comparator reads a base path only from this extension (it ignores a relative `servers` URL). */
function basePathOf(doc: Record<string, any>): string {
  const url = doc.servers?.[0]?.url;
  if (typeof url !== 'string') return '';
  const p = /^[a-z]+:\/\//i.test(url) ? new URL(url).pathname : url;
  return p.replace(/\/+$/, '');
}

/** Drops `discriminator`: the comparator's ajv rejects it on problem unions, and each branch's `code` const already decides. */
function withoutDiscriminators(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  if (!Array.isArray(node)) delete (node as Record<string, unknown>).discriminator;
  for (const v of Object.values(node)) withoutDiscriminators(v);
}

async function httpChecker(contract: LoadedContract) {
  const catalogue = loadCatalogue(contract);
  const doc = catalogue ? expandCatalogue(contract, catalogue) : structuredClone(contract.doc);
  doc.info = { ...(doc.info ?? {}), 'x-opc-config-base-path': basePathOf(doc) };
  withoutDiscriminators(doc);
  const comparator = new Comparator(doc as never);
  return async (pact: PactFile, interactions: PactInteraction[]): Promise<PactCheckFinding[]> => {
    // The comparator reports by index into the interactions it was given: give it only the HTTP ones.
    const out: PactCheckFinding[] = [];
    const sent = interactions.map(withRequestGenerators);
    for await (const r of comparator.compare({ consumer: { name: pact.consumer }, provider: { name: pact.provider }, interactions: sent, metadata: { pactSpecification: { version: '4.0' } } } as never)) {
      const result = r as { code: string; message: string; type: string; mockDetails?: { location?: string; interactionDescription?: string }; specDetails?: { location?: string; pathName?: string | null; pathMethod?: string | null } };
      if (result.type !== 'error') continue;
      const index = Number(/interactions\[(\d+)\]/.exec(result.mockDetails?.location ?? '')?.[1] ?? -1);
      const interaction = interactions[index];
      if (interaction && result.code.startsWith('response.body')) {
        const target = /\.response\.body((?:\.[^.]+)*)$/.exec(result.mockDetails?.location ?? '')?.[1]?.split('.').filter(Boolean) ?? [];
        const keyword = (result.specDetails?.location ?? '').split('.').at(-1) ?? '';
        if (excusedByTypeMatcher(bodyRules(interaction.response?.matchingRules), target, keyword)) continue;
      }
      out.push({
        consumer: pact.consumer,
        interaction: interaction?.description ?? result.mockDetails?.interactionDescription ?? '?',
        kind: 'http',
        code: result.code,
        message: result.message,
        location: locateOperation(contract, result.specDetails?.pathName ?? undefined, result.specDetails?.pathMethod ?? undefined, interaction),
        pactFile: pact.file,
      });
    }
    return out;
  };
}

/** The deepest pointer that exists in the source: the response, else the operation, else the paths. */
function locateOperation(contract: LoadedContract, pathName: string | undefined, method: string | undefined, interaction: PactInteraction | undefined): Location {
  if (!pathName || !method) return contract.locate('/paths');
  const op = `/paths/${escapePointer(pathName)}/${method}`;
  const status = interaction?.response?.status;
  const candidates = status !== undefined ? [`${op}/responses/${status}`, `${op}/x-errors`, op] : [op];
  for (const pointer of candidates) {
    const loc = contract.locate(pointer);
    if (loc.line !== undefined) return loc;
  }
  return contract.locate('/paths');
}

// ---- messages ---------------------------------------------------------------------------------

const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

interface CompiledMessage {
  view: MessageView;
  payload: ValidateFunction;
  headers?: ValidateFunction;
  /** Subject patterns of the channels carrying the message. */
  subjects: RegExp[];
}

function addressPattern(address: string): RegExp {
  const parts = address.split(/(\{[^}]+\})/).map((p) => (/^\{[^}]+\}$/.test(p) ? '[^.]+' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${parts.join('')}$`);
}

function messageChecker(contract: LoadedContract) {
  const model = buildEventsModel(contract.doc, { file: contract.file, sources: contract.sources });
  const ajv = new Ajv({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  const compiled: CompiledMessage[] = [];
  for (const view of model.messages.values()) {
    const subjects = model.channels.filter((c) => c.messageIds.includes(view.id)).map((c) => addressPattern(c.address));
    compiled.push({
      view,
      payload: ajv.compile((bundle(contract.doc, view.payload ?? {}) as object) ?? {}),
      headers: view.headers ? ajv.compile(bundle(contract.doc, view.headers) as object) : undefined,
      subjects,
    });
  }
  const at = (m: CompiledMessage, part: 'payload' | 'headers' | '') => {
    const loc = contract.locate(part ? `${m.view.pointer}/${part}` : m.view.pointer);
    return loc.line !== undefined ? loc : contract.locate(m.view.pointer);
  };
  return (pact: PactFile, i: PactInteraction): PactCheckFinding[] => {
    const metadata = (i.metadata ?? {}) as Record<string, unknown>;
    const subject = typeof metadata.subject === 'string' ? metadata.subject : undefined;
    const base = { consumer: pact.consumer, interaction: i.description, kind: 'message' as const, pactFile: pact.file };
    let candidates = subject ? compiled.filter((m) => m.subjects.some((s) => s.test(subject))) : [];
    if (!candidates.length) {
      const words = i.description.split(/[^A-Za-z0-9_]+/);
      candidates = compiled.filter((m) => words.includes(m.view.id) || words.includes(m.view.name));
    }
    if (!candidates.length) {
      return [{ ...base, code: 'message.unknown', message: `no AsyncAPI message matches it (subject ${subject ?? 'not given'}; name a message id in the description or set the subject metadata)`, location: contract.locate('/channels') }];
    }
    const payload = i.contents?.content;
    const headers = Object.fromEntries(Object.entries(metadata).filter(([k]) => k !== 'contentType' && k !== 'subject' && k !== 'content-type'));
    const failures: PactCheckFinding[] = [];
    for (const m of candidates) {
      const problems: Array<{ part: 'payload' | 'headers'; text: string }> = [];
      const rules = bodyRules(i.matchingRules);
      if (!m.payload(payload)) for (const e of (m.payload.errors ?? []).filter((e) => !excusedByTypeMatcher(rules, e.instancePath.split('/').filter(Boolean), e.keyword))) problems.push({ part: 'payload', text: `payload${e.instancePath} ${e.message}${e.params && 'additionalProperty' in e.params ? ` - ${String(e.params.additionalProperty)}` : ''}` });
      if (m.headers && !m.headers(headers)) for (const e of m.headers.errors ?? []) problems.push({ part: 'headers', text: `headers${e.instancePath} ${e.message}` });
      if (!problems.length) return [];
      failures.push(
        ...problems.map((p) => ({
          ...base,
          code: `message.${p.part}.incompatible`,
          message: `${p.text} (message ${m.view.id})`,
          location: at(m, p.part),
        })),
      );
    }
    return failures;
  };
}

export function formatFinding(f: PactCheckFinding, cwd: string): string {
  const file = f.location.file ? path.relative(cwd, f.location.file) || f.location.file : '?';
  const where = [file, f.location.line, f.location.line !== undefined ? f.location.column : undefined].filter((x) => x !== undefined).join(':');
  return `${where}: ${f.consumer} › "${f.interaction}": ${f.message} [${f.code}]`;
}
