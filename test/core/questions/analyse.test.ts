import { realAnswerer } from './support';

/**
 * Reading a question: its type and what it names. The wordings are our own, written to cover the
 * kinds of question practitioners ask, not copied from the evaluation sets.
 */
const read = (text: string) => realAnswerer().analyse(text);

describe('question types', () => {
  test.each([
    ['what is LoRA?', 'define'],
    ['qlora?', 'define'],
    ['explain the superficial alignment hypothesis', 'define'],
    ['how does DPO work?', 'define'],
    ['SFT vs DPO, what is the difference?', 'compare'],
    ['is LoRA or full fine-tuning better for a code model?', 'compare'],
    ['why not RAG?', 'why-not'],
    ['why?', 'why'],
    ['when should we fine-tune at all?', 'why'],
    ['how many examples do we need for a tone change?', 'how-much-data'],
    ['is 200 demonstrations enough?', 'how-much-data'],
    ['what if we had 10k examples?', 'what-if'],
    ['how do I stop my model from forgetting English?', 'how-to'],
    ['what can go wrong with continued pretraining?', 'risks'],
    ['what did the LIMA paper find?', 'evidence'],
    ['how much GPU memory does QLoRA of a 70B model take?', 'cost-hardware'],
    ['how long does a 7B SFT run take?', 'cost-hardware'],
    ['what learning rate for DPO?', 'training-choice'],
    ['how many epochs should I train for?', 'training-choice'],
    ['if we use LoRA, what rank?', 'training-choice'],
    ['should I train on completions only?', 'training-choice'],
  ])('%s → %s', (text, type) => {
    expect(read(text).type).toBe(type);
  });
});

describe('entities', () => {
  test('strategies, concepts, techniques and papers are told apart', () => {
    const analysis = read('what did the InstructGPT paper show about PPO compared with DPO?');
    expect(analysis.entities.papers).toContain('instructgpt-2022');
    expect(analysis.entities.concepts).toEqual(expect.arrayContaining(['ppo', 'dpo']));
    expect(analysis.entities.techniques).toEqual(expect.arrayContaining(['ppo', 'dpo']));
    expect(analysis.entities.strategies).toEqual(['dpo']);
  });

  test('"DPO" is the method unless the question talks about a paper', () => {
    expect(read('what is DPO?').entities.papers).toEqual([]);
    expect(read('what did the DPO paper show?').entities.papers).toEqual(['dpo-2023']);
  });

  test('"fine-tuning" said in passing does not hide what is asked about', () => {
    expect(read('what is in the Tülu-V2-mix we fine-tuned on?').entities.concepts).not.toContain(
      'fine-tuning',
    );
    expect(read('instruction tuning vs normal fine-tuning?').entities.concepts).toEqual(
      expect.arrayContaining(['instruction-tuning', 'fine-tuning']),
    );
  });

  test('typos in names are corrected, real names are not', () => {
    expect(read('waht is qlroa').entities.concepts).toEqual(['qlora']);
    expect(read('what is instrction tunning').entities.concepts).toEqual(['instruction-tuning']);
    expect(read('what is the weather in Paris?').entities.concepts).toEqual([]);
  });
});

describe('the question inside a message', () => {
  test('a sentence of context in front: the question is read, the context kept for terms', () => {
    const analysis = read('We run a support desk for a bank. What is QLoRA?');
    expect(analysis.text).toBe('What is QLoRA?');
    expect(analysis.type).toBe('define');
    expect(analysis.entities.concepts).toEqual(['qlora']);
    expect(analysis.contextTerms.length).toBeGreaterThan(0);
  });

  test('pasted markup is ignored: HTML, Markdown, Slack mentions and links, quotes, code fences', () => {
    for (const text of [
      '<p>What is <b>QLoRA</b>?</p>',
      '**what is QLoRA?**',
      '<@U024BE7LH> what is QLoRA?',
      '> we might use <https://github.com/artidoro/qlora|this>\nwhat is QLoRA?',
      '```\nlora_r: 64\n```\nwhat is QLoRA?',
    ]) {
      const analysis = read(text);
      expect({ text, type: analysis.type, concepts: analysis.entities.concepts }).toEqual({
        text,
        type: 'define',
        concepts: ['qlora'],
      });
    }
  });

  test('a config in a code block is read as part of the question', () => {
    const analysis = read('my DPO loss is stuck. config:\n```yaml\nbeta: 0.0\n```\nwhat is wrong?');
    expect(analysis.entities.concepts).toContain('dpo-beta');
  });

  test('two questions in one message are read as two parts, the second inheriting what the first names', () => {
    const analysis = read('when would we need to fine-tune, and how much would we need to write for that?');
    expect(analysis.type).toBe('why');
    expect(analysis.parts.map((part) => part.type)).toEqual(['how-much-data']);
    expect(analysis.parts[0]?.entities.concepts).toEqual(analysis.entities.concepts);
  });

  test('a question that points back ("is that normal?") is about the sentence before it', () => {
    const analysis = read('We added RAG to our fine-tuned model and accuracy dropped. Is that normal?');
    expect(analysis.entities.concepts).toContain('rag');
    expect(analysis.terms).toContain('accuraci');
  });
});

describe('what cannot be answered is recognised', () => {
  test('methods without an entry', () => {
    expect(read('is RAFT better than RAG?').unknown).toEqual(['RAFT']);
    expect(read('should we try ORPO instead of DPO?').unknown).toEqual(['ORPO']);
    expect(read('Pinecone or Weaviate for our index?').unknown).toEqual(['Pinecone', 'Weaviate']);
    expect(read('what is LoRA?').unknown).toEqual([]);
    expect(read('we store PDFs as JSON; what is RAG?').unknown).toEqual([]);
  });

  test('prices and forecasts', () => {
    expect(read('how much would it cost in dollars?').asksPrice).toBe(true);
    expect(read('what does an H100 cost per hour to rent?').asksPrice).toBe(true);
    expect(read('how much GPU memory does LoRA need?').asksPrice).toBe(false);
    expect(read('what MMLU score should we expect after fine-tuning?').asksForecast).toBe(true);
  });
});

describe('round 2: what a message asks, read by class', () => {
  test('a short question after a story is about the story ("related?")', () => {
    const analysis = read('We trained on our support chats. Now it invents order numbers. Related?');
    expect(analysis.pointer).toBe(true);
    expect(analysis.entities.concepts).toContain('hallucination');
    expect(analysis.type).not.toBe('compare');
  });

  test('a statement before a comma-question is context, a lead-in is part of the question', () => {
    const stated = read('we only have 20 labelled examples, is fine-tuning even worth it?');
    expect(stated.text).toBe('is fine-tuning even worth it?');
    expect(stated.type).toBe('how-much-data');
    const led = read('In the LIMIT paper, what exact MMLU score did MPT-7B get?');
    expect(led.entities.papers).toContain('limit-2023');
    expect(led.asksExact).toBe(true);
  });

  test('numbered questions in one line are parts; "both" refers to everything named before', () => {
    const analysis = read(
      '1) does SFT teach new facts? 2) does RAG remove hallucinations? 3) can we do both at once?',
    );
    expect(analysis.parts).toHaveLength(2);
    expect(analysis.parts[1]?.entities.concepts).toEqual(expect.arrayContaining(['rag', 'sft']));
  });

  test('a statement after a question adds terms but does not decide the type', () => {
    const analysis = read('what learning rate for the DPO stage? 8B model on one H100.');
    expect(analysis.type).toBe('training-choice');
    expect(analysis.contextTerms).toContain('h100');
  });

  test('names match their own forms only', () => {
    expect(read('we have 100 prompts for evaluation').entities.concepts).not.toContain('prompting');
    expect(read('how many tokens of text do we need?').entities.concepts).not.toContain('tokenizer');
    expect(read('does it completely remove hallucinations?').entities.concepts).not.toContain(
      'completion-only-loss',
    );
    expect(read('is fine tuning even worth it?').entities.concepts).toContain('when-to-fine-tune');
  });

  test("practitioners' abbreviations and folded forms", () => {
    const ft = read('FT vs RAG for weekly price changes?');
    expect(ft.unknown).toEqual([]);
    expect(ft.entities.concepts).toEqual(expect.arrayContaining(['rag', 'fine-tuning']));
    expect(read('what lr for QLoRA?').entities.concepts).toContain('learning-rate');
    expect(read('DAPT or TAPT, which is cheaper?').terms).toContain('cheap');
  });

  test('legal questions are recognised, a legal domain is not', () => {
    expect(read('is it legal to train on GPT-4 outputs and sell the model?').asksLegal).toBe(true);
    expect(read('retrieval fell short on our legal corpus, now what?').asksLegal).toBe(false);
  });
});

describe('jobs for the advisor and subjects outside it are recognised', () => {
  test.each([
    'could you draft a memo to our CTO about this?',
    'can you just train it for me on your servers',
    'will you translate these docs into German for us',
    'write me a cover letter for this role',
  ])('%s asks for a job, not advice', (text) => {
    expect(read(text).asksErrand).toBe(true);
  });

  test.each([
    'can you make a plan for the next two weeks?',
    'can you write down the recommendation again?',
    'what would you recommend for our tone problem?',
  ])('%s is advice', (text) => {
    expect(read(text).asksErrand).toBe(false);
  });

  test.each([
    'should I buy bitcoin or tesla stock',
    'what is the weather in Lyon tomorrow',
    'where should we go for lunch',
  ])('%s is off topic', (text) => {
    expect(read(text).offTopic).toBe(true);
  });

  test.each(['which recipe is better for tone, FLAN or LIMA?', 'is lunch-break latency a problem for RAG'])(
    '%s stays on topic',
    (text) => {
      expect(read(text).offTopic).toBe(false);
    },
  );

  test('a failing build or access control to set up is infrastructure', () => {
    expect(read('our kubernetes pods keep crashing after the upgrade').asksOperations).toBe(true);
    expect(read('how do I set up permissions so interns cannot retrieve payroll docs').asksOperations).toBe(
      true,
    );
  });
});
