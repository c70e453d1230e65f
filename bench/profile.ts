import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The parts of V8's .cpuprofile (what `node --cpu-prof` writes) that the attribution reads. */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The app's own compiled code, by directory, named by what a turn does there. */
const OWNERS: [string, string][] = [
  ['/dist/src/store/', 'store'],
  ['/dist/src/core/', 'advisor core (interpret, decide, render)'],
  ['/dist/src/channels/slack/', 'Slack channel (listeners, blocks, receipts)'],
  ['/dist/src/', 'app, other (logger, content, runtime)'],
];

const FILE_SYSTEM = /^node:(internal\/)?fs|^node:internal\/fs/;
const WEB_API = /node_modules\/(@slack\/web-api|axios|form-data|p-queue|p-retry|follow-redirects)\//;

/**
 * Where a sample's time goes, named by what a turn does rather than by function. The frames
 * between the leaf and the first frame of the app's own code say what the app was calling (the
 * file system, the Web API client, Bolt); without any, the time is the app's own, charged to the
 * directory it is in. Native calls (JSON.parse, crypto) have no URL and fall to their caller.
 */
function categorise(leafName: string, stack: string[]): string {
  if (leafName === '(garbage collector)') return 'garbage collection';
  if (leafName === '(program)') return 'V8 / native, unattributed';
  const own = stack.findIndex((url) => url.includes('/dist/src/') || url.includes('/dist/bench/'));
  const below = own === -1 ? stack : stack.slice(0, own);
  const owner = own === -1 ? undefined : OWNERS.find(([dir]) => stack[own]?.includes(dir))?.[1];
  if (below.some((url) => FILE_SYSTEM.test(url))) return `file I/O (${owner ?? 'outside the app'})`;
  if (below.some((url) => WEB_API.test(url)) || (own === -1 && stack.some((url) => WEB_API.test(url))))
    return 'Web API client (@slack/web-api, axios)';
  if (below.some((url) => url.includes('node_modules/@slack/bolt/'))) return 'Bolt (routing, middleware)';
  if (owner) return owner;
  if (stack.some((url) => url.includes('node_modules/@slack/bolt/'))) return 'Bolt (routing, middleware)';
  if (stack.every((url) => url === '' || url.startsWith('node:')))
    return 'HTTP server, sockets, timers (Node)';
  return 'other libraries';
}

export interface ProfileCost {
  name: string;
  /** CPU ms per turn charged to this cost. */
  msPerTurn: number;
  share: number;
}

/**
 * Reads the one .cpuprofile in `directory` and charges each sample inside [fromUs, toUs] (the
 * monotonic clock the profile's timestamps use, which on Linux is the one process.hrtime reads
 * in the bench) to a cost, skipping idle. Per turn: divided by `turns`.
 */
export function attributeProfile(
  directory: string,
  fromUs: number,
  toUs: number,
  turns: number,
): ProfileCost[] {
  const file = readdirSync(directory).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile written in ${directory}`);
  const profile = JSON.parse(readFileSync(path.join(directory, file), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const categoryOf = new Map<number, string | null>();
  const classify = (id: number): string | null => {
    const known = categoryOf.get(id);
    if (known !== undefined) return known;
    const leaf = byId.get(id)?.callFrame;
    let category: string | null = null;
    if (leaf && leaf.functionName !== '(idle)' && leaf.functionName !== '(root)') {
      const stack: string[] = [];
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        stack.push(byId.get(at)?.callFrame.url ?? '');
      }
      category = categorise(leaf.url === '' ? leaf.functionName : leaf.url, stack);
    }
    categoryOf.set(id, category);
    return category;
  };
  const totals = new Map<string, number>();
  let now = profile.startTime;
  let total = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    now += delta;
    if (now < fromUs || now > toUs) return;
    const category = classify(id);
    if (category === null) return;
    // A sample's delta is the time since the previous one: the time this sample stands for.
    totals.set(category, (totals.get(category) ?? 0) + delta);
    total += delta;
  });
  return [...totals.entries()]
    .map(([name, us]) => ({ name, msPerTurn: us / 1000 / turns, share: total === 0 ? 0 : us / total }))
    .sort((a, b) => b.msPerTurn - a.msPerTurn);
}
