import { conversationKey, isBrowserId, parseClientMessage } from '../../../src/channels/web/protocol';

describe('isBrowserId', () => {
  test.each([
    ['0123456789abcdef0123456789abcdef', true],
    ['0123456789ABCDEF0123456789ABCDEF', false],
    ['0123456789abcdef', false],
    ['0123456789abcdef0123456789abcdef0', false],
    ['../../../../etc/passwd0123456789ab', false],
    ['', false],
    [42, false],
    [undefined, false],
    [{ toString: () => '0123456789abcdef0123456789abcdef' }, false],
  ])('%p -> %p', (value, expected) => {
    expect(isBrowserId(value)).toBe(expected);
  });

  test('the conversation key is namespaced by channel', () => {
    expect(conversationKey('0123456789abcdef0123456789abcdef')).toBe('web:0123456789abcdef0123456789abcdef');
  });
});

describe('parseClientMessage', () => {
  test('hello and welcome_back both (re)connect', () => {
    expect(parseClientMessage({ type: 'hello' })).toEqual({ ok: true, event: { kind: 'connect' } });
    expect(parseClientMessage({ type: 'welcome_back' })).toEqual({ ok: true, event: { kind: 'connect' } });
  });

  test('typed text, kept exactly as typed (markup and odd characters included)', () => {
    const text = '  <script>alert(1)</script>\u202e\u0000 😀 ';
    expect(parseClientMessage({ type: 'message', text })).toEqual({
      ok: true,
      event: { kind: 'text', text },
    });
    expect(parseClientMessage({ type: 'message', text: '', choice: null })).toEqual({
      ok: true,
      event: { kind: 'text', text: '' },
    });
  });

  test('a button answers a slot, or carries its value as words when the slot is null', () => {
    expect(
      parseClientMessage({ type: 'message', text: 'Both', choice: { slot: 'goal', value: 'both' } }),
    ).toEqual({ ok: true, event: { kind: 'choice', slot: 'goal', value: 'both', label: 'Both' } });
    expect(
      parseClientMessage({
        type: 'message',
        text: 'Start over',
        choice: { slot: null, value: 'start over' },
      }),
    ).toEqual({ ok: true, event: { kind: 'choice', slot: null, value: 'start over', label: 'Start over' } });
    expect(
      parseClientMessage({ type: 'message', text: '', choice: { slot: null, value: 'resume' } }),
    ).toEqual({
      ok: true,
      event: { kind: 'choice', slot: null, value: 'resume', label: 'resume' },
    });
  });

  test.each([
    [{ type: 'typing' }, 'unknown message type "typing"'],
    [{}, 'unknown message type undefined'],
    [{ type: 'message' }, '"text" must be a string'],
    [{ type: 'message', text: 42 }, '"text" must be a string'],
    [{ type: 'message', text: 'x', choice: 'goal' }, '"choice" must be an object'],
    [{ type: 'message', text: 'x', choice: ['goal', 'x'] }, '"choice" must be an object'],
    [{ type: 'message', text: 'x', choice: { slot: 'goal' } }, '"choice.value" must be a string'],
    [{ type: 'message', text: 'x', choice: { slot: 'goal', value: '' } }, '"choice.value" must be a string'],
    [{ type: 'message', text: 'x', choice: { slot: 'goal', value: 'v'.repeat(201) } }, '"choice.value"'],
    [
      { type: 'message', text: 'x', choice: { slot: 7, value: 'v' } },
      '"choice.slot" must be a slot name or null',
    ],
    [{ type: 'message', text: 'x', choice: { value: 'v' } }, '"choice.slot" must be a slot name or null'],
  ])('rejects %j', (message, problem) => {
    const parsed = parseClientMessage(message as Record<string, unknown>);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});
