import { fitVerdict } from '../../../src/core/questions/fit';
import type { Answer } from '../../../src/core/types';
import { realContent } from '../../support/advisor';

const catalogue = realContent().gpus;
const gave = (gpu: string): Record<string, Answer> => ({ gpu: { value: gpu, source: 'user', quote: gpu } });
const verdict = (text: string, answers: Record<string, Answer> = {}) =>
  fitVerdict(text, catalogue, answers)?.text.join(' ');

describe('fitVerdict: a yes or no to "does it fit on my GPU?" (persona round 13)', () => {
  test('full fine-tuning of a 7B on a 24 GB card: no, and what fits instead', () => {
    const text = verdict('can i do full fine-tuning on my 4090?');
    expect(text).toMatch(/^No: full fine-tuning .* 7B model needs about 60 GB/);
    expect(text).toContain('4-bit QLoRA (about 6 GB)');
    expect(text).toContain('for a 7B model');
  });

  test('a size between the listed ones is scaled and says so', () => {
    expect(verdict('full fine-tune the 3B on the A100 40GB?')).toMatch(
      /^Only in pure bf16: .* 3B model needs about 26 GB .*scaled from its 7B figure.*an A100 40GB \(40 GB\)/,
    );
  });

  // Persona round, session 16: a pure-bf16 "yes" for 70B on 8 H100s hid the 1,200 GB mixed-precision figure.
  test('a full fine-tune that fits only in pure bf16 says so, with the mixed-precision figure', () => {
    const text = verdict('can we full fine-tune a 70B on 8 H100s?');
    expect(text).toMatch(/^Only in pure bf16: .*600 GB.*1,200 GB, more than 8 H100s/);
  });
  test('two methods weighed get each one marked, not a yes', () => {
    expect(verdict('should I use LoRA or full fine-tuning for the 7B on the A100?')).toMatch(
      /^On an A100 .*fits/,
    );
  });
  test('memory stated outright beats the class answered ("my 12gb card" is not 24 GB)', () => {
    const consumer = { gpu: { value: 'consumer', source: 'user', quote: 'consumer' } } as Record<
      string,
      Answer
    >;
    expect(verdict('will 16-bit lora of a 7b fit on my 12gb card?', consumer)).toMatch(
      /^No: .*16 GB.*a 12 GB GPU/,
    );
    expect(verdict('my card is 12GB, so lora of the 7b will not fit, right?', consumer)).toMatch(/^No: /);
  });
  test('a question of time is not answered with memory', () => {
    expect(verdict('how long would full fine-tuning of the 7B take on 8 H100s?')).toBeUndefined();
  });

  test('the GPU the user gave is used when the question names none', () => {
    expect(verdict('does a 70b fit?', gave('consumer'))).toContain('4-bit QLoRA does not fit (about 48 GB)');
    expect(verdict('does a 70b fit?', gave('cluster'))).toContain('4-bit QLoRA fits (about 48 GB)');
  });

  test('the method asked about first is the one answered (persona round 14)', () => {
    expect(verdict('will full DPO of the 8B fit on the one A100 80GB or do I need LoRA?')).toMatch(
      /^No: full fine-tuning .* 8B model needs about 69 GB .*plus about 16 GB for DPO's frozen reference copy/,
    );
    expect(verdict('qlora of a 13b, ok on my 4090?')).toMatch(/^Yes: 4-bit QLoRA/);
  });

  test('DPO adds its reference model to the budget', () => {
    expect(verdict('will DPO fit on one A6000 for a 7B, full params?')).toContain('frozen reference copy');
  });

  test('not a question about memory, or no GPU known: no verdict', () => {
    expect(verdict('what LoRA rank should we use?', gave('consumer'))).toBeUndefined();
    expect(verdict('does a 70b fit?')).toBeUndefined();
    expect(verdict('will it know our prices after fine-tuning?', gave('consumer'))).toBeUndefined();
  });
});
