import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import {
  chatOptions,
  inputFromLine,
  planCommand,
  renderForTerminal,
  runChat,
} from '../../../src/channels/cli/chat';
import { Conversations } from '../../../src/core/conversations';
import { silentLogger } from '../../../src/core/log';
import { MemorySessionStore } from '../../../src/core/store';
import type { Reply } from '../../../src/core/types';
import { realAdvisor } from '../../support/advisor';

/** Types `lines` into the terminal chat on a fresh in-memory store; resolves to what it printed. */
async function typeIntoTerminal(lines: string[], options = {}): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
  });
  const done = runChat(
    new Conversations(realAdvisor(), new MemorySessionStore(), silentLogger),
    'cli:test',
    input,
    output,
    options,
  );
  input.end(lines.join('\n'));
  await done;
  return printed;
}

const question: Reply = {
  kind: 'question',
  text: 'How strict?\n\nOptions: High | Low',
  body: [],
  awaiting: 'styleSensitivity',
  choices: [
    { label: 'High', value: 'high' },
    { label: 'Low', value: 'low' },
  ],
  recommendation: null,
  citations: [],
};

describe('terminal chat', () => {
  test('choices are numbered and a number picks one', () => {
    expect(renderForTerminal(question)).toBe('How strict?\n\n  1) High\n  2) Low');
    expect(inputFromLine('2', question)).toEqual({ kind: 'choice', slot: 'styleSensitivity', value: 'low' });
    expect(inputFromLine('9', question)).toEqual({ kind: 'text', text: '9' });
    expect(inputFromLine('very strict', question)).toEqual({ kind: 'text', text: 'very strict' });
    expect(
      inputFromLine('1', {
        ...question,
        awaiting: null,
        choices: [{ label: 'Start over', value: 'start over' }],
      }),
    ).toEqual({
      kind: 'text',
      text: 'start over',
    });
  });

  test('a whole conversation typed into the terminal ends in a recommendation', async () => {
    // Alignment, demonstrations, about 400, no other data, high style, one task, a hosted API.
    const printed = await typeIntoTerminal([
      '3',
      '3',
      'about 400',
      '1',
      '1',
      'one task',
      '1',
      'why not RAG?',
    ]);
    expect(printed).toContain('1) Knowledge: it must know new or private facts');
    expect(printed).toContain('Recommendation: Supervised fine-tuning (SFT)');
    expect(printed).toContain('When RAG would win');
  });
});

describe('the plan in the terminal', () => {
  const session = (lines: string[], options = {}) => typeIntoTerminal(lines, options);
  // Alignment, demonstrations, about 400, no other data, high style, one task, a hosted API.
  const byNumbers = ['3', '3', 'about 400', '1', '1', 'one task', '1'];

  test('--plan writes the Markdown plan once there is a recommendation', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ftadvisor-plan-'));
    const file = path.join(dir, 'plan.md');
    try {
      const printed = await session(byNumbers, chatOptions(['--plan', file]));
      expect(printed).toContain(`The plan is in ${file}`);
      const markdown = readFileSync(file, 'utf8');
      expect(markdown).toMatch(/^# Fine-tuning plan: SFT/);
      expect(markdown).toContain('## The cheapest experiment that would show this plan wrong');
      expect(markdown).toContain('arXiv 2305.11206');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('/plan prints it, /plan <file> writes it, and before a recommendation there is none', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ftadvisor-plan-'));
    const file = path.join(dir, 'mine.md');
    try {
      const printed = await session(['/plan', ...byNumbers, '/plan', `/plan ${file}`]);
      expect(printed).toContain('There is no plan yet');
      expect(printed).toContain('## Stage 1: Supervised fine-tuning (SFT)');
      expect(readFileSync(file, 'utf8')).toContain('## Data recipe');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the options read --plan with a space or an equals sign', () => {
    expect(chatOptions(['--plan', 'a.md'])).toEqual({ planFile: 'a.md' });
    expect(chatOptions(['--plan=b.md'])).toEqual({ planFile: 'b.md' });
    expect(chatOptions([])).toEqual({});
    expect(planCommand('/plan')).toEqual({ file: undefined });
    expect(planCommand('/plan out/plan.md')).toEqual({ file: 'out/plan.md' });
    expect(planCommand('plan please')).toBeNull();
  });
});
