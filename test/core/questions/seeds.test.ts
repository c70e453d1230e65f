import { ask, seen } from './support';

/**
 * The questions the project was founded on (the seed documents), asked as a practitioner would.
 * Each answer must carry the substance: the key distinction, the named datasets or techniques, and
 * its sources. Where a seed is wrong (seed 003's dataset sizes, seed 004's "150k"), the findings win.
 */
describe("the seed documents' questions", () => {
  test('instruction tuning vs normal fine-tuning: a kind of SFT; task in the input at inference vs fixed at training; hybrids', () => {
    const reply = ask(
      "What is the difference between instruction tuning and normal fine-tuning for large language models? Also the instruction-tuning I'm referring to isn't the in-context/prompt one.",
    );
    const text = seen(reply);
    for (const term of ['a kind of', 'supervised fine-tuning', 'inference time', 'training time', 'hybrids'])
      expect(text).toContain(term);
    expect(reply.citations).toContain('flan-2021');
  });

  test('are all datasets instruction datasets? the other kinds', () => {
    const reply = ask(
      'I understand instruction-tuning is a form of fine-tuning but with an instruction dataset. But are all datasets not instruction datasets? What other kinds are there?',
    );
    const text = seen(reply);
    expect(text).toContain('not all datasets are instruction datasets');
    for (const kind of ['unlabeled text', 'one task', 'instruction datasets', 'preference'])
      expect(text).toContain(kind);
    expect(reply.citations).toEqual(expect.arrayContaining(['flan-2021', 'dapt-2020']));
  });

  test('which fine-tuning techniques exist, and the two goals they serve', () => {
    const text = seen(ask('Which fine-tuning techniques are there?'));
    for (const technique of [
      'continued pretraining',
      'supervised fine-tuning',
      'instruction tuning',
      'rlhf',
      'dpo',
    ])
      expect(text).toContain(technique);
    expect(text).toContain('alignment');
  });

  test('knowledge injection vs alignment', () => {
    const reply = ask('explain knowledge injection vs alignment');
    const text = seen(reply);
    for (const term of ['knowledge injection', 'alignment', 'retrieval', '0.875', '1,000'])
      expect(text).toContain(term);
    expect(reply.citations).toEqual(expect.arrayContaining(['ovadia-2023', 'lima-2023']));
  });

  test('prompting vs instruction tuning', () => {
    const reply = ask("What's the difference between prompting and instruction tuning?");
    const text = seen(reply);
    for (const term of ['no weight changes', 'zero-shot', 'few-shot']) expect(text).toContain(term);
    expect(reply.citations).toContain('flan-2021');
  });

  test('the kinds of instruction datasets, with no sizes from seed 003', () => {
    const text = seen(ask('What kinds of instruction tuning datasets are there?'));
    for (const name of [
      'super-naturalinstructions',
      'p3',
      'flan 2021',
      'muffin',
      'unnatural instructions',
      'alpaca',
      'evol-instruct',
      'sharegpt',
    ])
      expect(text).toContain(name);
    for (const wrong of ['5 million', '193,000', '240,000', '250,000']) expect(text).not.toContain(wrong);
  });

  test("FLAN v2 size: the hedged 15M of the findings, never seed 004's 150k", () => {
    const text = seen(ask('How many examples does the FLAN v2 collection have?'));
    expect(text).toMatch(/15 ?m(illion)?\b/);
    expect(text).toContain('could not verify');
    expect(text).not.toMatch(/150,000|150k/);
  });

  test("where a model's knowledge comes from: pretraining, LIMA's superficial alignment hypothesis", () => {
    const reply = ask("Where does a model's knowledge come from?");
    expect(seen(reply)).toContain('pretraining');
    expect(seen(reply)).toContain('superficial alignment');
    expect(reply.citations).toContain('lima-2023');
  });

  test('beating GPT-4 by fine-tuning on its outputs: the imitation-models finding, not a data mix', () => {
    const reply = ask('Can we beat GPT-4 by fine-tuning a small open model on GPT-4 outputs?');
    expect(seen(reply)).toContain('style');
    expect(reply.citations).toContain('imitation-2023');
    expect(seen(reply)).not.toContain('326,154');
  });

  test('which techniques for which goal', () => {
    const text = seen(
      ask('Which fine-tuning techniques should we use for knowledge injection, and which for alignment?'),
    );
    expect(text).toContain('retrieval');
    expect(text).toMatch(/sft|supervised fine-tuning/);
  });
});
