/**
 * Reads a V8 `.cpuprofile` (as written by `node --cpu-prof`) and ranks functions by self time:
 * the time a sample landed in the function itself, not in what it called.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  endTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  /** `functionName url:line` (1-based line), with node_modules paths shortened. */
  name: string;
  selfMs: number;
  percent: number;
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + '/node_modules/'.length);
  const cwd = `file://${process.cwd()}/`;
  return url.startsWith(cwd) ? url.slice(cwd.length) : url;
}

/** `lastSeconds`: only the samples of the profile's final seconds (the load, without the startup). */
export function topSelfTime(file: string, count: number, lastSeconds = Infinity): { rows: SelfTime[]; totalMs: number } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  // Sample timestamps are the running sum of timeDeltas, ending near endTime.
  const span = profile.timeDeltas.reduce((a, b) => a + b, 0);
  const from = span - lastSeconds * 1e6;
  let at = 0;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, number>();
  let totalUs = 0;
  // timeDeltas[i] is the time between sample i-1 and sample i; charge it to sample i's frame.
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]!);
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (!node || at < from) continue;
    totalUs += delta;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = url ? `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}` : functionName || '(anonymous)';
    selfUs.set(key, (selfUs.get(key) ?? 0) + delta);
  }
  const rows = [...selfUs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({ name, selfMs: us / 1000, percent: (100 * us) / totalUs }));
  return { rows, totalMs: totalUs / 1000 };
}

// `node --import tsx scripts/bench/service/cpu-profile.ts <file.cpuprofile> [count] [last seconds]`
if (import.meta.url === `file://${process.argv[1]}`) {
  const { rows, totalMs } = topSelfTime(process.argv[2]!, Number(process.argv[3] ?? 15), Number(process.argv[4] ?? Infinity));
  console.log(`total ${totalMs.toFixed(0)} ms sampled`);
  for (const r of rows) console.log(`${r.percent.toFixed(1).padStart(5)}%  ${r.selfMs.toFixed(0).padStart(6)} ms  ${r.name}`);
}
