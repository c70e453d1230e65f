import { advisedWith, ask, seen } from './support';

/**
 * Questions whose subject sits outside their own words: "how do we avoid that" after the
 * problem, a condition before the question ("if we do try …, how …"), a worry asked as "what if it
 * starts …", the risks of the hardware named, and "how long will it take" (development set 10;
 * our own wording).
 */
const consumer = advisedWith({
  goal: 'alignment',
  dataKind: 'demonstrations',
  dataSize: 1500,
  dataUnit: 'items',
  styleSensitivity: 'high',
  taskScope: 'single',
  tried: 'prompting',
  platform: 'own-gpus',
  gpu: 'consumer',
});
const staged = advisedWith({
  goal: 'alignment',
  dataKind: 'demonstrations',
  dataSize: 15_000,
  dataUnit: 'items',
  extraDataKind: 'preferences',
  extraDataSize: 5000,
  extraDataUnit: 'items',
  styleSensitivity: 'medium',
  taskScope: 'single',
  tried: 'prompting',
  platform: 'own-gpus',
  gpu: 'cluster',
});
const facts = advisedWith({
  goal: 'knowledge',
  dataKind: 'raw-text',
  dataSize: 900,
  dataUnit: 'items',
  knowledgeChange: 'static',
  domainDistance: 'far',
  tried: 'rag',
  platform: 'own-gpus',
  gpu: 'datacenter',
});

test('"how do we stop that" after the problem answers the problem', () => {
  const reply = ask(
    'people say preference tuning makes replies way longer. how do we stop that? nobody reads essays',
    staged,
  );
  expect(seen(reply)).toMatch(/length|longer/i);
  expect(reply.responses).not.toContain('answer.unknown');
});

test('a condition before the question is part of it', () => {
  const text = seen(
    ask('if we did put the facts into the weights after all, how would we prepare the documents?', facts),
  );
  expect(text).toMatch(/paraphras/i);
});

test('the same claim from the same source is not listed twice, once with its figures and once without', () => {
  const text = seen(
    ask('if we did put the facts into the weights after all, how would we prepare the documents?', facts),
  );
  expect(text.match(/many paraphrases of each fact/g) ?? []).toHaveLength(1);
});

test('"what if it starts copying the examples" is a worry answered, not a change to weigh', () => {
  const reply = ask('what if the tuned model then starts copying the training examples verbatim?', consumer);
  expect(reply.responses).not.toContain('answer.what-if');
  expect(seen(reply)).toMatch(/epoch/i);
});

test('what can go wrong on the GPU named includes what QLoRA costs in quality', () => {
  const text = seen(ask('what could go wrong doing this on a single 24gb gpu?', consumer));
  expect(text).toMatch(/qlora/i);
  expect(text).toMatch(/AlpacaEval|quality/);
});

test('"how long will the DPO stage take" gives the DPO runs the sources timed', () => {
  const text = seen(ask('how long is the dpo stage going to take, roughly?', staged));
  expect(text).toMatch(/2\.75 hours|7 days/);
});

test('"why not just fine-tune on our docs so it knows them?" is answered with what fine-tuning on facts does', () => {
  const text = seen(ask('why not simply fine-tune it on our docs so it knows them?', facts));
  expect(text).toMatch(/ovadia|gekhman/i);
});

test('"numbers showing DPO on top of SFT helps at scale" cites the run that measured it', () => {
  const text = seen(ask('got numbers that dpo on top of sft still helps for large models?', staged));
  expect(text).toMatch(/tülu 2/i);
  expect(text).toMatch(/95\.1|85\.1/);
});
