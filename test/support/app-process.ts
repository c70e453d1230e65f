import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, rmdir, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './advisor';

const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const MAIN = path.join(ROOT, 'dist', 'src', 'main.js');

/** One build at a time across Jest's workers: tsc rewrites dist/ files a running app may be reading. */
const BUILD_LOCK = path.join(
  tmpdir(),
  `ftadvisor-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`,
);

async function acquire(lock: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(lock);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // A lock left by a killed test run is older than any build takes.
    const age = await stat(lock).then(
      (info) => Date.now() - info.mtimeMs,
      () => 0,
    );
    if (age > 5 * 60_000) await rmdir(lock).catch(() => undefined);
    if (Date.now() > deadline) throw new Error(`the build lock ${lock} was held for ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Builds dist/ the way `npm start` does (incremental: nothing is rewritten when it is up to
 * date), so tests run the program users run. A failed build fails the test with tsc's output.
 */
export async function buildApp(): Promise<void> {
  await acquire(BUILD_LOCK, 180_000);
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(process.execPath, [TSC, '-p', 'tsconfig.build.json'], { cwd: ROOT }, (error, stdout) => {
        if (error)
          reject(new Error(`the build failed, so the built app cannot run:\n${stdout.slice(0, 2000)}`));
        else resolve();
      });
    });
  } finally {
    await rmdir(BUILD_LOCK).catch(() => undefined);
  }
}

/** A JSON log line the app wrote to stderr. */
export interface LogLine {
  level: string;
  message: string;
  [field: string]: unknown;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * `node dist/src/main.js` as a child process, with its log lines collected (JSON lines; any other
 * line, such as a start-up error, as `{ level: 'raw', message }`). The environment is this one
 * without any of the app's settings, then `env`.
 */
export class AppProcess {
  readonly logs: LogLine[] = [];
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;
  private stderr = '';
  private exit: Exit | null = null;
  private readonly waiters = new Set<() => void>();

  constructor(env: Record<string, string>, options: { preload?: string } = {}) {
    const environment: NodeJS.ProcessEnv = { ...process.env };
    for (const name of [
      'SLACK_BOT_TOKEN',
      'SLACK_APP_TOKEN',
      'SLACK_SIGNING_SECRET',
      'SLACK_API_URL',
      'REDIS_URL',
      'ADVISOR_DATA_DIR',
      'ADVISOR_WEB_HOST',
      'ADVISOR_SESSION_TTL_HOURS',
      'PORT',
      'LOG_LEVEL',
    ])
      delete environment[name];
    this.child = spawn(process.execPath, [...(options.preload ? ['-r', options.preload] : []), MAIN], {
      cwd: ROOT,
      env: { ...environment, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
      let newline = this.stderr.indexOf('\n');
      while (newline >= 0) {
        const line = this.stderr.slice(0, newline);
        this.stderr = this.stderr.slice(newline + 1);
        try {
          this.logs.push(JSON.parse(line) as LogLine);
        } catch {
          this.logs.push({ level: 'raw', message: line });
        }
        newline = this.stderr.indexOf('\n');
      }
      this.notify();
    });
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        this.notify();
        resolve(this.exit);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** How it exited, or null while it runs. */
  get exitStatus(): Exit | null {
    return this.exit;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.exit === null) this.child.kill(signal);
  }

  /** The first log line with this message (and matching `match`); fails after `timeoutMs` or if the app exits first. */
  waitForLog(
    message: string,
    match: (line: LogLine) => boolean = () => true,
    timeoutMs = 30_000,
  ): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.logs.find((line) => line.message === message && match(line));
        if (found) return done(() => resolve(found));
        if (this.exit)
          return done(() =>
            reject(
              new Error(
                `the app exited (${JSON.stringify(this.exit)}) before logging "${message}":\n${this.tail()}`,
              ),
            ),
          );
      };
      const timer = setTimeout(
        () =>
          done(() =>
            reject(new Error(`no "${message}" in the app's log within ${timeoutMs} ms:\n${this.tail()}`)),
          ),
        timeoutMs,
      );
      const done = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Resolves with how it exited; fails if it is still running after `timeoutMs`. */
  async exitWithin(timeoutMs: number): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the app was still running after ${timeoutMs} ms:\n${this.tail()}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops it for good (a test's cleanup): SIGKILL, and waits for the exit. */
  async destroy(): Promise<void> {
    if (this.exit) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  private tail(): string {
    return this.logs
      .slice(-15)
      .map((line) => JSON.stringify(line))
      .join('\n');
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/**
 * A signed Slack request sent in two parts: the headers first (with Expect: 100-continue, so the
 * server's "100 Continue" says it has begun handling the request), the body when `finish()` is
 * called. Used to have requests in flight at a precise moment.
 */
export class SplitRequest {
  /** Resolves once the server has begun handling the request. */
  readonly started: Promise<void>;
  private readonly response: Promise<{ status: number; connection: string | undefined }>;
  private readonly req: ReturnType<typeof request>;

  constructor(
    port: number,
    private readonly body: string,
    headers: Record<string, string>,
  ) {
    let begun: () => void = () => {};
    this.started = new Promise((resolve) => {
      begun = resolve;
    });
    this.req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/slack/events',
      headers: { ...headers, expect: '100-continue', 'content-length': String(Buffer.byteLength(body)) },
      agent: false,
    });
    this.req.on('continue', () => begun());
    this.response = new Promise((resolve, reject) => {
      this.req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
      });
      this.req.on('error', reject);
    });
    // Awaited in finish(); a failure before then is not an unhandled rejection.
    this.response.catch(() => undefined);
    this.req.flushHeaders();
  }

  /** Sends the body; resolves with the response status and its Connection header. */
  finish(): Promise<{ status: number; connection: string | undefined }> {
    this.req.end(this.body);
    return this.response;
  }
}
