import { realAdvisor } from '../../support/advisor';
import { advisedWith, ask, seen } from './support';

/**
 * Probes of the classes of failure found on the ninth development set, in our own words (none is
 * taken from an evaluation set): a price asked in a fragment after the question, methods the
 * sources never cover, legal questions, what is set aside ("besides X"), a what-if whose context
 * follows it, and everyday settings the papers do give (sequence length, multi-turn data).
 */
const planProfile = {
  goal: 'alignment',
  dataKind: 'demonstrations',
  dataSize: 6000,
  dataUnit: 'items',
  extraDataKind: 'preferences',
  extraDataSize: 9000,
  styleSensitivity: 'medium',
  taskScope: 'single',
  tried: 'prompting',
  platform: 'own-gpus',
  gpu: 'cluster',
};
const declined = (text: string, context = advisedWith(planProfile)) => {
  const reply = ask(text, context);
  return (
    reply.responses.includes('answer.out-of-scope') ||
    reply.responses.includes('answer.unknown') ||
    /\b(can't|cannot|no source gives|do not cover|don't cover|don't know|nothing on)\b/.test(seen(reply))
  );
};

test.each([
  'which provider is cheaper to tune a 13B on, fireworks or openai? per 1k tokens',
  'how do I stretch the context to 64k with rope scaling during SFT',
  'should we quantize with gptq or awq after training',
  'the transcripts contain customer names. any legal issues with training on them?',
])('what the sources do not cover is declined plainly: %s', (text) => {
  expect(declined(text)).toBe(true);
});

test('"besides X" sets X aside: the risks of the DPO stage are its length and language costs', () => {
  const text = seen(
    ask('what can go wrong with the DPO step, apart from the win rate?', advisedWith(planProfile)),
  );
  expect(text).toMatch(/longer|length/);
  expect(text).toMatch(/tydiqa|multilingual/);
});

test('a what-if read with the sentence after it: combining retrieval and fine-tuning', () => {
  const advisor = realAdvisor();
  let { session } = advisor.handleTurn(null, {
    kind: 'text',
    text: 'support bot over our docs that must quote current prices and sound like us',
  });
  const buttons: Record<string, string> = {
    dataKind: 'raw-text',
    extraDataKind: 'demonstrations',
    domainDistance: 'near',
    knowledgeChange: 'frequent',
    styleSensitivity: 'high',
    taskScope: 'single',
    tried: 'prompting',
    platform: 'hosted-api',
  };
  for (let turn = 0; turn < 12 && session.pending?.kind === 'slot'; turn++) {
    const slot = session.pending.slot;
    const value = buttons[slot];
    ({ session } = advisor.handleTurn(
      session,
      value
        ? { kind: 'choice', slot, value }
        : { kind: 'text', text: slot.endsWith('Size') ? '900' : 'skip' },
    ));
  }
  expect(session.phase).toBe('advised');
  const { replies } = advisor.handleTurn(session, {
    kind: 'text',
    text: 'what if the two together do worse? a colleague says fine-tuning + RAG scored below RAG alone',
  });
  const text = replies.map((reply) => reply.text).join(' ');
  expect(text).not.toContain('I could not tell which of your answers');
  expect(text).toMatch(/Ovadia|0\.810|BLEU/);
});

test.each([
  ['what max sequence length should the SFT use, 2048 or 4096?', /8,192|63,900/],
  ['all our examples are single turn. will the bot cope with follow-up turns?', /45\.2|76\.1/],
  ["dpo log shows loss 0.6931 and rewards/chosen 0.0 for every step, what's broken", /β|beta/],
])('everyday settings are answered from the papers: %s', (text, expected) => {
  expect(ask(text, advisedWith(planProfile)).text).toMatch(expected);
});
