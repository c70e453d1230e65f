import { parseSubcommand } from '../../../../src/channels/slack/listeners/commands';

test.each([
  ['', { name: 'help', argument: '' }],
  ['   ', { name: 'help', argument: '' }],
  ['start', { name: 'start', argument: '' }],
  ['RESTART', { name: 'restart', argument: '' }],
  ['status please', { name: 'status', argument: 'please' }],
  ['ask   how much data does DPO need? ', { name: 'ask', argument: 'how much data does DPO need?' }],
  ['explain\tLIMA', { name: 'explain', argument: 'LIMA' }],
  ['frobnicate now', { name: 'unknown', word: 'frobnicate' }],
  ['asking questions', { name: 'unknown', word: 'asking' }],
])('%p', (text, expected) => {
  expect(parseSubcommand(text)).toEqual(expected);
});
