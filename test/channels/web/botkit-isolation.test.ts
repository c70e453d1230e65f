/**
 * Botkit is archived upstream and heavy (about 0.7 s and 100 MB to load), so it is confined to the
 * web chat and loaded only when the web chat starts (docs/adr/0002). These tests hold that line:
 * in the source, and in the built program as `npm start` and the terminal modes run it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../../support/advisor';
import { buildApp } from '../../support/app-process';
import { within } from './support/socket';

const WEB = path.join('src', 'channels', 'web');
const BOTKIT_MODULE = /^(botkit|botbuilder)([-/]|$)/;

function files(directory: string, suffix: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    if (statSync(full).isDirectory()) return files(full, suffix);
    return full.endsWith(suffix) ? [full] : [];
  });
}

/** Every module specifier in a TypeScript file, with how it is loaded. */
function specifiers(
  source: string,
): { how: 'import' | 'import type' | 'dynamic' | 'require'; name: string }[] {
  const found: { how: 'import' | 'import type' | 'dynamic' | 'require'; name: string }[] = [];
  for (const match of source.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?from\s*['"]([^'"]+)['"]/gm)) {
    found.push({ how: match[2] ? 'import type' : 'import', name: match[3] ?? '' });
  }
  for (const match of source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm))
    found.push({ how: 'import', name: match[1] ?? '' });
  for (const match of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g))
    found.push({ how: 'dynamic', name: match[1] ?? '' });
  for (const match of source.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g))
    found.push({ how: 'require', name: match[1] ?? '' });
  return found;
}

describe('in the source', () => {
  const sources = files(path.join(ROOT, 'src'), '.ts').map((file) => ({
    file: path.relative(ROOT, file),
    uses: specifiers(readFileSync(file, 'utf8')).filter((use) => BOTKIT_MODULE.test(use.name)),
  }));

  test('the scanner sees the web chat’s own use of Botkit (so an empty result below means something)', () => {
    const server = sources.find((source) => source.file === path.join(WEB, 'server.ts'));
    expect(server?.uses).toEqual(
      expect.arrayContaining([
        { how: 'import type', name: 'botkit' },
        { how: 'dynamic', name: 'botkit' },
        { how: 'dynamic', name: 'botbuilder-adapter-web' },
      ]),
    );
  });

  test('nothing outside src/channels/web mentions botkit or botbuilder', () => {
    const outside = sources.filter(
      (source) => !source.file.startsWith(WEB + path.sep) && source.uses.length > 0,
    );
    expect(outside).toEqual([]);
  });

  test('inside src/channels/web, Botkit is only ever imported for types or loaded on demand', () => {
    const eager = sources.flatMap((source) =>
      source.uses
        .filter((use) => use.how === 'import' || use.how === 'require')
        .map((use) => `${source.file}: ${use.name}`),
    );
    expect(eager).toEqual([]);
  });
});

describe('in the built program', () => {
  let work: string;
  let probe: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'ftadvisor-isolation-'));
    // The same incremental build `npm start` runs, one worker at a time.
    await buildApp();
    probe = path.join(work, 'probe.js');
    // Preloaded with -r: when the process exits, writes which Botkit/BotBuilder files it loaded.
    writeFileSync(
      probe,
      `process.on('exit', () => {
        const loaded = Object.keys(require.cache).filter((file) => /[\\\\/]node_modules[\\\\/](botkit|botbuilder[^\\\\/]*)[\\\\/]/.test(file));
        require('node:fs').writeFileSync(process.env.PROBE_OUT, JSON.stringify(loaded));
      });\n`,
    );
  }, 120_000);

  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const environment = (extra: Record<string, string> = {}) => ({
    ...process.env,
    ADVISOR_DATA_DIR: path.join(work, 'data'),
    SLACK_BOT_TOKEN: '',
    SLACK_APP_TOKEN: '',
    SLACK_SIGNING_SECRET: '',
    ADVISOR_WEB_HOST: '',
    LOG_LEVEL: 'warn',
    ...extra,
  });

  /** Runs node with the probe; resolves with its output, exit code and what it loaded. */
  function run(
    args: string[],
    options: { env?: Record<string, string>; input?: string; until?: (stdout: string) => boolean } = {},
  ) {
    const out = path.join(work, `probe-${children.length}-${Date.now()}.json`);
    const child = spawn(process.execPath, ['-r', probe, ...args], {
      cwd: ROOT,
      env: { ...environment(options.env), PROBE_OUT: out },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.stdin?.end(options.input ?? '');
    const exited = new Promise<{ code: number | null; stdout: string; stderr: string; loaded: string[] }>(
      (resolve) =>
        child.on('exit', (code) =>
          resolve({ code, stdout, stderr, loaded: JSON.parse(readFileSync(out, 'utf8')) as string[] }),
        ),
    );
    const ready = (timeoutMs: number) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`not ready within ${timeoutMs} ms: ${stdout} ${stderr}`)),
          timeoutMs,
        );
        const check = () => {
          if (options.until?.(stdout)) {
            clearTimeout(timer);
            resolve(stdout);
          }
        };
        child.stdout?.on('data', check);
        child.on('exit', () => {
          clearTimeout(timer);
          reject(new Error(`exited before it was ready: ${stderr}`));
        });
      });
    return { child, exited, ready };
  }

  test('loading every module outside src/channels/web (Slack, terminal, core, stores) loads no Botkit', async () => {
    const modules = files(path.join(ROOT, 'dist', 'src'), '.js').filter((file) => {
      const relative = path.relative(path.join(ROOT, 'dist'), file);
      // main.js and content/validate.js run on import; they are covered by the runs below.
      return !relative.startsWith(WEB) && !['src/main.js', 'src/content/validate.js'].includes(relative);
    });
    expect(modules.length).toBeGreaterThan(10);
    const script = `for (const file of ${JSON.stringify(modules)}) require(file);`;
    const result = await within(run(['-e', script]).exited, 30_000, 'the modules did not load');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.loaded).toEqual([]);
  }, 60_000);

  test('the transcript mode answers without loading Botkit', async () => {
    const transcript = run([path.join('dist', 'src', 'main.js'), 'transcript'], {
      input: `${JSON.stringify({ user: 'isolation', text: 'hello' })}\n`,
    });
    const result = await within(transcript.exited, 30_000, 'the transcript mode did not finish');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ user: 'isolation', replies: [{ awaiting: 'goal' }] });
    expect(result.loaded).toEqual([]);
  }, 60_000);

  test('`npm start` without Slack settings serves the web chat at the printed loopback URL, and stops cleanly', async () => {
    const port = await freePort();
    const started = run([path.join('dist', 'src', 'main.js')], {
      env: { PORT: String(port) },
      until: (stdout) => stdout.includes('\n'),
    });
    const stdout = await started.ready(20_000);
    expect(stdout).toBe(
      `ftadvisor web chat: open http://127.0.0.1:${port}/ in your browser (Ctrl+C to stop).\n`,
    );
    const page = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>ftadvisor');

    started.child.kill('SIGTERM');
    const result = await within(started.exited, 15_000, 'the server did not stop on SIGTERM');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    // The positive control for the probe: this mode does load Botkit and the web adapter.
    expect(result.loaded.some((file) => /node_modules[\\/]botkit[\\/]/.test(file))).toBe(true);
    expect(result.loaded.some((file) => /node_modules[\\/]botbuilder-adapter-web[\\/]/.test(file))).toBe(
      true,
    );
  }, 60_000);

  test('a non-loopback ADVISOR_WEB_HOST prints why that is risky before it binds', async () => {
    // 192.0.2.1 is reserved for documentation: never an address of this machine, so nothing is exposed.
    const refused = run([path.join('dist', 'src', 'main.js')], {
      env: { ADVISOR_WEB_HOST: '192.0.2.1', PORT: String(await freePort()) },
    });
    const result = await within(refused.exited, 30_000, 'the program did not stop');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'Warning: ADVISOR_WEB_HOST=192.0.2.1 serves the web chat beyond this machine.',
    );
    expect(result.stderr).toContain('trusts the browser id');
    expect(result.stderr).toContain(
      'Cannot start: ADVISOR_WEB_HOST=192.0.2.1 is not an address of this machine.',
    );
    expect(result.stdout).toBe('');
  }, 60_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
