import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parseTranscriptLine, runTranscript } from '../../../src/channels/cli/transcript';
import { Conversations } from '../../../src/core/conversations';
import { silentLogger } from '../../../src/core/log';
import { MemorySessionStore } from '../../../src/core/store';
import { ROOT, realAdvisor } from '../../support/advisor';
import { buildApp } from '../../support/app-process';

async function transcript(lines: string[]): Promise<Record<string, unknown>[]> {
  const input = new PassThrough();
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = runTranscript(
    new Conversations(realAdvisor(), new MemorySessionStore(), silentLogger),
    silentLogger,
    input,
    output,
  );
  input.end(`${lines.join('\n')}\n`);
  await done;
  return Buffer.concat(chunks)
    .toString('utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('transcript mode', () => {
  test('one JSON line per input line, in the documented shape', async () => {
    const out = await transcript([
      JSON.stringify({ user: 'a', text: "it's about tone, not facts; we have 1,200 demonstrations" }),
      JSON.stringify({ user: 'a', choice: { slot: 'extraDataKind', value: 'none' } }),
      JSON.stringify({ user: 'a', choice: { slot: 'styleSensitivity', value: 'high' } }),
      JSON.stringify({ user: 'b', text: 'hello' }),
      JSON.stringify({ user: 'a', choice: { slot: 'taskScope', value: 'single' } }),
      JSON.stringify({ user: 'a', choice: { slot: 'platform', value: 'hosted-api' } }),
    ]);
    expect(out).toHaveLength(6);
    expect(out[1]).toEqual({
      user: 'a',
      replies: [
        {
          text: expect.stringContaining('How much do the exact style'),
          awaiting: 'styleSensitivity',
          choices: [
            { label: expect.any(String), value: 'high' },
            { label: expect.any(String), value: 'medium' },
            { label: expect.any(String), value: 'low' },
          ],
          recommendation: null,
        },
      ],
    });
    expect(out[3]).toMatchObject({ user: 'b', replies: [{ awaiting: 'goal' }] });
    const replies = out[5]?.replies as { recommendation: unknown }[];
    expect(replies.at(-1)?.recommendation).toEqual({
      primary: 'sft',
      // Contract v2: the ordered plan, primary first, each stage with why it comes there.
      stages: [{ strategy: 'sft', why: expect.any(String) }],
      ranking: expect.arrayContaining([{ strategy: 'sft', score: expect.any(Number) }]),
      // "No other data" is the second kind left out: one kind of data.
      profile: {
        goal: 'alignment',
        dataKind: 'demonstrations',
        dataSize: 1200,
        dataUnit: 'items',
        styleSensitivity: 'high',
        taskScope: 'single',
        platform: 'hosted-api',
      },
      citations: expect.arrayContaining(['lima-2023']),
    });
    const recommendation = replies.at(-1)?.recommendation as { ranking: unknown[] };
    expect(recommendation.ranking).toHaveLength(6);
  });

  test('malformed lines get an error object on that line and the rest go on', async () => {
    const out = await transcript([
      'not json',
      '[1,2]',
      JSON.stringify({ text: 'no user' }),
      JSON.stringify({ user: 'a', text: 'hi', choice: { slot: 'goal', value: 'both' } }),
      JSON.stringify({ user: 'a', choice: { slot: 'goal' } }),
      '',
      JSON.stringify({ user: 'a', text: 'hello' }),
    ]);
    expect(out).toHaveLength(7);
    expect(out[0]).toEqual({ error: expect.stringMatching(/^line 1: not valid JSON/) });
    expect(out[1]).toEqual({ error: expect.stringMatching(/^line 2: expected a JSON object/) });
    expect(out[2]).toEqual({ error: 'line 3: "user" must be a non-empty string' });
    expect(out[3]).toEqual({ user: 'a', error: 'line 4: give exactly one of "text" or "choice"' });
    expect(out[4]).toMatchObject({ user: 'a', error: expect.stringContaining('"choice" must be') });
    expect(out[5]).toEqual({ error: expect.stringMatching(/^line 6: not valid JSON/) });
    expect(out[6]).toMatchObject({ user: 'a', replies: [{ awaiting: 'goal' }] });
  });

  test('parseTranscriptLine accepts exactly the two documented forms', () => {
    expect(parseTranscriptLine('{"user":"u","text":"x"}')).toEqual({
      ok: true,
      line: { user: 'u', input: { kind: 'text', text: 'x' } },
    });
    expect(parseTranscriptLine('{"user":"u","choice":{"slot":"goal","value":"both"}}')).toEqual({
      ok: true,
      line: { user: 'u', input: { kind: 'choice', slot: 'goal', value: 'both' } },
    });
    expect(parseTranscriptLine('{"user":"u","text":5}')).toMatchObject({ ok: false });
  });

  test('the built command prints only JSON lines on stdout and keeps state in ADVISOR_DATA_DIR', async () => {
    await buildApp();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ftadvisor-cli-'));
    try {
      const run = (lines: string[]) =>
        spawnSync(process.execPath, [path.join(ROOT, 'dist/src/main.js'), 'transcript'], {
          input: `${lines.join('\n')}\n`,
          env: {
            ...process.env,
            ADVISOR_DATA_DIR: dataDir,
            SLACK_BOT_TOKEN: '',
            SLACK_APP_TOKEN: '',
            SLACK_SIGNING_SECRET: '',
          },
          encoding: 'utf8',
        });
      const first = run([JSON.stringify({ user: 'p', text: 'we need a strict brand voice' }), 'oops']);
      expect(first.status).toBe(0);
      const lines = first.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(JSON.parse(lines[0] as string)).toMatchObject({
        user: 'p',
        replies: [{ awaiting: 'dataKind' }],
      });
      expect(JSON.parse(lines[1] as string)).toHaveProperty('error');
      // A second process continues the same conversation from the data directory.
      const second = run([JSON.stringify({ user: 'p', text: 'no data yet' })]);
      expect(JSON.parse(second.stdout)).toMatchObject({ user: 'p', replies: [{ awaiting: 'taskScope' }] });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('transcript mode under arbitrary input', () => {
  test('every line, however malformed, gets exactly one JSON line back', async () => {
    const fc = await import('fast-check');
    const line = fc.oneof(
      fc.string({ maxLength: 120 }).filter((text) => !/[\n\r\u2028\u2029]/.test(text)),
      fc.json().filter((text) => !/[\n\r]/.test(text)),
      fc
        .record({ user: fc.string({ maxLength: 8 }), text: fc.string({ maxLength: 80 }) })
        .map((record) => JSON.stringify(record)),
      fc
        .record({
          user: fc.constantFrom('a', 'b'),
          choice: fc.record({ slot: fc.string({ maxLength: 12 }), value: fc.string({ maxLength: 12 }) }),
        })
        .map((record) => JSON.stringify(record)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 12 }), async (lines) => {
        const out = await transcript(lines);
        expect(out).toHaveLength(lines.length);
        for (const entry of out) expect('replies' in entry || 'error' in entry).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
