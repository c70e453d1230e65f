import { realAdvisor } from '../../support/advisor';
import { advisedWith, ask, realAnswerer, seen } from './support';

/**
 * Probes of the classes of failure found on the seventh development set, in our own words (none is
 * taken from an evaluation set): leaving a stage out of the plan, training time for one's own run,
 * products the sources do not compare, models that are not language models, and "SFT on the 5k"
 * (data, not hardware).
 */
const domainProfile = {
  goal: 'domain',
  dataKind: 'raw-text',
  dataSize: 500_000_000,
  dataUnit: 'tokens',
  extraDataKind: 'demonstrations',
  extraDataSize: 3000,
  extraDataUnit: 'items',
  domainDistance: 'far',
  taskScope: 'single',
  platform: 'own-gpus',
  gpu: 'datacenter',
};
const declined = (text: string, context = advisedWith(domainProfile)) => {
  const reply = ask(text, context);
  return (
    reply.responses.includes('answer.out-of-scope') ||
    reply.responses.includes('answer.unknown') ||
    /\b(can't|cannot|no source gives|do not cover|don't cover)\b/.test(seen(reply))
  );
};

test('leaving a stage out asks why it is there: the research behind the stage, not a changed answer', () => {
  for (const text of [
    'what if we drop the continued pretraining and only do SFT with the 3k examples?',
    'could we skip CPT altogether?',
  ]) {
    expect(realAnswerer().analyse(text).type).toBe('why-not');
    expect(seen(ask(text, advisedWith(domainProfile)))).toMatch(/gururangan|dapt|tapt/);
  }
  // In the conversation it is a question, never a what-if that changes the data.
  const advisor = realAdvisor();
  const acts = advisor.interpret(null, 'what if we skip the pretraining step and go straight to sft?');
  expect(acts.map((act) => act.type)).toEqual(['ask']);
});

test("a run's training time is not something the sources give, for any method", () => {
  expect(declined('roughly how many GPU hours would DPO of a 13B on our 30k pairs take?')).toBe(true);
  expect(declined('how many A100-hours for 1B tokens of domain pretraining on an 8B?')).toBe(true);
});

test('products and other kinds of model are declined, not answered from the nearest passage', () => {
  expect(declined('qdrant or chroma, which vector database is best for the retrieval part?')).toBe(true);
  expect(declined('what augmentation should I use for a ResNet image classifier on the same GPU?')).toBe(
    true,
  );
});

test('"SFT on the 3k examples" names data, so it gets no memory verdict', () => {
  const reply = ask('should we do SFT on the 3k examples first?', advisedWith(domainProfile));
  expect(seen(reply)).not.toMatch(/^(yes|no|only in pure bf16)[:,]/);
  expect(seen(reply)).not.toContain('did not say the model size');
});

test('what a study used is asked of the study, not a product pick', () => {
  const reply = ask('which vector store did Ovadia et al. use for retrieval?', advisedWith(domainProfile));
  expect(reply.responses).not.toContain('answer.out-of-scope');
  expect(seen(reply)).toContain('faiss');
});
