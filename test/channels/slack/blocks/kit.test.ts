import {
  actions,
  type Block,
  blockChars,
  button,
  fitBlocks,
  LIMITS,
  SHORTENED_NOTICE,
  sections,
} from '../../../../src/channels/slack/blocks/kit';

test('sections split long mrkdwn at line breaks, each within 3,000 characters', () => {
  const text = Array.from({ length: 100 }, (_, line) => `line ${line} ${'x'.repeat(60)}`).join('\n');
  const blocks = sections(text);
  expect(blocks.length).toBeGreaterThan(1);
  for (const block of blocks) {
    expect(block.type).toBe('section');
    expect(block.type === 'section' && (block.text?.text.length ?? 0)).toBeLessThanOrEqual(
      LIMITS.sectionText,
    );
  }
  expect(sections('   ')).toEqual([]);
});

test('button text is cut to 75 characters', () => {
  const made = button('a'.repeat(200), 'answer-0', 'v');
  expect(made.text.text).toHaveLength(LIMITS.buttonText);
  expect(made.style).toBeUndefined();
  expect(button('Go', 'x', 'v', 'primary').style).toBe('primary');
});

test('fitBlocks leaves a message within budget untouched', () => {
  const blocks = [...sections('hello'), ...actions([button('Go', 'x', 'v')])];
  expect(fitBlocks(blocks, { maxBlocks: 50, maxChars: 10_000 })).toBe(blocks);
});

test('fitBlocks drops content from the end, says so, and keeps the buttons', () => {
  const content: Block[] = Array.from({ length: 80 }, (_, index) =>
    sections(`part ${index} ${'y'.repeat(400)}`),
  ).flat();
  const buttons = actions([button('Start over', 'follow_up-2', 'v')]);
  const fitted = fitBlocks([...content, ...buttons], { maxBlocks: 50, maxChars: 10_000 });
  expect(fitted.length).toBeLessThanOrEqual(50);
  expect(blockChars(fitted)).toBeLessThanOrEqual(10_000);
  expect(fitted.at(-1)).toEqual(buttons[0]);
  expect(JSON.stringify(fitted.at(-2))).toContain(SHORTENED_NOTICE);
  expect(fitted[0]).toEqual(content[0]);
});

test('fitBlocks honours the block count alone', () => {
  const content = Array.from({ length: 120 }, (_, index) => sections(`part ${index}`)).flat();
  expect(fitBlocks(content, { maxBlocks: 100, maxChars: 1_000_000 })).toHaveLength(100);
});
