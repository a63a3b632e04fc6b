/**
 * Summarises a V8 .cpuprofile (from `npm run bench -- --profile`):
 *   npx tsx bench/src/tools/cpuprofile.ts <file.cpuprofile> [--top=25] [--stalls=5]
 *
 * Prints self time per function, time per innermost Samla server function (the first frame on
 * the stack from server/dist), and the longest stretches in which the main thread never went
 * idle (the event loop was blocked), with what ran during each.
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  console.error('usage: tsx bench/src/tools/cpuprofile.ts <file.cpuprofile> [--top=25] [--stalls=5]');
  process.exit(1);
}
const opt = (name: string, dflt: number) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const TOP = opt('top', 25);
const STALLS = opt('stalls', 5);

const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const short = (url: string) => url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '').replace(/^.*\/(server\/dist\/)/, '$1');
const label = (f: CallFrame) => `${f.functionName || '(anonymous)'} ${f.url ? `${short(f.url)}:${f.lineNumber + 1}` : ''}`.trim();
const IDLE = new Set(['(idle)', '(program)']);

/** The innermost frame from our server code, or the top library frame when none. */
function serverFrame(nodeId: number): string {
  for (let id: number | undefined = nodeId; id !== undefined; id = parent.get(id)) {
    const f = byId.get(id)!.callFrame;
    if (f.url.includes('/server/dist/')) return label(f);
  }
  return '(no server frame)';
}

const self = new Map<string, number>();
const inServer = new Map<string, number>();
let total = 0;
let busy = 0;
// Busy stretches: consecutive non-idle samples.
const stretches: { start: number; ms: number; funcs: Map<string, number> }[] = [];
let cur: { start: number; ms: number; funcs: Map<string, number> } | null = null;
let t = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = (profile.timeDeltas[i] ?? 0) / 1000;
  t += profile.timeDeltas[i] ?? 0;
  const node = byId.get(profile.samples[i]!)!;
  const name = node.callFrame.functionName;
  total += dt;
  if (IDLE.has(name)) {
    if (cur) stretches.push(cur);
    cur = null;
    continue;
  }
  busy += dt;
  const l = label(node.callFrame);
  self.set(l, (self.get(l) ?? 0) + dt);
  const sf = name === '(garbage collector)' ? '(garbage collector)' : serverFrame(node.id);
  inServer.set(sf, (inServer.get(sf) ?? 0) + dt);
  cur ??= { start: (t - profile.startTime) / 1e6, ms: 0, funcs: new Map() };
  cur.ms += dt;
  cur.funcs.set(sf, (cur.funcs.get(sf) ?? 0) + dt);
}
if (cur) stretches.push(cur);

const top = (m: Map<string, number>, n: number) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
const pct = (v: number) => `${((v / busy) * 100).toFixed(1)}%`.padStart(6);

console.log(`${file}\n${(total / 1000).toFixed(1)} s profiled, main thread busy ${(busy / 1000).toFixed(1)} s (${((busy / total) * 100).toFixed(0)}%)\n`);
console.log(`Self time, top ${TOP} (share of busy time):`);
for (const [k, v] of top(self, TOP)) console.log(`  ${v.toFixed(0).padStart(7)} ms ${pct(v)}  ${k}`);
console.log(`\nBy innermost Samla server function on the stack:`);
for (const [k, v] of top(inServer, TOP)) console.log(`  ${v.toFixed(0).padStart(7)} ms ${pct(v)}  ${k}`);
console.log(`\nLongest busy stretches (event loop blocked), top ${STALLS}:`);
for (const s of [...stretches].sort((a, b) => b.ms - a.ms).slice(0, STALLS)) {
  console.log(`  ${s.ms.toFixed(1)} ms at ${s.start.toFixed(2)} s:`);
  for (const [k, v] of top(s.funcs, 5)) console.log(`      ${v.toFixed(1).padStart(7)} ms  ${k}`);
}
