import { dmKey, parseKey, threadKey } from '../../../src/channels/slack/keys';

test('DM and thread keys round-trip', () => {
  expect(dmKey('T1', 'D0ALICE')).toBe('slack:T1:D0ALICE');
  expect(parseKey(dmKey('T1', 'D0ALICE'))).toEqual({ team: 'T1', channel: 'D0ALICE' });
  expect(threadKey('T1', 'C0GEN', '1700000000.000100')).toBe('slack:T1:C0GEN:1700000000.000100');
  expect(parseKey('slack:T1:C0GEN:1700000000.000100')).toEqual({
    team: 'T1',
    channel: 'C0GEN',
    threadTs: '1700000000.000100',
  });
});

test.each(['', 'cli:alice', 'slack:T1', 'slack:t1:D1', 'slack:T1:D1:notats', 'slack:T1:D1:1.2:extra'])(
  'refuses %p',
  (key) => {
    expect(parseKey(key)).toBeNull();
  },
);
