import { PassThrough } from 'node:stream';
import { inputFromLine, renderForTerminal, runChat } from '../../../src/channels/cli/chat';
import { Conversations } from '../../../src/core/conversations';
import { silentLogger } from '../../../src/core/log';
import { MemorySessionStore } from '../../../src/core/store';
import type { Reply } from '../../../src/core/types';
import { realAdvisor } from '../../support/advisor';

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
    );
    // Alignment, demonstrations, about 400, no other data, high style, one task, a hosted API.
    input.end(['3', '3', 'about 400', '1', '1', 'one task', '1', 'why not RAG?'].join('\n'));
    await done;
    expect(printed).toContain('1) Knowledge: it must know new or private facts');
    expect(printed).toContain('Recommendation: Supervised fine-tuning (SFT)');
    expect(printed).toContain('When RAG would win');
  });
});
