/**
 * The API reference emitter: from the expanded contract (error catalogue already turned into
 * problem responses) and the catalogue entries, the two HTML pages both `charter docs` and the
 * running service publish. Pure: it reads neither disk nor network, so the service and the CLI
 * produce byte-identical pages and tests can render in memory.
 */
import type { ErrorDef } from '../loader/catalogue.ts';

/** Where the pages find each other and the Redoc bundle: absolute under the service, relative in a static folder. */
export interface DocsLinks {
  /** The reference page, e.g. `/docs` or `index.html`. */
  index: string;
  /** The error catalogue page, e.g. `/docs/errors` or `errors.html`. */
  errors: string;
  /** The self-hosted Redoc standalone bundle. */
  redocScript: string;
  /** The expanded contract, for download. */
  openapi: string;
}

export const SERVICE_LINKS: DocsLinks = {
  index: '/docs',
  errors: '/docs/errors',
  redocScript: '/docs/redoc.standalone.js',
  openapi: '/docs/openapi.json',
};

export const STATIC_LINKS: DocsLinks = {
  index: 'index.html',
  errors: 'errors.html',
  redocScript: 'redoc.standalone.js',
  openapi: 'openapi.json',
};

export interface DocsInput {
  /** The expanded OpenAPI document (`expandCatalogue`'s output, as in generated/openapi.json). */
  doc: Record<string, any>;
  errors: readonly ErrorDef[];
  links: DocsLinks;
}

export interface DocsPages {
  'index.html': string;
  'errors.html': string;
  'openapi.json': string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The section id for a code: the fragment of its `type` URI, so `/docs/errors#email-taken`
 * lands on EMAIL_TAKEN. A type without a fragment falls back to the kebab-cased code.
 */
export function errorAnchor(def: Pick<ErrorDef, 'code' | 'type'>): string {
  const hash = def.type.indexOf('#');
  if (hash >= 0 && hash < def.type.length - 1) return decodeURIComponent(def.type.slice(hash + 1));
  return def.code.toLowerCase().replace(/_/g, '-');
}

/** The small Markdown subset catalogue docs use: paragraphs, lists, `code`, **bold**, *emphasis*, [links](url). */
export function renderMarkdown(markdown: string): string {
  const inline = (text: string): string =>
    escapeHtml(text)
      .replace(/`([^`]+)`/g, '<code>$1</code>')
      .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|[^*])\*([^*]+)\*/g, '$1<em>$2</em>')
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, href: string) =>
        /^(https?:|\/|#|[a-z0-9._-]+(\.html)?(#|$))/i.test(href) ? `<a href="${href}">${label}</a>` : label,
      );
  const blocks = markdown.trim().split(/\n\s*\n/);
  return blocks
    .filter((b) => b.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      if (lines.every((l) => /^\s*[-*] /.test(l) || /^\s{2,}\S/.test(l))) {
        const items: string[] = [];
        for (const line of lines) {
          if (/^\s*[-*] /.test(line)) items.push(line.replace(/^\s*[-*] /, ''));
          else items[items.length - 1] += ` ${line.trim()}`;
        }
        return `<ul>${items.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`;
      }
      return `<p>${inline(lines.map((l) => l.trim()).join(' '))}</p>`;
    })
    .join('\n');
}

interface OperationRef {
  operationId: string;
  method: string;
  path: string;
  summary: string;
  codes: string[];
}

function operationsOf(doc: Record<string, any>): OperationRef[] {
  const out: OperationRef[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method];
      if (!op || typeof op.operationId !== 'string') continue;
      out.push({
        operationId: op.operationId,
        method,
        path,
        summary: typeof op.summary === 'string' ? op.summary : '',
        codes: Array.isArray(op['x-charter-errors']) ? [...op['x-charter-errors']].sort() : [],
      });
    }
  }
  return out.sort((a, b) => a.operationId.localeCompare(b.operationId));
}

/** A copy of the contract whose operations each end with a linked list of the error codes they can return. */
function withErrorLists(input: DocsInput): Record<string, any> {
  const doc = structuredClone(input.doc);
  const byCode = new Map(input.errors.map((d) => [d.code, d]));
  for (const item of Object.values<any>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method];
      const codes: unknown = op?.['x-charter-errors'];
      if (!Array.isArray(codes) || codes.length === 0) continue;
      const rows = [...codes]
        .sort()
        .map((code: string) => {
          const def = byCode.get(code);
          if (!def) return `| \`${code}\` | | |`;
          return `| [\`${code}\`](${input.links.errors}#${errorAnchor(def)}) | ${def.status} | ${def.title.replace(/\|/g, '\\|')} |`;
        });
      const table = ['**Errors** (RFC 9457 problems; branch on `code`):', '', '| code | status | title |', '|---|---|---|', ...rows].join('\n');
      op.description = op.description ? `${op.description.trimEnd()}\n\n${table}` : table;
    }
  }
  return doc;
}

function jsonForScript(value: unknown): string {
  // Inside <script>, `</script>` or `<!--` in a string would end the element early.
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const STYLE = `
  body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2933; line-height: 1.5; }
  header.charter { display: flex; gap: 1.5rem; align-items: baseline; padding: .6rem 1.25rem; background: #102a43; color: #fff; }
  header.charter a { color: #d9e2ec; }
  header.charter strong { font-size: 1.05rem; }
  main.errors { max-width: 60rem; margin: 0 auto; padding: 1rem 1.25rem 4rem; }
  main.errors section { border-top: 1px solid #d9e2ec; padding-top: .5rem; margin-top: 1.5rem; }
  main.errors section:target { background: #fffbea; }
  table { border-collapse: collapse; margin: .5rem 0; }
  th, td { border: 1px solid #d9e2ec; padding: .25rem .6rem; text-align: left; vertical-align: top; }
  code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .92em; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
  dt { font-weight: 600; }
  dd { margin: 0; }
`;

function header(input: DocsInput, title: string): string {
  const { links } = input;
  return `<header class="charter"><strong>${escapeHtml(title)}</strong><a href="${links.index}">API reference</a><a href="${links.errors}">Error catalogue</a><a href="${links.openapi}">openapi.json</a></header>`;
}

function page(title: string, head: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
${head}</head>
<body>
${body}
</body>
</html>
`;
}

function renderIndex(input: DocsInput): string {
  const title = `${input.doc.info?.title ?? 'API'} ${input.doc.info?.version ?? ''}`.trim();
  const spec = withErrorLists(input);
  const options = { hideHostname: false, expandResponses: '', jsonSampleExpandLevel: 2, pathInMiddlePanel: true, sortTagsAlphabetically: false };
  return page(
    `${title} — API reference`,
    `<script src="${input.links.redocScript}"></script>\n`,
    `${header(input, title)}
<div id="redoc"></div>
<noscript><p>The interactive reference needs JavaScript. The contract itself is at <a href="${input.links.openapi}">openapi.json</a>, and every error code at <a href="${input.links.errors}">the error catalogue</a>.</p></noscript>
<script id="charter-spec" type="application/json">${jsonForScript(spec)}</script>
<script>
  Redoc.init(JSON.parse(document.getElementById('charter-spec').textContent), ${JSON.stringify(options)}, document.getElementById('redoc'));
</script>`,
  );
}

function memberRows(def: ErrorDef): string {
  const names = Object.keys(def.members).sort();
  if (names.length === 0) return '';
  const rows = names.map((name) => {
    const schema = def.members[name] ?? {};
    const type = typeof schema.type === 'string' ? schema.type : Array.isArray(schema.type) ? schema.type.join(' | ') : 'object';
    const description = typeof schema.description === 'string' ? escapeHtml(schema.description) : '';
    return `<tr><td><code>${escapeHtml(name)}</code></td><td><code>${escapeHtml(type)}</code></td><td>${def.required.includes(name) ? 'yes' : 'no'}</td><td>${description}</td></tr>`;
  });
  return `<table><thead><tr><th>member</th><th>type</th><th>required</th><th>description</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function renderErrors(input: DocsInput): string {
  const title = `${input.doc.info?.title ?? 'API'} ${input.doc.info?.version ?? ''}`.trim();
  const ops = operationsOf(input.doc);
  const defs = [...input.errors].sort((a, b) => a.code.localeCompare(b.code));
  const summary = defs
    .map((d) => `<tr><td><a href="#${escapeHtml(errorAnchor(d))}"><code>${d.code}</code></a></td><td>${d.status}</td><td>${d.retryable ? 'yes' : 'no'}</td><td>${escapeHtml(d.title)}</td></tr>`)
    .join('');
  const sections = defs.map((d) => {
    const usedBy = ops.filter((o) => o.codes.includes(d.code));
    const returnedBy =
      d.scope === 'service'
        ? 'any request that matches no operation'
        : usedBy.map((o) => `<a href="${input.links.index}#operation/${encodeURIComponent(o.operationId)}"><code>${escapeHtml(o.operationId)}</code></a>`).join(', ') || 'no operation yet';
    return `<section id="${escapeHtml(errorAnchor(d))}" data-code="${d.code}">
<h2><code>${d.code}</code> — ${escapeHtml(d.title)}</h2>
<dl>
<dt>Status</dt><dd>${d.status}</dd>
<dt>Type</dt><dd><code>${escapeHtml(d.type)}</code></dd>
<dt>Retryable</dt><dd>${d.retryable ? 'yes — the same request may succeed later' : 'no — change the request first'}</dd>
<dt>Returned by</dt><dd>${returnedBy}</dd>
</dl>
${memberRows(d)}
${renderMarkdown(d.docs)}
</section>`;
  });
  return page(
    `${title} — error catalogue`,
    '',
    `${header(input, title)}
<main class="errors">
<h1>Error catalogue</h1>
<p>Every error is an RFC 9457 <code>application/problem+json</code> body with a stable <code>code</code>. Clients branch on <code>code</code>, never on <code>title</code> or <code>detail</code>. Each body also carries the <code>requestId</code> to quote when reporting a problem.</p>
<table><thead><tr><th>code</th><th>status</th><th>retryable</th><th>title</th></tr></thead><tbody>${summary}</tbody></table>
${sections.join('\n')}
</main>`,
  );
}

export function renderDocs(input: DocsInput): DocsPages {
  return {
    'index.html': renderIndex(input),
    'errors.html': renderErrors(input),
    'openapi.json': JSON.stringify(input.doc, null, 2) + '\n',
  };
}
