import fc from 'fast-check';
import {
  escapeMrkdwn,
  fromSlackText,
  splitMrkdwn,
  truncate,
  truncateMrkdwn,
} from '../../../src/channels/slack/text';

describe('escapeMrkdwn', () => {
  test('escapes the three control characters, ampersand first', () => {
    expect(escapeMrkdwn('<!channel> & <@U1> > &lt;')).toBe(
      '&lt;!channel&gt; &amp; &lt;@U1&gt; &gt; &amp;lt;',
    );
  });

  test('leaves everything else alone', () => {
    expect(escapeMrkdwn('*bold* _it_ “quotes” →')).toBe('*bold* _it_ “quotes” →');
  });

  test('no escaped text contains a raw angle bracket, whatever the input', () => {
    fc.assert(fc.property(fc.string(), (text) => !/[<>]/.test(escapeMrkdwn(text))));
  });
});

describe('fromSlackText', () => {
  test('drops the bot’s own mention and keeps the words', () => {
    expect(fromSlackText('<@U0BOT> we have 3k examples', 'U0BOT')).toBe('we have 3k examples');
    expect(fromSlackText('<@U0BOT|ftadvisor>   hello', 'U0BOT')).toBe('hello');
  });

  test('special mentions, people, channels, groups and links become plain words', () => {
    expect(fromSlackText('<!channel> <!here|here> <!everyone> hi')).toBe('@channel @here @everyone hi');
    expect(fromSlackText('ask <@U0BOB|bob> or <@U0ANN>')).toBe('ask @bob or @U0ANN');
    expect(fromSlackText('in <#C0ML|ml-team> and <#C0X>')).toBe('in #ml-team and #channel');
    expect(fromSlackText('<!subteam^S0ML|@ml-team> <!subteam^S0X>')).toBe('@ml-team @group');
    expect(fromSlackText('see <https://arxiv.org/abs/2305.11206|the LIMA paper> or <https://x.io>')).toBe(
      'see the LIMA paper or https://x.io',
    );
    expect(fromSlackText('<!date^1392734382^{date_short}|Feb 18, 2014>')).toBe('Feb 18, 2014');
  });

  test('decodes the HTML entities Slack escapes, ampersand last', () => {
    expect(fromSlackText('a &lt;b&gt; &amp; c &amp;lt;')).toBe('a <b> & c &lt;');
  });
});

describe('truncate', () => {
  test('keeps short text and cuts long text with an ellipsis within the limit', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('a'.repeat(100), 75)).toHaveLength(75);
    expect(truncate('a'.repeat(100), 75).endsWith('…')).toBe(true);
  });

  test('never splits a surrogate pair', () => {
    const cut = truncate(`${'a'.repeat(8)}😀😀`, 10);
    expect(cut).toBe(`${'a'.repeat(8)}…`);
  });

  test('truncateMrkdwn never leaves half an entity', () => {
    expect(truncateMrkdwn('abc &amp; def', 7)).toBe('abc …');
    expect(truncateMrkdwn('abcdef&lt;', 9)).toBe('abcdef…');
  });
});

describe('splitMrkdwn', () => {
  test('prefers line breaks', () => {
    expect(splitMrkdwn('aaaa\nbbbb\ncccc', 10)).toEqual(['aaaa\nbbbb', 'cccc']);
  });

  test('every piece fits, none cuts an entity, and together they keep all the text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('word', ' ', '\n', '&amp;', '&lt;', 'x'.repeat(30)), { maxLength: 200 }),
        fc.integer({ min: 20, max: 120 }),
        (parts, max) => {
          const text = parts.join('');
          const pieces = splitMrkdwn(text, max);
          const squash = (value: string) => value.replace(/\s+/g, '');
          return (
            pieces.every(
              (piece) => piece.length <= max && !/&[a-z]*$/.test(piece) && !/^[a-z]*;/.test(piece),
            ) && squash(pieces.join('')) === squash(text)
          );
        },
      ),
    );
  });
});
