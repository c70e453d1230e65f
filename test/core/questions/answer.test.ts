import { realContent } from '../../support/advisor';
import { advisedWith, ask, seen } from './support';

/**
 * What a user reads for each kind of question: the answer composed for the type, from passages
 * (one claim each) with citations, and an honest "I don't know" outside the sources.
 */

const sftProfile = {
  goal: 'alignment',
  dataKind: 'demonstrations',
  dataSize: 1200,
  styleSensitivity: 'high',
  taskScope: 'single',
};

describe('answers composed for the question type', () => {
  test('"what is X" gives the definition first, then what the sources add', () => {
    const reply = ask("what's QLoRA?");
    expect(reply.body[0]).toEqual({ type: 'heading', text: 'QLoRA' });
    expect(reply.body[1]?.type).toBe('paragraph');
    expect(seen(reply)).toContain('4 bits');
    expect(reply.citations).toContain('qlora-readme');
  });

  test('"how do I prevent X" gives the mitigation, not only the numbers', () => {
    const text = seen(ask('how do I keep DPO from making answers longer?'));
    expect(text).toContain('shorter answer wins');
    expect(text).toContain('track length');
  });

  test('a comparison uses the distinction we have for it', () => {
    const reply = ask('what is the difference between instruction tuning and normal fine-tuning?');
    const text = seen(reply);
    expect(text).toContain('a kind of');
    expect(text).toContain('inference time');
    expect(text).toContain('hybrids');
    expect(reply.citations).toContain('flan-2021');
  });

  test('"compare A and B for my case" uses the user\'s answers when there is a recommendation', () => {
    const text = seen(ask('compare SFT and DPO for my case', advisedWith(sftProfile)));
    expect(text).toContain('for your situation');
    expect(text).toContain('sft fits better');
    expect(text).toContain('ranked 1st');
  });

  test('"why not X" explains X\'s rank for the user and adds the research', () => {
    const text = seen(ask('why not RAG?', advisedWith(sftProfile)));
    expect(text).toContain('ranks');
    expect(text).toContain('when rag would win');
  });

  test("how much data: the strategy's guidance, then the research", () => {
    const reply = ask('how much data does SFT need?');
    expect(seen(reply)).toContain('50–100');
    expect(reply.citations).toEqual(expect.arrayContaining(['openai-sft-guide', 'limit-2023']));
  });

  test('training settings come from recipes, with their sources', () => {
    const reply = ask('what beta should we use for DPO?');
    expect(seen(reply)).toContain('β');
    expect(seen(reply)).toContain('0.1');
    expect(reply.citations).toContain('dpo-reference-code');
  });

  test('GPU memory by model size and method', () => {
    const text = seen(ask('how much GPU memory do I need for QLoRA of a 70B model?'));
    expect(text).toContain('48 gb');
    expect(text).toMatch(/llama-factory|axolotl|unsloth/);
  });

  test('a question about one result of a paper gets that result (InstructGPT 1.3B vs 175B)', () => {
    const reply = ask('what did InstructGPT show about 1.3B vs 175B');
    expect(seen(reply)).toContain('1.3b instructgpt model were preferred');
    expect(reply.citations).toEqual(['instructgpt-2022']);
    expect(seen(reply)).not.toContain("don't know");
  });
});

describe('questions as practitioners type them (dev4)', () => {
  test('a pasted trainer call and "is it learning the prompt part too?" get completion-only training', () => {
    const reply = ask(
      '```\ntrainer = SFTTrainer(model=model, train_dataset=ds)\n```\nthe model echoes the prompt before answering, is it learning the prompt part?',
    );
    expect(reply.citations).toContain('trl-completion-only-issue');
  });

  test('"two things: …" answers both parts', () => {
    const text = seen(ask('two things: how many epochs for 5k examples, and should i use warmup?'));
    expect(text).toContain('epoch');
    expect(text).toContain('warm');
  });

  test('"for each stage" asks about one paper, not a comparison', () => {
    const reply = ask('how much data did instructgpt use for each stage?');
    expect(reply.responses).toEqual(['answer.how-much-data']);
    expect(seen(reply)).toContain('33k');
  });

  test('"make things up" is hallucination', () => {
    expect(ask('how do we make sure it doesnt make things up about our policies?').citations).toEqual(
      expect.arrayContaining(['gekhman-2024']),
    );
  });

  test('"was IT wrong to suggest training ChatGPT on the policies?" weighs fine-tuning for the user', () => {
    const reply = ask(
      'So IT was wrong to suggest training ChatGPT on the policies?',
      advisedWith({
        goal: 'knowledge',
        dataKind: 'raw-text',
        dataSize: 300,
        domainDistance: 'near',
        knowledgeChange: 'frequent',
      }),
    );
    expect(reply.responses).toEqual(['answer.why-not']);
    expect(seen(reply)).toContain('0.875');
  });

  test('"stacking" RAG and SFT is combining them', () => {
    expect(ask('does stacking rag and sft actually add up or can it backfire?').citations).toContain(
      'openai-accuracy-guide',
    );
  });
});

describe('honest scope', () => {
  test('a method without an entry is declined plainly, with what we can say instead', () => {
    const reply = ask('is RAFT better than RAG?');
    const text = seen(reply);
    expect(text).toMatch(/^i don't know raft/);
    expect(text).toContain("can't say");
    expect(text).not.toContain('0.875');
    expect(reply.responses).toEqual(['answer.out-of-scope']);
  });

  test('a price in dollars is declined; the training times it could be priced from follow', () => {
    const text = seen(ask('how much would fine-tuning cost us? like in dollars'));
    expect(text).toMatch(/^i don't know what it would cost in money/);
    expect(text).toContain('hours');
    expect(text).not.toContain('81.5');
  });

  test('what the sources say they do not give is said, not replaced by a nearby figure', () => {
    const reply = ask('How many GPU hours did LIMA need?');
    // A recognised question outside the sources, not "nothing answers this".
    expect(reply.responses).toEqual(['answer.out-of-scope']);
    const text = seen(reply);
    expect(text).toMatch(/^i don't know: lima's training compute/);
    expect(text).not.toContain('3 hours on 8');
  });

  test('an unrelated question gets "I don\'t know" and what we can answer', () => {
    const reply = ask('what is the capital of France?');
    expect(seen(reply)).toContain("i don't know");
    expect(seen(reply)).toContain('i can tell you about');
    expect(reply.citations).toEqual([]);
    expect(reply.responses).toEqual(['answer.unknown']);
  });

  test('a method named, then pointed at ("whats ORPO and is it better than DPO?"), is declined', () => {
    const reply = ask('whats KTO and is it better than DPO? saw it on twitter');
    expect(seen(reply)).toMatch(/^i don't know kto/);
    expect(reply.responses).toEqual(['answer.out-of-scope']);
  });

  test('licences and serving code are outside the sources', () => {
    expect(seen(ask('does the mistral license let us sell the finetuned model commercially?'))).toContain(
      'legal question',
    );
    const ops = ask('can you write me a dockerfile for serving the model with vllm?');
    expect(ops.responses).toEqual(['answer.out-of-scope']);
    expect(seen(ops)).toContain("can't give you that");
  });

  test('"is this gonna work?" is a forecast: said honestly, with how to measure it', () => {
    const reply = ask('is this even going to work?');
    expect(seen(reply)).toMatch(/^i don't know whether it will work/);
    expect(seen(reply)).toContain('held-out');
  });

  test("a forecast of the user's own score is declined", () => {
    expect(seen(ask('what MMLU score should we expect from our fine-tuned model?'))).toContain(
      "can't predict",
    );
  });
});

describe('what reaches users', () => {
  const questions = [
    "what's QLoRA?",
    'what did DPO show?',
    'how many examples are in the Flan 2022 collection?',
    'Are all datasets instruction datasets? What other kinds are there?',
    'what is Super-NaturalInstructions and how big is it?',
    'which PaLM 2 model did Gekhman et al. use?',
  ];

  test.each(questions)('%s: no review notes, no paragraph twice', (question) => {
    const reply = ask(question);
    expect(reply.text).not.toMatch(/not verified|unverified/i);
    const blocks = reply.body.flatMap((segment) =>
      segment.type === 'list' ? segment.items : segment.type === 'paragraph' ? [segment.text] : [],
    );
    expect(blocks.length).toBe(new Set(blocks).size);
  });

  test('every citation is a knowledge entry, shown with its source line', () => {
    const ids = new Set(realContent().knowledge.map((entry) => entry.id));
    for (const question of questions) {
      const reply = ask(question);
      for (const id of reply.citations) expect(ids.has(id)).toBe(true);
    }
  });

  test('a figure from a secondary source says so', () => {
    expect(seen(ask('what did DPO show on TL;DR summarization against PPO?'))).toMatch(/secondary/);
  });

  test('an unverified figure is said with its hedge, never as a bare fact', () => {
    const text = seen(ask('does FLAN v2 have 15M examples?'));
    expect(text).toMatch(/15 ?m(illion)?\b/);
    expect(text).toContain('could not verify');
  });
});

describe('round 2: honest scope and the user’s own plan', () => {
  test('a gap the question is about answers it, whatever its type; a paper’s own setup is not declined', () => {
    const compared = ask('bge-large-en or another embedding model, which one retrieves better for us?');
    expect(compared.responses).toEqual(['answer.out-of-scope']);
    expect(seen(compared)).toContain('embedding models');
    const setup = ask('which embedding model did Ovadia et al. use for retrieval?');
    expect(setup.responses).not.toContain('answer.out-of-scope');
    expect(seen(setup)).toContain('bge-large-en');
  });

  test('legal questions are declined with what the sources do cover', () => {
    const reply = ask('is it legal to fine-tune on GPT-4 outputs and sell the model?');
    expect(reply.responses).toEqual(['answer.out-of-scope']);
    expect(seen(reply)).toContain('legal question');
    expect(reply.citations).toContain('imitation-2023');
  });

  test('a provider’s own features are declined', () => {
    const reply = ask('does Bedrock support DPO for its models?');
    expect(reply.responses).toEqual(['answer.out-of-scope']);
    expect(seen(reply)).toContain('documentation');
  });

  test('fine-tuning through a hosted API: GPU and LoRA settings are the provider’s side', () => {
    const reply = ask(
      'what LoRA rank should we use?',
      advisedWith({ ...sftProfile, platform: 'hosted-api' }),
    );
    expect(seen(reply)).toContain('hosted api');
    expect(seen(ask('what LoRA rank should we use?', advisedWith(sftProfile)))).not.toContain('hosted api');
  });

  test('a what-if naming a goal re-runs the advice with it, added when it says "too"', () => {
    const reply = ask(
      'what if we want it to answer in our brand voice too?',
      advisedWith({
        goal: 'knowledge',
        dataKind: 'raw-text',
        dataSize: 2000,
        domainDistance: 'near',
        knowledgeChange: 'frequent',
      }),
    );
    expect(reply.responses).toEqual(['answer.what-if']);
    expect(seen(reply)).toContain('both knowledge and alignment');
    expect(seen(reply)).toContain('sft');
  });

  test('a later part on the same topic that finds nothing new adds no "I don\'t know"', () => {
    const reply = ask('What usually goes wrong with DPO? Anything I should monitor?');
    expect(reply.responses).toEqual(['answer.risks']);
  });
});
