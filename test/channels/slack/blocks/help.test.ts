import { buildHelpMessage, buildTopicsMessage } from '../../../../src/channels/slack/blocks/help';
import { COMMAND } from '../../../../src/channels/slack/ids';

test('help lists every subcommand', () => {
  const all = JSON.stringify(buildHelpMessage().blocks);
  for (const subcommand of COMMAND.subcommands) expect(all).toContain(`/finetune ${subcommand}`);
});

test('an unknown subcommand is named, escaped, and followed by help', () => {
  const message = buildHelpMessage({ unknown: '<!here>' });
  const all = JSON.stringify(message.blocks);
  expect(all).toContain("I don't know `/finetune &lt;!here&gt;`");
  expect(all).toContain('How to use');
  expect(all).not.toContain('<!here>');
  expect(message.text).toContain("I don't know that command.");
});

test('a subcommand without its argument gets an example', () => {
  expect(JSON.stringify(buildHelpMessage({ missingArgument: 'explain' }).blocks)).toContain(
    '`/finetune explain` needs something after it, e.g. `/finetune explain LIMA`',
  );
});

test('an unknown topic lists what can be explained', () => {
  const message = buildTopicsMessage('<b>magic</b>', { strategies: ['SFT', 'RAG'], papers: ['LIMA', 'DPO'] });
  const all = JSON.stringify(message.blocks);
  expect(message.text).toBe('I have nothing in my knowledge base on “&lt;b&gt;magic&lt;/b&gt;”.');
  expect(all).toContain('*Strategies I can explain:* SFT, RAG');
  expect(all).toContain('*Papers and guides:* LIMA, DPO');
});
