/**
 * GitHub Actions workflow commands: each finding becomes an annotation on the line.
 *   ::error file=contracts/openapi.yaml,line=25,col=7,title=operation-id::operationId "create_user" is not camelCase
 */
import type { Finding } from '../types.ts';

const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(findings: Finding[]): string {
  const out: string[] = [];
  for (const f of findings) {
    const props = [`file=${escapeProperty(f.location.file)}`];
    if (f.location.line !== undefined) props.push(`line=${f.location.line}`);
    if (f.location.column !== undefined) props.push(`col=${f.location.column}`);
    props.push(`title=${escapeProperty(f.rule)}`);
    const msg = f.hint ? `${f.message}\n${f.hint}` : f.message;
    out.push(`::${f.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${escapeData(msg)}`);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
