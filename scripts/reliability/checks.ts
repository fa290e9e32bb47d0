/**
 * What every reliability check reports: how many cases it tried, which invariants broke
 * (each with enough detail to reproduce it), and how long it took. The runner turns a list of
 * these into docs/reliability.md and exits non-zero when any violation is recorded.
 */
export interface CheckResult {
  part: string;
  name: string;
  tried: number;
  violations: string[];
  ms: number;
  /** Figures worth reading beside the count, e.g. the status mix or the peak RSS. */
  notes?: string;
}

/** Collects one check's outcome; `fail` keeps the first few details so a report stays readable. */
export class Check {
  tried = 0;
  readonly violations: string[] = [];
  notes: string[] = [];
  private readonly started = performance.now();
  readonly part: string;
  readonly name: string;

  constructor(part: string, name: string) {
    this.part = part;
    this.name = name;
  }

  fail(detail: string): void {
    this.violations.push(detail);
  }

  /** Records a violation unless `ok`; returns `ok` so callers can chain. */
  expect(ok: boolean, detail: () => string): boolean {
    if (!ok) this.fail(detail());
    return ok;
  }

  note(text: string): void {
    this.notes.push(text);
  }

  result(): CheckResult {
    return {
      part: this.part,
      name: this.name,
      tried: this.tried,
      violations: this.violations,
      ms: Math.round(performance.now() - this.started),
      notes: this.notes.join('; ') || undefined,
    };
  }
}

/** Runs `body` and turns a thrown error into a violation, so one broken check never hides the rest. */
export async function runCheck(part: string, name: string, body: (check: Check) => Promise<void>): Promise<CheckResult> {
  const check = new Check(part, name);
  try {
    await body(check);
  } catch (err) {
    check.fail(`the check itself failed: ${(err as Error).stack ?? String(err)}`);
  }
  const result = result_(check);
  const status = result.violations.length === 0 ? 'ok  ' : 'FAIL';
  console.log(`[${status}] ${part} / ${name}: ${result.tried} tried, ${result.violations.length} violations, ${result.ms} ms${result.notes ? ` (${result.notes})` : ''}`);
  for (const v of result.violations.slice(0, 5)) console.log(`       - ${v.split('\n').join('\n         ')}`);
  return result;
}

function result_(check: Check): CheckResult {
  return check.result();
}

/** Status counts as `200×12, 400×88`, for the notes column. */
export function statusMix(counts: Map<number, number>): string {
  return [...counts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}×${n}`)
    .join(', ');
}
