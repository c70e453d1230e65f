import { GpuReader } from '../../../src/core/nlu/gpus';
import { realAdvisor, realContent } from '../../support/advisor';

const catalogue = realContent().gpus;
if (!catalogue) throw new Error('flows/gpus.yaml did not load');
const reader = new GpuReader(catalogue);
const isDataNoun = (word: string) =>
  ['example', 'examples', 'email', 'emails', 'ticket', 'tickets'].includes(word);
const classes = (text: string, gpuAsked = false) =>
  reader.find(text, { gpuAsked, isDataNoun }).map((mention) => [mention.quote, reader.classOf(mention)]);

describe('GpuReader: the GPUs a message names', () => {
  test.each([
    ['got a 3090', [['a 3090', 'consumer']]],
    ['we have a node w/ eight H100s', [['eight H100s', 'cluster']]],
    ['2x A100 80GB', [['2x A100 80GB', 'cluster']]],
    ['one A100 40GB', [['one A100 40GB', 'datacenter']]],
    ['an aws g5 (A10G) instance', [['A10G', 'consumer']]],
    ['lab server has two RTX 4090s', [['two RTX 4090s', 'consumer']]],
    ['8xH100', [['8xH100', 'cluster']]],
    ['H100 x 4', [['H100 x 4', 'cluster']]],
    ['single 4090', [['single 4090', 'consumer']]],
    // Two 48 GB cards hold what one 80 GB card does: not "several 80 GB GPUs" (persona round 12).
    ['2x A6000 48gb', [['2x A6000 48gb', 'datacenter']]],
    ['4x A6000', [['4x A6000', 'cluster']]],
    ['4x 4090', [['4x 4090', 'consumer']]],
    ['8x V100 32GB', [['8x V100 32GB', 'cluster']]],
  ])('%s', (text, expected) => {
    expect(classes(text)).toEqual(expected);
  });

  test('a GPU the user does not have is not theirs', () => {
    expect(classes('no A100s, just a 4090')).toEqual([['a 4090', 'consumer']]);
    expect(classes("we don't have an H100")).toEqual([]);
  });

  test('a bare model number is an amount unless GPUs were asked about or words make it a GPU', () => {
    expect(classes('we have 4090 examples')).toEqual([]);
    expect(classes('about 3090 tickets, answered')).toEqual([]);
    expect(classes('3090')).toEqual([]);
    expect(classes('3090', true)).toEqual([['3090', 'consumer']]);
    expect(classes('a 4090 gpu')).toEqual([['a 4090', 'consumer']]);
    expect(classes('local 4090.')).toEqual([['4090', 'consumer']]);
    expect(classes('our 4090 tickets')).toEqual([]);
  });
});

describe('a GPU named in a message', () => {
  const advisor = realAdvisor();
  const answers = (text: string) => {
    const { session } = advisor.handleTurn(null, { kind: 'text', text });
    return Object.fromEntries(Object.entries(session.answers).map(([slot, answer]) => [slot, answer?.value]));
  };

  test('says which GPU and that they train on their own, and is never an amount of data', () => {
    expect(answers("we'd do it in house, got a 3090. 1,200 emails with the customer's reply")).toMatchObject({
      gpu: 'consumer',
      platform: 'own-gpus',
      dataSize: 1200,
    });
    expect(answers('we have about 12k protocols, lab server has two RTX 4090s')).toMatchObject({
      dataSize: 12000,
      gpu: 'consumer',
    });
  });

  test('the word after the GPU names the machine, not data', () => {
    expect(answers('we have an aws account w/ a g5 (A10G) instance').dataKind).toBeUndefined();
  });
});

describe('GpuReader: cards counted or named by memory (persona round F)', () => {
  test.each([
    ['we have 4 A100 with 80gb', [['4 A100 with 80gb', 'cluster']]],
    ['several 80gb gpus', [['several 80gb gpus', 'cluster']]],
    ['4 x 80GB GPUs', [['4 x 80GB GPUs', 'cluster']]],
    ['multiple A100s', [['multiple A100s', 'cluster']]],
    ['one 80gb gpu', [['one 80gb gpu', 'datacenter']]],
    ['my 12gb card', [['12gb card', 'consumer']]],
    ['2 x 4090, 24gb each', [['2 x 4090, 24gb each', 'consumer']]],
  ])('%s', (text, expected) => {
    expect(classes(text)).toEqual(expected);
  });

  test('a counted GPU answer is not overruled by the classifier ("i wrote it: 4x A100 80gb")', () => {
    const acts = realAdvisor().interpret(awaitingSession('gpu'), 'i wrote it: 4x A100 80gb');
    expect(acts.find((act) => act.type === 'inform' && act.slot === 'gpu')).toMatchObject({
      value: 'cluster',
    });
  });
});

/** A conversation waiting on the answer to one slot's question. */
function awaitingSession(slot: string) {
  const session = realAdvisor().newSession();
  session.pending = { kind: 'slot', slot, posings: 1 };
  return session;
}
