/**
 * Version policy: a breaking change needs a major bump of `info.version` (a minor bump
 * below 1.0.0, as semver allows anything there), and the version never goes backwards.
 */
import type { Engine } from './engine.ts';
import type { Finding } from './types.ts';

/** `1.56.1` → [1, 56, 1]; `v72` → [72]; undefined when there is no number at all. */
export function parseVersion(v: unknown): number[] | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const m = String(v).match(/\d+/g);
  return m ? m.slice(0, 3).map(Number) : undefined;
}

export function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

export function isMajorBump(base: number[], head: number[]): boolean {
  if ((head[0] ?? 0) > (base[0] ?? 0)) return true;
  if ((base[0] ?? 0) === 0 && (head[0] ?? 0) === 0 && (head[1] ?? 0) > (base[1] ?? 0)) return true;
  return false;
}

export function versionPolicy(engine: Engine, findings: Finding[], isIgnored: (f: Finding) => boolean = () => false): void {
  const bv = engine.base.root.info?.version;
  const hv = engine.head.root.info?.version;
  const b = parseVersion(bv);
  const h = parseVersion(hv);
  if (!b || !h) return;
  if (compareVersions(h, b) < 0) {
    engine.emit('version-decreased', `info.version went backwards: ${bv} in the base, ${hv} in the head`, 'head', '/info/version');
    return;
  }
  const breaking = findings.filter((f) => f.level === 'breaking' && !isIgnored(f));
  if (breaking.length && !isMajorBump(b, h)) {
    const n = breaking.length;
    engine.emit(
      'version-not-bumped',
      `${n} breaking change${n > 1 ? 's' : ''} but info.version goes from ${bv} to ${hv}: breaking changes need a major version (${suggest(b)})`,
      'head',
      '/info/version',
    );
  }
}

function suggest(b: number[]): string {
  if ((b[0] ?? 0) === 0) return `0.${(b[1] ?? 0) + 1}.0 or 1.0.0`;
  return `${(b[0] ?? 0) + 1}.0.0`;
}
