import { advisedWith, ask, seen } from './support';

/**
 * A question with a second one of its own kind after it ("… and would it be expensive?", "… and
 * what learning rate?") answers both, each from its own passages: the second keeps its kind and
 * does not take the first one's words (persona round D; our own wording).
 */
const context = advisedWith({
  goal: 'alignment',
  dataKind: 'demonstrations',
  dataSize: 400,
  dataUnit: 'items',
  styleSensitivity: 'high',
  taskScope: 'single',
  platform: 'own-gpus',
  gpu: 'consumer',
});

test('how many examples, and the cost, both answered', () => {
  const reply = ask(
    'if we trained on it, how many product blurbs would we have to write and would it cost a lot?',
    context,
  );
  const text = seen(reply);
  expect(text).toMatch(/lima|50–100/i);
  expect(text).toMatch(/not what they cost in money|hours/);
  expect(reply.responses).not.toContain('answer.unknown');
});

test('epochs, then the learning rate, each from its own setting', () => {
  const text = seen(ask('how many epochs should we run and what learning rate?', context));
  expect(text).toMatch(/epochs?/i);
  expect(text).toMatch(/1e-4|2e-4|1e-5/);
  expect(text).not.toMatch(/no learning rate for it/);
});

test('a bare list of settings ("epochs & lr?") answers each setting', () => {
  const text = seen(ask('epochs & lr?', context));
  expect(text).toMatch(/\d+ (to|–) ?\d+ epochs|epochs/);
  expect(text).toMatch(/1e-4|2e-4|1e-5/);
});

test('two methods joined ("FT + RAG together?") are one question about the combination', () => {
  const text = seen(ask('so FT + RAG together, best of both?', context));
  expect(text).toMatch(/ovadia/i);
});

test('stock that changes (inventory) is a changing fact, not the stock market', () => {
  const reply = ask(
    'does the RAG vs fine-tune choice matter if our stock levels change every hour?',
    context,
  );
  expect(reply.responses).not.toContain('answer.out-of-scope');
  expect(seen(reply)).toMatch(/retriev/i);
  expect(ask('which stocks should we buy this year?', context).responses).toContain('answer.out-of-scope');
});
