import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Content } from '../src/content/load.js';
import { defaultSnapshotFile } from '../src/content/snapshot.js';
import { Advisor } from '../src/core/advisor.js';
import type { Session } from '../src/core/types.js';
import { FakeWebApi } from './fake-web-api.js';
import { combine, LoadGenerator, type LoadResult, type Script } from './load.js';
import { attributeProfile, type ProfileCost } from './profile.js';
import { cpuMsOf, memoryOf, type Server, type ServerSpec, startServer, stopServer } from './server.js';
import { median, ms, percentile, type Row, times } from './table.js';

const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';
const CONCURRENCY = 50;
const WARMUP_TURNS = 600;
/** Measured turns per app, in two halves run bare, advisor, advisor, bare so that drift on the machine hits both alike. */
const MEASURED_TURNS = 3000;
const STARTS = 5;
/** Turns profiled per app with --cpu-prof, in a separate run (the profiler's overhead stays out of the load figures). */
const PROFILED_TURNS = 1500;
/**
 * The Node flags `npm start` runs the app with (package.json: the heap cap), so that the bench
 * measures the app as shipped; the bare Bolt app gets the same flags.
 */
function nodeArgsOfStart(root: string): string[] {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const heap = /--max-old-space-size=\$\{ADVISOR_MAX_HEAP_MB:-(\d+)\}/.exec(pkg.scripts.start);
  if (!heap)
    throw new Error(
      'package.json: the start script no longer sets --max-old-space-size as the bench expects',
    );
  return [`--max-old-space-size=${heap[1]}`];
}

/** Realistic DM conversations: an opening description, the answers it left open, follow-up questions. */
const CONVERSATIONS: string[][] = [
  [
    'Hi! We want our support bot to answer from our product docs, which change every week, in our brand voice. We have about 3k example replies.',
    'high',
    'one task',
    'why not RAG alone?',
    'how much data does SFT need?',
    'what if we had 30 examples?',
    'what did LIMA show?',
  ],
  [
    'We want a small model to follow our chat style better. We collected 20k preference pairs where annotators picked the better reply.',
    'medium',
    'just one task',
    'why not SFT?',
    'how much data does DPO need?',
    'what did InstructGPT show?',
  ],
  [
    'Our model should learn a lot of legal domain knowledge; we have about 2 billion tokens of raw contracts and case law, nothing labelled.',
    'the law rarely changes',
    'many tasks',
    'why not continued pretraining?',
    'what if we had 10 million tokens?',
    'what did DAPT show?',
  ],
];

/** How many messages the advisor posts per turn: one per reply of the core, which is deterministic. */
function advisorScripts(content: Content): Script[] {
  const advisor = new Advisor(content);
  return CONVERSATIONS.map((texts) => {
    let session: Session | null = null;
    const replies = texts.map((text) => {
      const turn = advisor.handleTurn(session, { kind: 'text', text });
      session = turn.session;
      return turn.replies.length;
    });
    return { texts, replies };
  });
}

type Memory = { rssMb: number; peakMb: number } | null;

/** One app under test: its process, its load generator, and what was measured. */
class Target {
  readonly generator: LoadGenerator;
  readonly runs: LoadResult[] = [];
  /** CPU time during the measured runs: the server's, and this process's (load generator and fake Web API). */
  serverCpuMs = 0;
  benchCpuMs = 0;
  readonly idle: Memory;

  constructor(
    readonly server: Server,
    fake: FakeWebApi,
    scripts: Script[],
    userPrefix: string,
  ) {
    this.generator = new LoadGenerator({
      port: server.port,
      signingSecret: SIGNING_SECRET,
      fake,
      scripts,
      concurrency: CONCURRENCY,
      userPrefix,
    });
    this.idle = memoryOf(this.pid);
  }

  get pid(): number {
    return this.server.child.pid ?? 0;
  }

  async warmUp(): Promise<void> {
    await this.generator.run(WARMUP_TURNS);
  }

  async measure(turns: number): Promise<void> {
    const serverCpu = cpuMsOf(this.pid);
    const benchCpu = process.cpuUsage();
    this.runs.push(await this.generator.run(turns));
    this.serverCpuMs += cpuMsOf(this.pid) - serverCpu;
    const used = process.cpuUsage(benchCpu);
    this.benchCpuMs += (used.user + used.system) / 1000;
  }

  result() {
    const load = combine(this.runs);
    return {
      load,
      throughput: load.turns / load.seconds,
      p50: percentile(load.replyMs, 50),
      p99: percentile(load.replyMs, 99),
      ackP99: percentile(load.ackMs, 99),
      serverCpuMs: this.serverCpuMs / load.turns,
      benchCpuMs: this.benchCpuMs / load.turns,
    };
  }

  async stop(): Promise<Memory> {
    this.generator.close();
    // Let the last responses and any background work settle before reading memory.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const memory = memoryOf(this.pid);
    await stopServer(this.server);
    return memory;
  }
}

function mb(value: number | undefined): string {
  return value === undefined ? '?' : `${value.toFixed(0)} MB`;
}

/** The monotonic clock V8's profile timestamps use (CLOCK_MONOTONIC on Linux), in µs. */
function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/**
 * One app run under `node --cpu-prof` through the same load: warmed up, then PROFILED_TURNS
 * turns whose samples are charged to what a turn does (bench/profile.ts), per turn.
 */
async function profileApp(
  spec: ServerSpec,
  fake: FakeWebApi,
  scripts: Script[],
  userPrefix: string,
  profileDir: string,
): Promise<ProfileCost[]> {
  const server = await startServer({
    ...spec,
    nodeArgs: [...(spec.nodeArgs ?? []), '--cpu-prof', `--cpu-prof-dir=${profileDir}`],
  });
  const target = new Target(server, fake, scripts, userPrefix);
  try {
    await target.warmUp();
    const from = monotonicUs();
    await target.measure(PROFILED_TURNS);
    const to = monotonicUs();
    await target.stop();
    return attributeProfile(profileDir, from, to, target.result().load.turns);
  } finally {
    await stopServer(server);
  }
}

/** The two profiles side by side, costliest first for the advisor. */
function profileRows(advisor: ProfileCost[], bare: ProfileCost[]): Row[] {
  const bareOf = new Map(bare.map((cost) => [cost.name, cost.msPerTurn]));
  const names = [
    ...advisor.map((cost) => cost.name),
    ...bare.map((cost) => cost.name).filter((name) => !advisor.some((cost) => cost.name === name)),
  ];
  const advisorOf = new Map(advisor.map((cost) => [cost.name, cost]));
  const sum = (costs: ProfileCost[]) => costs.reduce((total, cost) => total + cost.msPerTurn, 0);
  return [
    ...names.map((name) => ({
      measure: name,
      value: `${ms(advisorOf.get(name)?.msPerTurn ?? 0, 3)} (${ms(bareOf.get(name) ?? 0, 3)})`,
      target: '',
      ratio: `${((advisorOf.get(name)?.share ?? 0) * 100).toFixed(0)}%`,
      met: null,
    })),
    {
      measure: 'all sampled CPU, idle excluded',
      value: `${ms(sum(advisor), 3)} (${ms(sum(bare), 3)})`,
      target: '',
      ratio: times(sum(advisor) / Math.max(sum(bare), 1e-9)),
      met: null,
    },
  ];
}

export interface SlackBench {
  load: Row[];
  startup: Row[];
  /** CPU per turn by what it was spent on, advisor (bare Bolt), from --cpu-prof. */
  profile: Row[];
  /** Why the server CPU ratio is met or missed, from the profile: what the advisor does that bare Bolt does not. */
  cpuVerdict: string;
  figures: Record<string, unknown>;
}

/**
 * The Slack HTTP path under load, against a bare Bolt app as the ceiling, and the advisor's
 * start-up time and memory. Both apps run as child processes on 127.0.0.1; the load generator
 * and the fake Web API share this process.
 */
export async function benchSlack(root: string, content: Content): Promise<SlackBench> {
  const fake = await new FakeWebApi().start();
  const directories: string[] = [];
  const dataDir = () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'ftadvisor-bench-slack-'));
    directories.push(directory);
    return directory;
  };
  const nodeArgs = nodeArgsOfStart(root);
  const spec = (script: string): ServerSpec => ({
    script: path.join(root, 'dist', script),
    // The flags `npm start` runs the app with (package.json), so the bench measures it as shipped.
    nodeArgs,
    cwd: root,
    env: {
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      ADVISOR_DATA_DIR: dataDir(),
      LOG_LEVEL: 'warn',
    },
  });
  const running: Server[] = [];
  try {
    // Start-up through `npm start` itself (npm, the shell line, the app), a fresh process each
    // time on an empty data directory: the Slack app to /healthz 200, the web chat to its page.
    // The built app started with node directly is measured in the same rounds, for npm's share.
    const npmStart = (mode: 'slack' | 'web'): ServerSpec => {
      const base = spec('src/main.js');
      const { SLACK_BOT_TOKEN: _t, SLACK_SIGNING_SECRET: _s, SLACK_API_URL: _u, ...web } = base.env;
      return {
        ...base,
        command: ['npm', 'start', '--silent'],
        ...(mode === 'web' ? { env: web, readyPath: '/' } : {}),
      };
    };
    const starts: number[] = [];
    const webStarts: number[] = [];
    const nodeStarts: number[] = [];
    // The first start after the content or the code changed has no current snapshot and checks
    // the content in full (src/content/snapshot.ts): measured apart, with the snapshot removed.
    const coldWebStarts: number[] = [];
    const snapshot = defaultSnapshotFile(root);
    for (let i = 0; i < STARTS; i++) {
      for (const [into, which] of [
        [starts, npmStart('slack')],
        [webStarts, npmStart('web')],
        [nodeStarts, spec('src/main.js')],
        [coldWebStarts, npmStart('web')],
      ] as const) {
        if (into === coldWebStarts) rmSync(snapshot, { force: true });
        const server = await startServer(which);
        into.push(server.startMs);
        await stopServer(server);
      }
    }

    const scripts = advisorScripts(content);
    const bareServer = await startServer(spec('bench/bare-bolt.js'));
    running.push(bareServer);
    const advisorServer = await startServer(spec('src/main.js'));
    running.push(advisorServer);
    const bare = new Target(
      bareServer,
      fake,
      scripts.map((script) => ({ ...script, replies: script.texts.map(() => 1) })),
      'BARE',
    );
    const advisor = new Target(advisorServer, fake, scripts, 'ADV');
    await bare.warmUp();
    await advisor.warmUp();
    for (const target of [bare, advisor, advisor, bare]) await target.measure(MEASURED_TURNS / 2);
    const bareMemory = await bare.stop();
    const advisorMemory = await advisor.stop();
    running.length = 0;

    const bareScripts = scripts.map((script) => ({ ...script, replies: script.texts.map(() => 1) }));
    const advisorCosts = await profileApp(spec('src/main.js'), fake, scripts, 'PADV', dataDir());
    const bareCosts = await profileApp(spec('bench/bare-bolt.js'), fake, bareScripts, 'PBARE', dataDir());

    const b = bare.result();
    const a = advisor.result();
    const failures = [...b.load.failures, ...a.load.failures];
    const logLines = [...advisorServer.logLines, ...bareServer.logLines];
    const throughputRatio = a.throughput / b.throughput;
    const p99Ratio = a.p99 / b.p99;
    const repliesPerTurn =
      scripts.reduce((sum, script) => sum + script.replies.reduce((n, r) => n + r, 0), 0) /
      scripts.reduce((sum, script) => sum + script.texts.length, 0);

    const load: Row[] = [
      {
        measure: `bare Bolt: throughput (${b.load.turns} turns, ${CONCURRENCY} concurrent)`,
        value: `${b.throughput.toFixed(0)} turns/s`,
        target: 'ceiling',
        met: null,
      },
      {
        measure: 'bare Bolt: event → reply p50 / p99',
        value: `${ms(b.p50)} / ${ms(b.p99)}`,
        target: 'ceiling',
        met: null,
      },
      {
        measure: `advisor: throughput (${a.load.turns} turns, ${a.load.conversations} users)`,
        value: `${a.throughput.toFixed(0)} turns/s`,
        target: '≥ 0.5× bare',
        ratio: times(throughputRatio),
        met: throughputRatio >= 0.5,
      },
      {
        measure: 'advisor: event → last reply p50',
        value: ms(a.p50),
        target: '',
        ratio: times(a.p50 / b.p50),
        met: null,
      },
      {
        measure: 'advisor: event → last reply p99',
        value: ms(a.p99),
        target: '≤ 1.5× bare p99',
        ratio: times(p99Ratio),
        met: p99Ratio <= 1.5,
      },
      {
        measure: 'advisor: HTTP ack p99 (bare Bolt)',
        value: `${ms(a.ackP99)} (${ms(b.ackP99)})`,
        target: '< 3000 ms (Slack)',
        ratio: times(a.ackP99 / 3000),
        met: a.ackP99 < 3000,
      },
      {
        measure: 'server CPU per turn: advisor (bare Bolt)',
        value: `${ms(a.serverCpuMs, 2)} (${ms(b.serverCpuMs, 2)})`,
        target: '≤ 2× bare',
        ratio: times(a.serverCpuMs / b.serverCpuMs),
        met: a.serverCpuMs / b.serverCpuMs <= 2,
      },
      {
        measure: 'load generator + fake API CPU per turn: advisor (bare Bolt)',
        value: `${ms(a.benchCpuMs, 2)} (${ms(b.benchCpuMs, 2)})`,
        target: '',
        met: null,
      },
      {
        measure: 'advisor: messages posted per turn (bare Bolt: 1)',
        value: repliesPerTurn.toFixed(2),
        target: '',
        met: null,
      },
      {
        measure: 'failed turns / warning or error log lines',
        value: `${failures.length} / ${logLines.length}`,
        target: '0 / 0',
        met: failures.length === 0 && logLines.length === 0,
      },
    ];

    const startMedian = median(starts);
    const webMedian = median(webStarts);
    const rss = advisorMemory?.rssMb ?? Number.NaN;
    const list = (values: number[]) => values.map((value) => value.toFixed(0)).join(', ');
    const startup: Row[] = [
      {
        measure: `Slack app: npm start → /healthz 200 (median of ${STARTS})`,
        value: `${ms(startMedian)} (${list(starts)})`,
        target: '< 1500 ms',
        ratio: times(startMedian / 1500),
        met: startMedian < 1500,
      },
      {
        measure: `web chat: npm start → its page served (median of ${STARTS})`,
        value: `${ms(webMedian)} (${list(webStarts)})`,
        target: '< 1500 ms',
        ratio: times(webMedian / 1500),
        met: webMedian < 1500,
      },
      {
        measure: `web chat, first start after a change (content checked in full; median of ${STARTS})`,
        value: `${ms(median(coldWebStarts))} (${list(coldWebStarts)})`,
        target: '',
        met: null,
      },
      {
        measure: `Slack app: node dist/src/main.js → /healthz 200 (median of ${STARTS}; npm's share)`,
        value: `${ms(median(nodeStarts))} (${ms(startMedian - median(nodeStarts))})`,
        target: '',
        met: null,
      },
      {
        measure: 'bare Bolt: start → /healthz 200 (once)',
        value: ms(bareServer.startMs),
        target: '',
        met: null,
      },
      {
        measure: 'advisor: resident memory after the load (idle before, peak)',
        value: `${mb(rss)} (${mb(advisor.idle?.rssMb)}, ${mb(advisorMemory?.peakMb)})`,
        target: '< 200 MB',
        ratio: times(rss / 200),
        met: rss < 200,
      },
      {
        measure: 'bare Bolt: resident memory after the load (idle before, peak)',
        value: `${mb(bareMemory?.rssMb)} (${mb(bare.idle?.rssMb)}, ${mb(bareMemory?.peakMb)})`,
        target: '',
        met: null,
      },
    ];

    if (failures.length > 0 || logLines.length > 0) {
      process.stderr.write(`Slack bench problems:\n${[...failures, ...logLines].slice(0, 20).join('\n')}\n`);
    }

    const figures = (result: ReturnType<Target['result']>) => {
      const { load: _samples, ...rest } = result;
      return { ...rest, turns: result.load.turns, conversations: result.load.conversations };
    };
    const cpuMet = a.serverCpuMs / b.serverCpuMs <= 2;
    return {
      load,
      startup,
      profile: profileRows(advisorCosts, bareCosts),
      cpuVerdict: cpuVerdict(cpuMet, advisorCosts, bareCosts, repliesPerTurn),
      figures: {
        profile: { advisor: advisorCosts, bare: bareCosts, turns: PROFILED_TURNS },
        concurrency: CONCURRENCY,
        bare: { ...figures(b), startMs: bareServer.startMs, idle: bare.idle, memory: bareMemory },
        advisor: {
          ...figures(a),
          startMs: { npmStartSlack: starts, npmStartWeb: webStarts, nodeSlack: nodeStarts },
          idle: advisor.idle,
          memory: advisorMemory,
        },
        failures: failures.length,
        logLines: logLines.length,
        calls: Object.fromEntries(fake.calls),
      },
    };
  } finally {
    for (const server of running) await stopServer(server);
    await fake.stop();
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * The CPU target met or missed, and where the difference lies: the costs bare Bolt does not have
 * at all (the advisor core, the store) and the ones it has less of (Web API calls, GC).
 */
function cpuVerdict(met: boolean, advisor: ProfileCost[], bare: ProfileCost[], postsPerTurn: number): string {
  const of = (costs: ProfileCost[], prefix: string) =>
    costs.filter((cost) => cost.name.startsWith(prefix)).reduce((total, cost) => total + cost.msPerTurn, 0);
  const extra = (prefix: string) => Math.max(0, of(advisor, prefix) - of(bare, prefix));
  const parts = [
    `the advisor core ${extra('advisor core').toFixed(2)} ms`,
    `the store ${(extra('store') + extra('file I/O')).toFixed(2)} ms`,
    `more Web API work ${extra('Web API').toFixed(2)} ms (${postsPerTurn.toFixed(2)} messages a turn against 1)`,
    `more garbage collection ${extra('garbage').toFixed(2)} ms`,
  ];
  return `${met ? 'Server CPU target met' : 'Server CPU target missed'}: per turn, beyond bare Bolt's work, ${parts.join(', ')}.`;
}
