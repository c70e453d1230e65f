import { realAdvisor } from '../../support/advisor';
import { advisedWith, ask, seen } from './support';

/**
 * Probes of the classes of failure found on the eighth development set, in our own words (none is
 * taken from an evaluation set): tools compared by name, legal exposure, and a question led by a
 * label ("hosted fine-tuning: what's the minimum …").
 */
const styleProfile = {
  goal: 'alignment',
  dataKind: 'demonstrations',
  dataSize: 4000,
  dataUnit: 'items',
  styleSensitivity: 'high',
  taskScope: 'single',
  tried: 'prompting',
  platform: 'own-gpus',
  gpu: 'consumer',
};
const declined = (text: string) => {
  const reply = ask(text, advisedWith(styleProfile));
  return (
    reply.responses.includes('answer.out-of-scope') ||
    reply.responses.includes('answer.unknown') ||
    /\b(can't|cannot|no source gives|do not cover|don't cover)\b/.test(seen(reply))
  );
};

test.each([
  'prodigy or doccano for labelling the new examples?',
  'is torchtune faster than llama-factory on one 3090?',
  'should the eval runs go to mlflow vs wandb',
  'which 8B base model is better for contracts, mistral or gemma?',
])('tools named against each other are not compared from the nearest passage: %s', (text) => {
  expect(declined(text)).toBe(true);
});

test.each([
  'could a customer sue us if the fine-tuned bot gives bad advice?',
  'who is liable when the model makes a mistake in a reply?',
  'would the EMA accept letters drafted this way in a submission?',
  'does the vendor retain our training data after the job finishes?',
])('legal exposure is declined: %s', (text) => {
  expect(declined(text)).toBe(true);
});

test('the memory guides are still answered when one tool is named', () => {
  expect(
    seen(ask('how much VRAM does axolotl say QLoRA of a 13B needs?', advisedWith(styleProfile))),
  ).toMatch(/16–20 gb/);
});

test('a label before "what\'s the …" leaves a question, answered, with the label taken', () => {
  const advisor = realAdvisor();
  const { replies, session } = advisor.handleTurn(null, {
    kind: 'text',
    text: 'hosted fine-tuning: whats the least number of examples that makes a difference',
  });
  expect(session.answers.platform?.value).toBe('hosted-api');
  expect(replies.map((reply) => reply.text).join('\n')).toMatch(/50 to 100|50–100/);
});

test('a length stated before a question about sequence length is no amount of data', () => {
  const advisor = realAdvisor();
  const acts = advisor.interpret(
    null,
    'Our contracts are often 20k tokens long. What max sequence length should we train with?',
  );
  expect(acts.map((act) => act.type)).toEqual(['ask']);
});

test.each([
  'what would a vector database cost us per month for the index?',
  'how much will openai charge to fine-tune on our 4k examples?',
])('a price not made from GPU hours is declined without run times: %s', (text) => {
  const reply = ask(text, advisedWith(styleProfile));
  expect(declined(text)).toBe(true);
  expect(seen(reply)).not.toMatch(/a100|8×|hours on/);
});
