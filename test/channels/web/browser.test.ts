/**
 * The web chat end to end, in a real headless browser: Debian's chromium (installed by .ci/run with
 * apt-get, never a browser download) driven by playwright-core, against the real server, advisor
 * and stores. Skips only when /usr/bin/chromium is absent outside CI; under CI it fails instead.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { conversationKey } from '../../../src/channels/web/protocol';
import { type RunningWebChat, startWebChat } from '../../../src/channels/web/server';
import { loadConfig } from '../../../src/config';
import { silentLogger } from '../../../src/core/log';
import { createRuntime, type Runtime } from '../../../src/runtime';
import { ROOT } from '../../support/advisor';

const CHROMIUM = '/usr/bin/chromium';
const ON_CI = Boolean(process.env.CI) && !['false', '0'].includes(String(process.env.CI).toLowerCase());
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const RESULTS = path.join(ROOT, 'test-results');
const WAIT = 10_000;

if (!HAVE_CHROMIUM && !ON_CI) {
  console.warn(
    `Skipping the web chat browser test: ${CHROMIUM} is not installed. Install it with "apt-get install -y chromium" (.ci/run does). Under CI=true this test fails instead of skipping.`,
  );
}

const suite = HAVE_CHROMIUM || ON_CI ? describe : describe.skip;

suite('the web chat in a real browser', () => {
  let dataDir: string;
  let profile: string;
  let runtime: Runtime;
  let server: RunningWebChat;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const elsewhere: string[] = [];

  /** The advisor behind the page: a fresh process's worth of runtime on the same data directory. */
  async function startServer(port: number): Promise<RunningWebChat> {
    runtime = createRuntime(loadConfig({ ADVISOR_DATA_DIR: dataDir }), silentLogger);
    return startWebChat({
      conversations: runtime.conversations,
      sources: runtime.advisor.presenter,
      transcripts: runtime.storage.transcripts(),
      host: '127.0.0.1',
      port,
      log: silentLogger,
      plans: async (browserId) =>
        runtime.advisor.plan(await runtime.conversations.peek(conversationKey(browserId)))?.markdown ?? null,
    });
  }

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) {
      throw new Error(`${CHROMIUM} is missing. .ci/run installs it with "apt-get install -y chromium".`);
    }
    mkdirSync(RESULTS, { recursive: true });
    dataDir = mkdtempSync(path.join(tmpdir(), 'ftadvisor-browser-data-'));
    profile = mkdtempSync(path.join(tmpdir(), 'ftadvisor-browser-profile-'));
    server = await startServer(0);
    // A fresh profile directory each run: no state from an earlier run, no first-run prompts.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 900 },
      // Instant scrolling, so a screenshot taken right after scrollIntoView shows where it went.
      reducedMotion: 'reduce',
      timeout: 30_000,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(WAIT);
    const origin = new URL(server.url).origin;
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    context.on('request', (request) => {
      if (!request.url().startsWith(`${origin}/`) && !request.url().startsWith(origin.replace('http', 'ws')))
        elsewhere.push(request.url());
    });
    await page.goto(server.url);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    await runtime?.store.close();
    for (const directory of [dataDir, profile])
      if (directory) rmSync(directory, { recursive: true, force: true });
  }, 30_000);

  const log = () => page.locator('#log');
  const botReplies = () => page.locator('#log > li[data-from="bot"]');
  const userMessages = () => page.locator('#log > li[data-from="user"]');
  const button = (name: string | RegExp) => page.getByRole('button', { name });

  async function waitForCount(locator: Locator, count: number): Promise<void> {
    await locator.nth(count - 1).waitFor({ state: 'attached' });
    expect(await locator.count()).toBe(count);
  }

  async function typeAndSend(text: string): Promise<void> {
    await page.getByLabel('Your message').fill(text);
    await page.getByLabel('Your message').press('Enter');
  }

  test('opens with the greeting, its options as buttons, and a browser id kept in localStorage', async () => {
    await waitForCount(botReplies(), 1);
    expect(await botReplies().first().textContent()).toMatch(
      /Hi! I help you decide between continued pretraining/,
    );
    for (const name of [
      'Knowledge: it must know new or private facts',
      'Alignment: style, tone, format, behaviour',
      'Both',
      'Domain language: jargon, notation or code it rarely saw',
    ]) {
      expect(await button(name).isEnabled()).toBe(true);
    }
    expect(await page.locator('#status').textContent()).toBe('');
    expect(await page.evaluate("localStorage.getItem('ftadvisor.browserId')")).toMatch(/^[0-9a-f]{32}$/);
    expect(await page.locator('#announcer').getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('#announcer').textContent()).toMatch(/What is the model missing\?/);
  });

  test('answers by clicking, by keyboard and by typing, and shows a recommendation with linked sources', async () => {
    await button('Knowledge: it must know new or private facts').click();
    await waitForCount(botReplies(), 2);
    expect(await userMessages().last().textContent()).toContain(
      'Knowledge: it must know new or private facts',
    );
    expect(await botReplies().last().textContent()).toMatch(/What data do you have for this\?/);
    // Only the latest question's buttons can be pressed.
    expect(await button('Both').isDisabled()).toBe(true);

    // Keyboard: focus an option and press Enter.
    await button('No data yet').focus();
    await page.keyboard.press('Enter');
    await waitForCount(botReplies(), 3);
    expect(await botReplies().last().textContent()).toMatch(/How often do the facts change\?/);

    const typed =
      'they change every week <script>window.__injected = 1</script><img src=x onerror="window.__injected = 2">';
    await typeAndSend(typed);
    const recommendation = page.locator('#log > li[data-kind="recommendation"]');
    await recommendation.waitFor();

    // What the user typed is shown as text: the same characters, no elements made from it.
    expect(await userMessages().last().locator('p').textContent()).toBe(typed);
    expect(await page.locator('#log script, #log img').count()).toBe(0);
    expect(await page.evaluate('window.__injected')).toBeUndefined();

    expect(await recommendation.locator('h3').first().textContent()).toMatch(
      /^Recommendation: Retrieval-augmented generation \(RAG\)/,
    );
    expect(await recommendation.locator('h3').allTextContents()).toEqual(
      expect.arrayContaining(['Ranking', 'Why RAG', 'Data guidance']),
    );
    expect(await recommendation.locator('ul > li').count()).toBeGreaterThan(5);
    const links = recommendation.locator('.sources a');
    expect(await links.count()).toBeGreaterThan(2);
    const ovadia = recommendation.locator('.sources a', { hasText: 'Ovadia et al. (2023)' });
    expect(await ovadia.getAttribute('href')).toBe('https://arxiv.org/abs/2312.05934');
    expect(await ovadia.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await ovadia.textContent()).toMatch(/^Ovadia et al\. \(2023\): Fine-Tuning or Retrieval\?/);
    expect(await page.locator('#announcer').textContent()).toMatch(
      /Recommendation: Retrieval-augmented generation/,
    );

    // The plan to act on, as a Markdown download for this browser's conversation.
    const download = recommendation.locator('a.plan-download');
    const id = await page.evaluate("localStorage.getItem('ftadvisor.browserId')");
    expect(await download.getAttribute('href')).toBe(`/plan.md?browser=${id}`);
    expect(await download.getAttribute('download')).toBe('ftadvisor-plan.md');
    const file = await page.request.get(
      new URL(String(await download.getAttribute('href')), server.url).href,
    );
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toBe('text/markdown; charset=utf-8');
    expect(await file.text()).toMatch(/^# Fine-tuning plan: RAG/);

    // Screenshots: the last question, the typed markup shown as text and the recommendation's start;
    // then the recommendation's linked sources.
    await botReplies()
      .nth(2)
      .evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: path.join(RESULTS, 'web-chat-desktop.png') });
    await recommendation.locator('.sources').evaluate((element) => element.scrollIntoView({ block: 'end' }));
    await page.screenshot({ path: path.join(RESULTS, 'web-chat-sources.png') });
  });

  test('a follow-up question is answered with its sources', async () => {
    const before = await botReplies().count();
    await typeAndSend('why not fine-tuning?');
    await waitForCount(botReplies(), before + 1);
    const answer = botReplies().last();
    expect(await answer.getAttribute('data-kind')).toBe('answer');
    expect(await answer.textContent()).toMatch(/Supervised fine-tuning \(SFT\) ranks \d+\w* for you/);
    expect(await answer.locator('.sources a').count()).toBeGreaterThan(0);
  });

  test('empty input sends nothing', async () => {
    const before = await userMessages().count();
    await page.getByLabel('Your message').fill('   \n  ');
    expect(await page.locator('#send').isDisabled()).toBe(true);
    await page.getByLabel('Your message').press('Enter');
    await page.waitForTimeout(300);
    expect(await userMessages().count()).toBe(before);
    await page.getByLabel('Your message').fill('');
  });

  test('a reload shows the same conversation', async () => {
    const shown = await log().textContent();
    const replies = await botReplies().count();
    await page.reload();
    await waitForCount(botReplies(), replies);
    expect(await log().textContent()).toBe(shown);
  });

  test('at phone width nothing overflows sideways and the composer stays usable', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    const box = await page.getByLabel('Your message').boundingBox();
    expect(box?.width).toBeGreaterThan(200);
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(844);
    await page
      .locator('#log > li[data-kind="recommendation"]')
      .evaluate((element) => element.scrollIntoView());
    await page.screenshot({ path: path.join(RESULTS, 'web-chat-phone.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('a server restart keeps the conversation: the page reconnects by itself, and Start over still works', async () => {
    const shown = await log().textContent();
    const port = server.port;
    await server.close();
    await runtime.store.close();
    await page.locator('#status', { hasText: 'Connection to the advisor lost. Reconnecting…' }).waitFor();
    expect(await page.locator('#restart').isDisabled()).toBe(true);

    server = await startServer(port);
    await page.locator('#status').waitFor({ state: 'hidden', timeout: 20_000 });
    expect(await log().textContent()).toBe(shown);
    await page.reload();
    await page.locator('#log > li[data-kind="recommendation"]').waitFor();
    expect(await log().textContent()).toBe(shown);

    const replies = await botReplies().count();
    await button('Start over').click();
    await waitForCount(botReplies(), replies + 1);
    expect(await userMessages().last().textContent()).toContain('Start over');
    expect(await botReplies().last().textContent()).toMatch(/^Advisor:\s*Starting over\./);
    // The new first question's buttons are live again; the old ones stay disabled.
    expect(await button('Both').last().isEnabled()).toBe(true);
    expect(await button('Both').first().isDisabled()).toBe(true);
  });

  test('no script errors, no content-security-policy violations, nothing loaded from elsewhere', () => {
    // While the server was down, Chromium reported the refused reconnection attempts; nothing else is expected.
    const unexpected = problems.filter(
      (text) => !/WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/' failed/.test(text),
    );
    expect(unexpected).toEqual([]);
    expect(elsewhere).toEqual([]);
  });
});
