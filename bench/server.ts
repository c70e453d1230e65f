import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';

/** A port nobody listens on right now (the OS picks it; it is free again once we close it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function healthStatus(port: number, path = '/healthz'): Promise<number> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path, agent: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
  });
}

/** A server under test, in its own process so that it shares no event loop with the load. */
export interface Server {
  readonly child: ChildProcess;
  readonly port: number;
  /** From spawn to the first GET of the ready path (/healthz) answered 200. */
  readonly startMs: number;
  /** The server's stderr lines (its JSON logs at LOG_LEVEL=warn: warnings and errors only). */
  readonly logLines: string[];
  /** Started in its own process group (a `command`): stopped by signalling the group. */
  readonly group?: boolean;
}

export interface ServerSpec {
  /** The compiled script to run with node. */
  script: string;
  /**
   * Run this instead of `node <nodeArgs> <script>`, in its own process group (stopServer signals
   * the group): `['npm', 'start']` measures start-up as users get it, npm included.
   */
  command?: string[];
  /** What answers 200 once the server is ready: /healthz (Slack), / (the web chat's page). */
  readyPath?: string;
  /** Node options before the script, e.g. --cpu-prof when profiling by hand. */
  nodeArgs?: string[];
  cwd: string;
  env: Record<string, string>;
}

/**
 * Spawns `node <script>` with exactly the environment given (plus PATH), and waits until its
 * /healthz answers 200, polling every 5 ms. Fails with its stderr if it exits or takes over 20 s.
 */
export async function startServer(spec: ServerSpec): Promise<Server> {
  const port = await freePort();
  const logLines: string[] = [];
  const started = performance.now();
  const [program, ...args] = spec.command ?? [process.execPath, ...(spec.nodeArgs ?? []), spec.script];
  const child = spawn(program as string, args, {
    cwd: spec.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...spec.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
    // npm's child (the app) is stopped with it: the group is signalled.
    detached: spec.command !== undefined,
  });
  let buffered = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    logLines.push(...lines.filter((line) => line.trim() !== ''));
  });
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  for (;;) {
    if (exited !== undefined) {
      throw new Error(`${spec.script} exited (${exited}) before it was healthy:\n${logLines.join('\n')}`);
    }
    if (performance.now() - started > 20_000) {
      if (spec.command !== undefined && child.pid) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
      throw new Error(`${spec.script} not healthy after 20 s:\n${logLines.join('\n')}`);
    }
    if ((await healthStatus(port, spec.readyPath)) === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { child, port, startMs: performance.now() - started, logLines, group: spec.command !== undefined };
}

/** SIGTERM, then SIGKILL if it has not exited within 10 s. Resolves once it has exited. */
export async function stopServer(server: Server): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    // The group's id is the child's pid: npm and the app it started, nothing else.
    if (server.group && child.pid) process.kill(-child.pid, name);
    else child.kill(name);
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Resident memory now and at its peak, in MB, from /proc/<pid>/status (Linux). */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** CPU time a process has used so far (user + system), in ms, from /proc/<pid>/stat (Linux, 100 Hz ticks). */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}
