import {
  type ActionValue,
  decodeAction,
  encodeAction,
  MAX_ACTION_VALUE,
} from '../../../src/channels/slack/action-value';

const values: ActionValue[] = [
  { t: 'answer', k: 'slack:T1:D1', s: 'goal', v: 'knowledge' },
  { t: 'answer', k: 'slack:T1:C1:1.2', s: null, v: 'start over' },
  { t: 'say', k: 'slack:T1:D1', v: 'why not SFT?' },
  { t: 'share-rec', o: 'U1', r: '3f1c' },
  { t: 'share-answer', k: 'slack:T1:D1', x: 'explain', q: 'LIMA' },
];

test.each(values)('round-trips %j', (value) => {
  const encoded = encodeAction(value);
  expect(encoded).not.toBeNull();
  expect(decodeAction(encoded ?? undefined)).toEqual(value);
});

test('a value over Slack’s limit is not encoded', () => {
  expect(encodeAction({ t: 'say', k: 'k', v: 'x'.repeat(MAX_ACTION_VALUE) })).toBeNull();
});

test.each([
  undefined,
  '',
  'not json',
  '42',
  'null',
  '{"t":"answer","k":"k","v":"x"}',
  '{"t":"answer","k":"k","s":3,"v":"x"}',
  '{"t":"say","k":1,"v":"x"}',
  '{"t":"share-answer","k":"k","x":"delete","q":"x"}',
  '{"t":"unknown"}',
])('refuses %p', (raw) => {
  expect(decodeAction(raw)).toBeNull();
});
