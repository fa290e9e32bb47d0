/**
 * Security requirements are alternatives (OR) of requirement objects whose schemes must
 * all be satisfied (AND). A base alternative still works when some head alternative
 * asks for a subset of its schemes, each with a subset of its scopes.
 */
type Requirement = Record<string, string[]>;

export interface SecurityChange {
  kind: 'scheme' | 'scope';
  message: string;
}

function normalise(list: Requirement[] | undefined): Requirement[] {
  if (!list || list.length === 0) return [{}];
  return list.map((r) => (r && typeof r === 'object' ? r : {}));
}

const label = (r: Requirement) => (Object.keys(r).length ? Object.keys(r).sort().join(' + ') : 'no authentication');

/** Ways of calling that worked with `base` and fail with `head`. */
export function securityDiff(base: Requirement[] | undefined, head: Requirement[] | undefined): SecurityChange[] {
  const b = normalise(base);
  const h = normalise(head);
  const out: SecurityChange[] = [];
  for (const alt of b) {
    let best: { extraSchemes: string[]; extraScopes: string[] } | undefined;
    for (const cand of h) {
      const extraSchemes = Object.keys(cand).filter((s) => !(s in alt));
      const extraScopes: string[] = [];
      for (const s of Object.keys(cand)) {
        if (!(s in alt)) continue;
        const have = new Set(alt[s] ?? []);
        for (const sc of cand[s] ?? []) if (!have.has(sc)) extraScopes.push(`${s}:${sc}`.replace(/^([^:]+):\1:/, '$1:'));
      }
      if (!extraSchemes.length && !extraScopes.length) {
        best = undefined;
        break;
      }
      const score = extraSchemes.length * 100 + extraScopes.length;
      if (!best || score < best.extraSchemes.length * 100 + best.extraScopes.length) best = { extraSchemes, extraScopes };
      if (cand === h[h.length - 1] && best) continue;
    }
    const satisfied = h.some((cand) => Object.keys(cand).every((s) => s in alt && (cand[s] ?? []).every((sc) => (alt[s] ?? []).includes(sc))));
    if (satisfied || !best) continue;
    if (best.extraSchemes.length) out.push({ kind: 'scheme', message: `callers using ${label(alt)} now also need ${best.extraSchemes.join(' + ')}` });
    else out.push({ kind: 'scope', message: `callers using ${label(alt)} now also need scope${best.extraScopes.length > 1 ? 's' : ''} ${best.extraScopes.join(', ')}` });
  }
  return out;
}
