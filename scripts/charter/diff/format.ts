/**
 * Output formats of `charter diff`: text (grouped by operation or channel, coloured on a
 * TTY), markdown (a PR comment), json (a stable shape, documented in docs/diff.md), github
 * (workflow annotations), sarif (SARIF 2.1.0, for code scanning) and junit (a test report
 * for CI dashboards). Also the rule list (`--rules`).
 */
import type { Rule } from './rule.ts';
import { ALL_RULES } from './rules/index.ts';
import type { Finding, Level } from './types.ts';
import { LEVEL_RANK } from './types.ts';

export type Format = 'text' | 'markdown' | 'json' | 'github' | 'sarif' | 'junit';
export const FORMATS: Format[] = ['text', 'markdown', 'json', 'github', 'sarif', 'junit'];

export interface Summary {
  breaking: number;
  warning: number;
  info: number;
  ignored: number;
}

export interface Report {
  findings: Finding[];
  /** Lines printed before the findings (e.g. "comparing main:contracts/openapi.yaml → contracts/openapi.yaml"). */
  notes?: string[];
  failOn: Level;
}

export function summarise(findings: Finding[]): Summary {
  const s: Summary = { breaking: 0, warning: 0, info: 0, ignored: 0 };
  for (const f of findings) {
    if (f.ignored) s.ignored++;
    else s[f.level]++;
  }
  return s;
}

const ANSI = { red: '\x1b[31m', yellow: '\x1b[33m', cyan: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };
const SYMBOL: Record<Level, string> = { breaking: '✖', warning: '⚠', info: 'ℹ' };
const COLOUR: Record<Level, keyof typeof ANSI> = { breaking: 'red', warning: 'yellow', info: 'cyan' };

export function render(format: Format, report: Report, opts: { color?: boolean } = {}): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'github':
      return renderGithub(report);
    case 'sarif':
      return renderSarif(report);
    case 'junit':
      return renderJunit(report);
    default:
      return renderText(report, opts.color ?? false);
  }
}

function where(f: Finding): string {
  return `${f.location.file}${f.location.line ? `:${f.location.line}` : ''}`;
}

function group(f: Finding): string {
  if (f.operation) return f.operation;
  if (f.channel) return `channel ${f.channel}`;
  if (f.context?.errorCode) return 'error catalogue';
  if (f.id.startsWith('ignore-')) return 'ignore file';
  return 'document';
}

function summaryLine(s: Summary): string {
  const parts = [`${s.breaking} breaking`, `${s.warning} warning${s.warning === 1 ? '' : 's'}`, `${s.info} info`];
  return `${parts.join(', ')}${s.ignored ? ` (${s.ignored} ignored)` : ''}`;
}

export function failing(findings: Finding[], failOn: Level): Finding[] {
  return findings.filter((f) => !f.ignored && LEVEL_RANK[f.level] >= LEVEL_RANK[failOn]);
}

function renderText(report: Report, color: boolean): string {
  const c = (k: keyof typeof ANSI, s: string) => (color ? `${ANSI[k]}${s}${ANSI.reset}` : s);
  const out: string[] = [...(report.notes ?? []).map((n) => c('dim', n))];
  const shown = report.findings.filter((f) => !f.ignored);
  const groups = new Map<string, Finding[]>();
  for (const f of shown) {
    const g = group(f);
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(f);
  }
  for (const [g, list] of groups) {
    out.push('', c('bold', g));
    for (const f of list) {
      out.push(`  ${c(COLOUR[f.level], `${SYMBOL[f.level]} ${f.level.padEnd(8)}`)} ${f.message} ${c('dim', `[${f.id}]`)}`);
      out.push(`    ${c('dim', `at ${where(f)}  ${f.location.pointer}`)}`);
    }
  }
  const s = summarise(report.findings);
  out.push('', summaryLine(s));
  const fail = failing(report.findings, report.failOn);
  out.push(fail.length ? c('red', `✖ ${fail.length} finding${fail.length > 1 ? 's' : ''} at or above ${report.failOn}`) : `✔ nothing at or above ${report.failOn}`);
  return `${out.join('\n').replace(/^\n/, '')}\n`;
}

function md(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function renderMarkdown(report: Report): string {
  const s = summarise(report.findings);
  const fail = failing(report.findings, report.failOn);
  const out: string[] = [];
  out.push(`### ${fail.length ? '❌' : '✅'} Charter diff: ${summaryLine(s)}`, '');
  for (const n of report.notes ?? []) out.push(`_${n}_`);
  if (report.notes?.length) out.push('');
  const shown = report.findings.filter((f) => !f.ignored);
  const table = (list: Finding[]) => {
    const rows = ['| | Rule | Where | Change | Location |', '|---|---|---|---|---|'];
    for (const f of list) rows.push(`| ${SYMBOL[f.level]} ${f.level} | \`${f.id}\` | ${md(group(f))} | ${md(f.message)} | \`${md(where(f))}\` |`);
    return rows.join('\n');
  };
  const major = shown.filter((f) => f.level !== 'info');
  const info = shown.filter((f) => f.level === 'info');
  if (major.length) out.push(table(major), '');
  if (info.length) out.push(`<details><summary>${info.length} informational change${info.length > 1 ? 's' : ''}</summary>`, '', table(info), '', '</details>', '');
  const ignored = report.findings.filter((f) => f.ignored);
  if (ignored.length) {
    out.push(`<details><summary>${ignored.length} ignored (contracts/charter-ignore.yaml)</summary>`, '');
    for (const f of ignored) out.push(`- \`${f.id}\` ${md(group(f))}: ${md(f.message)} — _${md(f.ignored!.reason)}_ (until ${f.ignored!.expires})`);
    out.push('', '</details>', '');
  }
  if (!shown.length) out.push('No changes to report.', '');
  return `${out.join('\n')}`;
}

/** The JSON shape is part of Charter's interface: see docs/diff.md before changing it. */
function renderJson(report: Report): string {
  const strip = (f: Finding) => ({
    id: f.id,
    level: f.level,
    message: f.message,
    ...(f.operation ? { operation: f.operation } : {}),
    ...(f.channel ? { channel: f.channel } : {}),
    ...(f.direction ? { direction: f.direction } : {}),
    location: f.location,
    fingerprint: f.fingerprint,
    ...(f.context ? { context: f.context } : {}),
    ...(f.overridden ? { overridden: f.overridden } : {}),
    ...(f.ignored ? { ignored: f.ignored } : {}),
  });
  return `${JSON.stringify(
    {
      findings: report.findings.filter((f) => !f.ignored).map(strip),
      ignored: report.findings.filter((f) => f.ignored).map(strip),
      summary: summarise(report.findings),
      // What was compared with what (and which base revision was chosen): context, not findings.
      notes: report.notes ?? [],
    },
    null,
    2,
  )}\n`;
}

const ghEscapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const ghEscapeProp = (s: string) => ghEscapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function renderGithub(report: Report): string {
  const cmd: Record<Level, string> = { breaking: 'error', warning: 'warning', info: 'notice' };
  const out: string[] = [];
  for (const f of report.findings) {
    if (f.ignored) continue;
    // Files of a git revision (`main:contracts/openapi.yaml`) are not in the checkout: annotate the path, without a line.
    const rev = /^[^:]+:(.+)$/.exec(f.location.file);
    const file = rev ? rev[1]! : f.location.file;
    const props = [`file=${ghEscapeProp(file)}`];
    if (!rev && f.location.line) props.push(`line=${f.location.line}`);
    props.push(`title=${ghEscapeProp(`${f.id}${f.operation ? ` (${f.operation})` : f.channel ? ` (${f.channel})` : ''}`)}`);
    out.push(`::${cmd[f.level]} ${props.join(',')}::${ghEscapeData(f.message)}`);
  }
  const s = summarise(report.findings);
  out.push(`charter diff: ${summaryLine(s)}`);
  return `${out.join('\n')}\n`;
}

// ------------------------------------------------------------------ SARIF 2.1.0

const SARIF_LEVEL: Record<Level, 'error' | 'warning' | 'note'> = { breaking: 'error', warning: 'warning', info: 'note' };

/** A location's file as a path and, for a git revision (`main:contracts/openapi.yaml`), the revision. */
function splitRevision(file: string): { uri: string; revision?: string } {
  const m = /^([^:]+):(.+)$/.exec(file);
  if (m && !/^[a-zA-Z]$/.test(m[1]!)) return { uri: m[2]!, revision: m[1]! };
  return { uri: file };
}

/**
 * SARIF 2.1.0: one run; `tool.driver.rules` is the rule table, each result names its rule
 * (`ruleId`, `ruleIndex`), its level (breaking → error, warning → warning, info → note) and
 * the file:line of the finding in the revision it is about (`properties.revision` when that
 * is a git revision rather than the working tree). Ignored findings carry a suppression.
 */
function renderSarif(report: Report): string {
  const rules = [...ALL_RULES].sort((a, b) => a.id.localeCompare(b.id));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.findings.map((f) => {
    const { uri, revision } = splitRevision(f.location.file);
    const logical = f.operation ?? f.channel ?? f.context?.errorCode;
    return {
      ruleId: f.id,
      ...(index.has(f.id) ? { ruleIndex: index.get(f.id)! } : {}),
      level: SARIF_LEVEL[f.level],
      message: { text: `${f.operation ? `${f.operation}: ` : f.channel ? `channel ${f.channel}: ` : ''}${f.message}` },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: uri.split(/[\\/]/).map(encodeURIComponent).join('/') }, region: { startLine: f.location.line ?? 1 } },
          ...(logical ? { logicalLocations: [{ fullyQualifiedName: logical, kind: f.operation ? 'function' : 'module' }] } : {}),
        },
      ],
      partialFingerprints: { 'charter/v1': f.fingerprint },
      properties: { pointer: f.location.pointer, ...(revision ? { revision } : {}), ...(f.direction ? { direction: f.direction } : {}), ...(f.overridden ? { overridden: f.overridden } : {}) },
      ...(f.ignored ? { suppressions: [{ kind: 'external', justification: `${f.ignored.reason} (until ${f.ignored.expires})` }] } : {}),
    };
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'charter diff',
            informationUri: 'https://github.com/charter/charter/blob/main/docs/diff-rules.md',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
              shortDescription: { text: r.summary },
              fullDescription: { text: r.doc },
              defaultConfiguration: { level: SARIF_LEVEL[r.level] },
              properties: { level: r.level, direction: r.direction },
            })),
          },
        },
        results,
        ...(report.notes?.length ? { invocations: [{ executionSuccessful: true, toolExecutionNotifications: report.notes.map((n) => ({ message: { text: n }, level: 'note' })) }] } : {}),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

// ------------------------------------------------------------------ JUnit

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * JUnit XML: one testsuite, one testcase per operation (or channel, document, error catalogue)
 * with findings, failed when one of its findings is at or above --fail-on; every finding is
 * listed in the failure or in system-out. With no findings, one passing testcase says what
 * was compared, so an empty report is never mistaken for a skipped check.
 */
function renderJunit(report: Report): string {
  const groups = new Map<string, Finding[]>();
  for (const f of report.findings.filter((x) => !x.ignored)) {
    const g = group(f);
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(f);
  }
  const line = (f: Finding) => `${f.level} ${f.id}: ${f.message} (${where(f)} ${f.location.pointer})`;
  const cases: string[] = [];
  let failures = 0;
  for (const [g, list] of groups) {
    const fail = failing(list, report.failOn);
    const rest = list.filter((f) => !fail.includes(f));
    const parts: string[] = [];
    if (fail.length) {
      failures++;
      parts.push(`    <failure message="${xml(`${fail.length} finding${fail.length > 1 ? 's' : ''} at or above ${report.failOn}`)}" type="${xml(fail[0]!.id)}">${xml(fail.map(line).join('\n'))}</failure>`);
    }
    if (rest.length) parts.push(`    <system-out>${xml(rest.map(line).join('\n'))}</system-out>`);
    cases.push(`  <testcase classname="charter.diff" name="${xml(g)}">${parts.length ? `\n${parts.join('\n')}\n  ` : ''}</testcase>`);
  }
  if (!cases.length) cases.push(`  <testcase classname="charter.diff" name="${xml(report.notes?.filter((n) => n.startsWith('compared')).join('; ') || 'no changes')}"></testcase>`);
  const s = summarise(report.findings);
  const props = [`    <property name="breaking" value="${s.breaking}"/>`, `    <property name="warning" value="${s.warning}"/>`, `    <property name="info" value="${s.info}"/>`, `    <property name="ignored" value="${s.ignored}"/>`];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="charter diff" tests="${cases.length}" failures="${failures}" errors="0">`,
    `<testsuite name="charter diff" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">`,
    '  <properties>',
    ...props,
    '  </properties>',
    ...cases,
    '</testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

// ------------------------------------------------------------------ rules

export function renderRules(format: Format, rules: Rule[]): string {
  const sorted = [...rules].sort((a, b) => a.id.localeCompare(b.id));
  if (format === 'json') {
    return `${JSON.stringify(
      sorted.map((r) => ({ id: r.id, level: r.level, direction: r.direction, on: r.on, summary: r.summary, doc: r.doc })),
      null,
      2,
    )}\n`;
  }
  if (format === 'markdown') {
    const out: string[] = [
      '<!-- Generated by `node scripts/charter/bin.mjs diff --rules --format markdown > docs/diff-rules.md`. Do not edit: change the rules in scripts/charter/diff/rules/ and regenerate. -->',
      '',
      '# `charter diff` rules',
      '',
      `${sorted.length} rules: ${sorted.filter((r) => r.level === 'breaking').length} breaking, ${sorted.filter((r) => r.level === 'warning').length} warning, ${sorted.filter((r) => r.level === 'info').length} info.`,
      '',
      '**Direction** says which data the rule looks at: `request` (what clients send: narrowing it breaks them), `response` (what clients receive: widening it breaks them), `both`, or `none` (not about a payload). For AsyncAPI, a message the application sends is read like a response, one it receives like a request. Webhooks are requests the API sends, so their bodies are read like responses.',
      '',
      'Usage and the ignore file: [diff.md](diff.md).',
      '',
      '| Rule | Level | Direction | Summary |',
      '|---|---|---|---|',
      ...sorted.map((r) => `| [\`${r.id}\`](#${r.id}) | ${r.level} | ${r.direction} | ${md(r.summary)} |`),
      '',
    ];
    for (const r of sorted) {
      out.push(`## ${r.id}`, '', `**${r.level}** · direction: ${r.direction} · checked on: ${r.on}`, '', r.summary, '', r.doc, '');
    }
    return out.join('\n');
  }
  const w = Math.max(...sorted.map((r) => r.id.length));
  return `${sorted.map((r) => `${r.id.padEnd(w)}  ${r.level.padEnd(8)}  ${r.direction.padEnd(8)}  ${r.summary}`).join('\n')}\n${sorted.length} rules\n`;
}
