import { decodeAction } from '../../../src/channels/slack/action-value';
import { dmKey, threadKey } from '../../../src/channels/slack/keys';
import { awaiting, DmDriver, findButton, isPostTo, only, problemsSince, shown, two } from './support/driver';
import { type Call, FakeSlack, type Wire } from './support/fake-slack';
import { ephemeral, HttpHarness, posted, send } from './support/harness';
import {
  BOT_ID,
  BOT_USER,
  buttonClick,
  buttonsOf,
  CHANNEL,
  directMessage,
  dmOf,
  eventCallback,
  homeClick,
  homeOpened,
  mention,
  nextTs,
  shareSubmission,
  slashCommand,
  TEAM,
} from './support/payloads';

let fake: FakeSlack;
let app: HttpHarness;
let checked = 0;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  app = await new HttpHarness(fake).start();
});

afterEach(() => {
  // Every message the app sent during the test keeps within Slack's limits and pings nobody.
  expect(problemsSince(fake, checked)).toEqual([]);
  checked = fake.calls.length;
});

afterAll(async () => {
  await app.stop();
  await fake.close();
});

const ONE_SHOT =
  'Should we fine-tune or use RAG? Our support bot must answer from our product docs, which change every week, and it must keep our strict brand voice. We have 3k example replies.';

function actionsBlocks(call: Call): Wire[] {
  return (call.args.blocks ?? []).filter((block: Wire) => block.type === 'actions');
}

function headerOf(call: Call): string | undefined {
  return (call.args.blocks ?? []).find((block: Wire) => block.type === 'header')?.text.text;
}

describe('direct messages', () => {
  test('a conversation in free text ends in a recommendation with reasons, sources and buttons', async () => {
    const dm = new DmDriver(app, fake, 'U0TEXT');
    const question = await dm.say(ONE_SHOT);
    expect(awaiting(question.args)).not.toBeNull();
    expect(buttonsOf(question.args).length).toBeGreaterThan(0);

    await dm.say('no other data');
    await dm.say('just one task');
    const advice = await dm.say('a hosted api');
    expect(headerOf(advice)).toBe('Recommendation: Retrieval-augmented generation (RAG), then SFT');
    const text = shown(advice.args);
    // Reasons tied to the user's own words, guidance, what would change it.
    expect(text).toContain('which change every week');
    expect(text).toContain('*Data guidance*');
    expect(text).toContain('*What would change this*');
    // Citations: paper, year and an arXiv link.
    expect(text).toContain(
      '• *Ovadia et al.* (2023). _Fine-Tuning or Retrieval? Comparing Knowledge Injection in LLMs_.',
    );
    expect(text).toContain('<https://arxiv.org/abs/2312.05934|arXiv:2312.05934>');
    const labels = buttonsOf(advice.args).map((button) => button.text.text);
    expect(labels).toEqual([
      'Why not SFT?',
      'Compare RAG and SFT',
      'Start over',
      'Share to channel',
      'Plan as Markdown',
    ]);
    expect(advice.args.unfurl_links).toBe('false');
    expect(advice.args.text).toContain('Recommendation: Retrieval-augmented generation (RAG)');
  });

  test('"Why not …?" and "Compare" under a recommendation answer in the conversation', async () => {
    const dm = new DmDriver(app, fake, 'U0FOLLOW');
    await dm.say(ONE_SHOT);
    await dm.say('no other data');
    await dm.say('just one task');
    const advice = await dm.say('a hosted api');
    const whyNot = await dm.click(posted(advice), findButton(advice.args, { label: 'Why not SFT?' }));
    expect(shown(whyNot.args)).toContain('Supervised fine-tuning (SFT) ranks 2nd for you');
    const compare = await dm.click(posted(advice), findButton(advice.args, { label: 'Compare' }));
    expect(shown(compare.args)).toMatch(
      /\*Retrieval-augmented generation \(RAG\)\*[\s\S]*\*Supervised fine-tuning \(SFT\)\*/,
    );
    // Follow-ups leave the recommendation's buttons in place: it can be asked about again.
    expect(
      fake.calls.filter((call) => call.method === 'chat.update' && call.args.ts === advice.args.ts),
    ).toEqual([]);
  });

  test('a conversation by buttons updates each question to show the answer, with no buttons left', async () => {
    const dm = new DmDriver(app, fake, 'U0BUTTON');
    const goal = await dm.say('hello');
    expect(actionsBlocks(goal)).toHaveLength(1);

    const dataKind = await dm.choose(goal, 'alignment');
    const update = await fake.waitFor(
      'the answered question',
      (call) => call.method === 'chat.update' && call.args.ts === goal.args.ts,
    );
    expect(update.args.channel).toBe(dm.channel);
    expect(actionsBlocks(update)).toEqual([]);
    expect(shown(update.args)).toContain('<@U0BUTTON> chose *Alignment: style, tone, format, behaviour*');
    // The question itself stays, as it was.
    expect(update.args.blocks[0]).toEqual(goal.args.blocks[0]);
    expect(awaiting(update.args)).toBeNull();
    expect(update.args.text).toBe('Goal: Alignment: style, tone, format, behaviour');

    const dataSize = await dm.choose(dataKind, 'demonstrations');
    expect(awaiting(dataSize.args)).toBe('dataSize');
    const extra = await dm.choose(dataSize, '300');
    const style = await dm.choose(extra, 'none');
    const scope = await dm.choose(style, 'high');
    const platform = await dm.choose(scope, 'single');
    const advice = await dm.choose(platform, 'hosted-api');
    expect(headerOf(advice)).toBe('Recommendation: Supervised fine-tuning (SFT)');
    expect(shown(advice.args)).toContain('<https://arxiv.org/abs/2305.11206|arXiv:2305.11206>');
    const session = await app.conversations.peek(dmKey(TEAM, dm.channel));
    expect(session?.phase).toBe('advised');
    expect(session?.answers.dataSize?.value).toBe(300);
  });

  test('a question is answered once: a second click on the same message is ignored', async () => {
    const dm = new DmDriver(app, fake, 'U0DOUBLE');
    const goal = await dm.say('hello');
    await dm.choose(goal, 'knowledge');
    // The same button again (a double click, or a second person): acknowledged, not applied.
    await dm.clickAll(posted(goal), findButton(goal.args, { v: 'alignment' }), 0);
    await dm.sayAll('where are we', 2);
    const session = await app.conversations.peek(dmKey(TEAM, dm.channel));
    expect(session?.answers.goal?.value).toBe('knowledge');
    // hello, the first click, "where are we": the second click made no turn.
    expect(session?.turns).toBe(3);
  });

  test('a choice offered with nothing awaited is sent as text ("Start over")', async () => {
    const dm = new DmDriver(app, fake, 'U0RESTART');
    await dm.say(ONE_SHOT);
    await dm.say('no other data');
    await dm.say('just one task');
    const advice = await dm.say('a hosted api');
    const restarted = await dm.click(posted(advice), findButton(advice.args, { label: 'Start over' }));
    expect(shown(restarted.args)).toContain('Starting over.');
    const session = await app.conversations.peek(dmKey(TEAM, dm.channel));
    expect(session?.answers).toEqual({});
  });

  test("the bot's own messages, edits, other subtypes and other bots are ignored", async () => {
    const dm = new DmDriver(app, fake, 'U0QUIET');
    const ignored = [
      directMessage('I am the bot', { user: 'U0QUIET', extra: { bot_id: BOT_ID, user: BOT_USER } }),
      directMessage('another bot', { user: 'U0QUIET', extra: { bot_id: 'B0OTHER' } }),
      { ...directMessage('edited', { user: 'U0QUIET' }), subtype: 'message_changed' },
      { ...directMessage('', { user: 'U0QUIET' }), subtype: 'channel_join' },
      { ...directMessage('a file', { user: 'U0QUIET' }), subtype: 'file_share' },
      { ...directMessage('from the bot user', { user: 'U0QUIET' }), user: BOT_USER },
    ];
    for (const event of ignored) expect((await app.postEvent(eventCallback(event))).status).toBe(200);
    // A person's message after them: its reply is the only one in the DM.
    const reply = await dm.say('hello');
    expect(awaiting(reply.args)).toBe('goal');
    expect(dm.posts()).toHaveLength(1);
    expect((await app.conversations.peek(dmKey(TEAM, dm.channel)))?.turns).toBe(1);
  });
});

describe('mentions in channels', () => {
  test('a mention is answered in a thread under it, and each thread is its own conversation', async () => {
    const first = mention('hello', { user: 'U0ANN' });
    const second = mention('we need it to know our internal policies', { user: 'U0BEN' });
    await app.postEvent(eventCallback(first));
    await app.postEvent(eventCallback(second));
    const annQuestion = only(await fake.waitForCount('reply to Ann', isPostTo(CHANNEL, first.ts), 1));
    const benQuestion = only(await fake.waitForCount('reply to Ben', isPostTo(CHANNEL, second.ts), 1));
    expect(awaiting(annQuestion.args)).toBe('goal');
    expect(shown(annQuestion.args)).toContain(`mentioning <@${BOT_USER}>`);
    expect(awaiting(benQuestion.args)).toBe('dataKind');

    // Ann answers in her thread by mentioning the bot again.
    await app.postEvent(eventCallback(mention('style and tone', { user: 'U0ANN', threadTs: first.ts })));
    const [, annNext] = two(await fake.waitForCount('Ann thread', isPostTo(CHANNEL, first.ts), 2));
    expect(awaiting(annNext.args)).toBe('dataKind');

    // A button in Ben's thread answers Ben's conversation, in Ben's thread.
    await app.postInteraction(
      buttonClick(posted(benQuestion), findButton(benQuestion.args, { v: 'raw-text' }), {
        user: 'U0BEN',
        responseUrl: app.responseUrl(),
      }),
    );
    const [, benNext] = two(await fake.waitForCount('Ben thread', isPostTo(CHANNEL, second.ts), 2));
    expect(awaiting(benNext.args)).toBe('dataSize');
    expect(shown(benNext.args)).toContain(`mentioning <@${BOT_USER}>`);

    const ann = await app.conversations.peek(threadKey(TEAM, CHANNEL, first.ts));
    const ben = await app.conversations.peek(threadKey(TEAM, CHANNEL, second.ts));
    expect(ann?.answers.goal?.value).toBe('alignment');
    expect(ben?.answers.goal?.value).toBe('knowledge');
    expect(ben?.answers.dataKind?.value).toBe('raw-text');
  });

  test('a bare mention starts the conversation', async () => {
    const event = { ...mention('', { user: 'U0BARE' }), text: `<@${BOT_USER}>` };
    await app.postEvent(eventCallback(event));
    const reply = only(await fake.waitForCount('reply', isPostTo(CHANNEL, event.ts), 1));
    expect(shown(reply.args)).toContain('Hi! I help you decide');
  });
});

describe('/finetune', () => {
  async function command(text: string, user = 'U0CMD', replies = 1): Promise<Call[]> {
    const url = app.responseUrl();
    const id = url.split('/').pop();
    const response = await app.postCommand(slashCommand(text, url, { user }));
    expect(response.status).toBe(200);
    expect(response.body).toBe('');
    return fake.waitForCount(`response to /finetune ${text}`, (call) => call.responseId === id, replies);
  }

  test('help, no text and an unknown subcommand all get help', async () => {
    for (const text of ['help', '', 'frobnicate now']) {
      const reply = only(await command(text));
      expect(reply.args.response_type).toBe('ephemeral');
      expect(shown(reply.args)).toContain('*How to use `/finetune`*');
      if (text === 'frobnicate now')
        expect(shown(reply.args)).toContain("I don't know `/finetune frobnicate`");
    }
  });

  test('start asks the first question ephemerally; its buttons work through the response_url', async () => {
    const question = only(await command('start', 'U0SLASH'));
    expect(question.args.response_type).toBe('ephemeral');
    expect(question.args.replace_original).toBe(false);
    expect(fake.callsTo('conversations.open').some((call) => call.args.users === 'U0SLASH')).toBe(true);
    // The command continues the user's DM conversation.
    expect(decodeAction(buttonsOf(question.args)[0].value)).toMatchObject({
      k: dmKey(TEAM, dmOf('U0SLASH')),
    });

    const message = ephemeral(question, CHANNEL);
    const url = app.responseUrl();
    const id = url.split('/').pop();
    await app.postInteraction(
      buttonClick(message, findButton(message, { v: 'knowledge' }), { user: 'U0SLASH', responseUrl: url }),
    );
    const [replaced, next] = two(
      await fake.waitForCount('replace and next question', (call) => call.responseId === id, 2),
    );
    expect(replaced.args.replace_original).toBe(true);
    expect(shown(replaced.args)).toContain('<@U0SLASH> chose *Knowledge: it must know new or private facts*');
    expect(buttonsOf(replaced.args)).toEqual([]);
    expect(next.args.response_type).toBe('ephemeral');
    expect(awaiting(next.args)).toBe('dataKind');
  });

  test('status shows the answers so far, from the DM conversation too', async () => {
    const dm = new DmDriver(app, fake, 'U0STATUS');
    await dm.say('we need it to know our internal policies');
    const [summary, question] = two(await command('status', 'U0STATUS', 2));
    expect(shown(summary.args)).toContain('So far you told me:');
    expect(shown(summary.args)).toContain('knowledge injection');
    expect(awaiting(question.args)).toBe('dataKind');
  });

  test('restart starts over', async () => {
    const dm = new DmDriver(app, fake, 'U0AGAIN');
    await dm.say('we need it to know our internal policies');
    const reply = only(await command('restart', 'U0AGAIN'));
    expect(shown(reply.args)).toContain('Starting over.');
    expect((await app.conversations.peek(dmKey(TEAM, dmOf('U0AGAIN'))))?.answers).toEqual({});
  });

  test('start after a recommendation shows it again, with its buttons', async () => {
    const dm = new DmDriver(app, fake, 'U0AGAIN2');
    await dm.say(ONE_SHOT);
    await dm.say('no other data');
    await dm.say('just one task');
    await dm.say('a hosted api');
    const again = only(await command('start', 'U0AGAIN2'));
    expect(shown(again.args)).toContain('Here is your latest recommendation.');
    expect(buttonsOf(again.args).map((button) => button.text.text)).toContain('Share to channel');
  });

  test('ask gives a one-off grounded answer that leaves the conversation unchanged, and can be shared', async () => {
    const dm = new DmDriver(app, fake, 'U0ASK');
    await dm.say('hello');
    const before = await app.conversations.peek(dmKey(TEAM, dm.channel));
    const answer = only(await command('ask how much data does DPO need?', 'U0ASK'));
    expect(answer.args.response_type).toBe('ephemeral');
    expect(shown(answer.args)).toContain('*Sources*');
    expect(awaiting(answer.args)).toBeNull();
    expect(await app.conversations.peek(dmKey(TEAM, dm.channel))).toEqual(before);

    const share = findButton(answer.args, { label: 'Share to channel' });
    const url = app.responseUrl();
    const id = url.split('/').pop();
    await app.postInteraction(
      buttonClick(ephemeral(answer, CHANNEL), share, { user: 'U0ASK', responseUrl: url }),
    );
    const shared = only(await fake.waitForCount('shared answer', (call) => call.responseId === id, 1));
    expect(shared.args.response_type).toBe('in_channel');
    expect(shown(shared.args)).toContain('<@U0ASK> shared: `/finetune ask how much data does DPO need?`');
    expect(buttonsOf(shared.args)).toEqual([]);
  });

  test('explain a paper cites it; an unknown topic lists what can be explained', async () => {
    const lima = only(await command('explain LIMA'));
    expect(shown(lima.args)).toContain('LIMA (2023)');
    expect(shown(lima.args)).toContain('<https://arxiv.org/abs/2305.11206|arXiv:2305.11206>');
    const strategy = only(await command('explain DPO'));
    expect(shown(strategy.args)).toContain('Direct preference optimisation (DPO)');
    const unknown = only(await command('explain frobnication'));
    expect(shown(unknown.args)).toContain('I have nothing in my knowledge base on “frobnication”.');
    expect(shown(unknown.args)).toContain('*Strategies I can explain:*');
  });

  test('ask and explain without a topic say what they need', async () => {
    const ask = only(await command('ask'));
    expect(shown(ask.args)).toContain('`/finetune ask` needs something after it');
    const explain = only(await command('EXPLAIN   '));
    expect(shown(explain.args)).toContain('`/finetune explain` needs something after it');
  });
});

describe('the plan as a Markdown file', () => {
  async function command(text: string, user: string): Promise<Call[]> {
    const url = app.responseUrl();
    const id = url.split('/').pop();
    await app.postCommand(slashCommand(text, url, { user }));
    return fake.waitForCount(`response to /finetune ${text}`, (call) => call.responseId === id, 1);
  }

  /** The file uploaded to `channel`: what files.completeUploadExternal named, with the bytes sent. */
  async function fileIn(channel: string): Promise<{ content: string; comment: string; filename: string }> {
    const done = await fake.waitFor(
      'files.completeUploadExternal',
      (call) => call.method === 'files.completeUploadExternal' && call.args.channel_id === channel,
    );
    const [file] = done.args.files as Wire[];
    const bytes = await fake.waitFor(
      'the upload',
      (call) => call.method === 'file_upload' && call.args.file_id === file.id,
    );
    const asked = fake.calls.find(
      (call) => call.method === 'files.getUploadURLExternal' && call.args.file_id === file.id,
    );
    return {
      content: bytes.args.content,
      comment: String(done.args.initial_comment),
      filename: String(asked?.args.filename),
    };
  }

  test('"Plan as Markdown" under a recommendation in a DM posts the plan there as a file', async () => {
    const dm = new DmDriver(app, fake, 'U0PLAN');
    await dm.say(ONE_SHOT);
    await dm.say('no other data');
    await dm.say('just one task');
    const advice = await dm.say('a hosted api');
    await dm.clickAll(posted(advice), findButton(advice.args, { label: 'Plan as Markdown' }), 0);
    const file = await fileIn(dm.channel);
    expect(file.filename).toBe('ftadvisor-plan.md');
    // The bytes arrive as a multipart form; the file is inside it.
    expect(file.content).toContain('# Fine-tuning plan: RAG, then SFT');
    expect(file.content).toContain('## The biggest risk');
    expect(file.content).toContain('arXiv 2312.05934');
    expect(file.comment).toContain('Your fine-tuning plan as Markdown');
  });

  test('/finetune plan sends the DM conversation’s plan to the DM and says so privately', async () => {
    const none = only(await command('plan', 'U0PLAN2'));
    expect(none.args.response_type).toBe('ephemeral');
    expect(shown(none.args)).toContain('There is no plan yet');

    const dm = new DmDriver(app, fake, 'U0PLAN2');
    let question = await dm.say('hello');
    for (const choice of [
      'alignment',
      'demonstrations',
      '300',
      'none',
      'high',
      'single',
      'own-gpus',
      'consumer',
    ])
      question = await dm.choose(question, choice);
    const reply = only(await command('plan', 'U0PLAN2'));
    expect(reply.args.response_type).toBe('ephemeral');
    expect(shown(reply.args)).toContain('I sent your plan to our direct messages');
    const file = await fileIn(dm.channel);
    expect(file.content).toContain('# Fine-tuning plan: SFT');
    // On one consumer GPU: the memory estimates for that case.
    expect(file.content).toContain('On one GPU of up to 24 GB');
  });

  test('from a /finetune reply the file goes to the DM, and an ephemeral line says where', async () => {
    const dm = new DmDriver(app, fake, 'U0PLAN3');
    await dm.say(ONE_SHOT);
    await dm.say('no other data');
    await dm.say('just one task');
    await dm.say('a hosted api');
    const again = only(await command('start', 'U0PLAN3'));
    const url = app.responseUrl();
    const id = url.split('/').pop();
    await app.postInteraction(
      buttonClick(ephemeral(again, CHANNEL), findButton(again.args, { label: 'Plan as Markdown' }), {
        user: 'U0PLAN3',
        responseUrl: url,
      }),
    );
    await fileIn(dmOf('U0PLAN3'));
    const notice = only(await fake.waitForCount('where the plan went', (call) => call.responseId === id, 1));
    expect(notice.args.response_type).toBe('ephemeral');
    expect(shown(notice.args)).toContain('I sent the plan to our direct messages');
  });
});

describe('sharing a recommendation', () => {
  test('from a thread it is posted in the channel, without buttons', async () => {
    const root = mention(ONE_SHOT, { user: 'U0SHARE' });
    await app.postEvent(eventCallback(root));
    await fake.waitForCount('question', isPostTo(CHANNEL, root.ts), 1);
    // The second kind of data, the number of tasks and where they would train, each in the thread.
    for (const [count, text] of [
      [2, 'no other data'],
      [3, 'just one task'],
    ] as const) {
      await app.postEvent(eventCallback(mention(text, { user: 'U0SHARE', threadTs: root.ts })));
      await fake.waitForCount('question', isPostTo(CHANNEL, root.ts), count);
    }
    await app.postEvent(eventCallback(mention('a hosted api', { user: 'U0SHARE', threadTs: root.ts })));
    const advice = (await fake.waitForCount('advice', isPostTo(CHANNEL, root.ts), 4))[3] as Call;
    await app.postInteraction(
      buttonClick(posted(advice), findButton(advice.args, { label: 'Share to channel' }), {
        user: 'U0SHARE',
        responseUrl: app.responseUrl(),
      }),
    );
    const shared = await fake.waitFor(
      'shared copy',
      (call) =>
        call.method === 'chat.postMessage' &&
        call.args.channel === CHANNEL &&
        call.args.thread_ts === undefined,
    );
    expect(shown(shared.args)).toContain('<@U0SHARE> shared their fine-tuning recommendation');
    expect(headerOf(shared)).toBe('Recommendation: Retrieval-augmented generation (RAG), then SFT');
    expect(buttonsOf(shared.args)).toEqual([]);
  });

  test('from a DM a modal asks where; the picked channel gets it', async () => {
    const dm = new DmDriver(app, fake, 'U0MODAL');
    await dm.say(ONE_SHOT);
    await dm.say('no other data');
    await dm.say('just one task');
    const advice = await dm.say('a hosted api');
    await dm.clickAll(posted(advice), findButton(advice.args, { label: 'Share to channel' }), 0);
    const opened = await fake.waitFor('views.open', (call) => call.method === 'views.open');
    expect(opened.args.view.callback_id).toBe('share_modal');

    const empty = await app.postInteraction(shareSubmission(opened.args.view, null, 'U0MODAL'));
    expect(JSON.parse(empty.body)).toEqual({
      response_action: 'errors',
      errors: { share_channel_block: 'Pick a channel to post in.' },
    });

    const done = await app.postInteraction(shareSubmission(opened.args.view, 'C0TEAMML', 'U0MODAL'));
    expect(done.status).toBe(200);
    const shared = await fake.waitFor('shared copy', isPostTo('C0TEAMML'));
    expect(headerOf(shared)).toBe('Recommendation: Retrieval-augmented generation (RAG), then SFT');
  });

  test('a channel the bot cannot post in: the user is told in their DM', async () => {
    const dm = new DmDriver(app, fake, 'U0PRIVATE');
    await dm.say(ONE_SHOT);
    await dm.say('no other data');
    await dm.say('just one task');
    const advice = await dm.say('a hosted api');
    await dm.clickAll(posted(advice), findButton(advice.args, { label: 'Share to channel' }), 0);
    const opened = await fake.waitFor(
      'views.open',
      (call) => call.method === 'views.open' && JSON.parse(call.args.view.private_metadata).o === 'U0PRIVATE',
    );
    // The post fails, and so does its plain-text retry.
    fake.fail('chat.postMessage', { kind: 'error', error: 'not_in_channel' }, 2);
    await app.postInteraction(shareSubmission(opened.args.view, 'G0SECRET', 'U0PRIVATE'));
    const notice = only((await fake.waitForCount('notice', isPostTo(dm.channel), 5)).slice(4));
    expect(shown(notice.args)).toContain('I could not post the recommendation in <#G0SECRET>');
    expect(app.log.entries).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'slack call failed',
        context: expect.objectContaining({
          method: 'chat.postMessage',
          channel: 'G0SECRET',
          slackError: 'not_in_channel',
        }),
      }),
    );
  });
});

describe('App Home', () => {
  test('shows the latest recommendation and earlier ones, and starts a new conversation', async () => {
    const dm = new DmDriver(app, fake, 'U0HOME');
    // Two recommendations: RAG + SFT in words, then, after starting over, SFT by buttons.
    await dm.say(ONE_SHOT);
    await dm.say('no other data');
    await dm.say('just one task');
    await dm.say('a hosted api');
    let question = await dm.say('start over');
    for (const choice of ['alignment', 'demonstrations', '300', 'none', 'high', 'single', 'hosted-api']) {
      question = await dm.choose(question, choice);
    }
    await app.postEvent(eventCallback(homeOpened('U0HOME')));
    const published = await fake.waitFor(
      'views.publish',
      (call) => call.method === 'views.publish' && call.args.user_id === 'U0HOME',
    );
    const view = published.args.view;
    expect(view.type).toBe('home');
    const text = shown(view);
    expect(text).toContain('*Your latest recommendation*');
    const headers = view.blocks
      .filter((block: Wire) => block.type === 'header')
      .map((block: Wire) => block.text.text);
    expect(headers).toEqual([
      'Fine-tuning advisor',
      'Recommendation: Supervised fine-tuning (SFT)',
      'Earlier recommendations',
    ]);
    expect(text).toContain('in a direct message');
    expect(text).toContain('<https://arxiv.org/abs/2305.11206|arXiv:2305.11206>');
    // The first recommendation, dated in the reader's time zone.
    expect(text).toMatch(
      /• <!date\^\d+\^\{date_short_pretty\} at \{time\}\|[\d-]+ [\d:]+ UTC>: \*Retrieval-augmented generation \(RAG\)\* \+ SFT \(confidence high\), in a direct message/,
    );

    const start = buttonsOf(view).find((button) => button.action_id === 'home_start');
    const before = dm.posts().length;
    await app.postInteraction(homeClick(start, 'U0HOME'));
    const fresh = only(
      (await fake.waitForCount('new conversation', isPostTo(dm.channel), before + 1)).slice(before),
    );
    expect(shown(fresh.args)).toContain('Starting over.');
    const republished = await fake.waitForCount(
      'views.publish',
      (call) => call.method === 'views.publish' && call.args.user_id === 'U0HOME',
      2,
    );
    expect(shown(two(republished)[1].args.view)).toContain('I started a new conversation');
  });

  test('a user with no history is invited to start', async () => {
    await app.postEvent(eventCallback(homeOpened('U0NEWBIE')));
    const published = await fake.waitFor(
      'views.publish',
      (call) => call.method === 'views.publish' && call.args.user_id === 'U0NEWBIE',
    );
    expect(shown(published.args.view)).toContain('No recommendation yet.');
  });
});

describe('safety', () => {
  test('a retried event (same event_id, X-Slack-Retry-Num) is processed once', async () => {
    const dm = new DmDriver(app, fake, 'U0RETRY');
    const body = eventCallback(directMessage('hello', { user: 'U0RETRY' }));
    expect((await app.postEvent(body)).status).toBe(200);
    await fake.waitForCount('first reply', isPostTo(dm.channel), 1);
    expect((await app.postEvent(body, { retryNum: 1 })).status).toBe(200);
    expect((await app.postEvent(body, { retryNum: 2 })).status).toBe(200);
    // Turns of one conversation run in order, so once this reply is posted the retries are done with.
    await dm.sayAll('where are we', 2);
    expect(dm.posts()).toHaveLength(3);
    expect((await app.conversations.peek(dmKey(TEAM, dm.channel)))?.turns).toBe(2);
    expect(app.log.entries).toContainEqual(
      expect.objectContaining({
        message: 'repeated event ignored',
        context: expect.objectContaining({ retryNum: 1 }),
      }),
    );
  });

  test('forged, stale and future-dated signatures are refused and nothing happens', async () => {
    const now = Math.floor(Date.now() / 1000);
    const event = () => eventCallback(directMessage('hello', { user: 'U0FORGED' }));
    expect((await app.postEvent(event(), { secret: 'not-the-secret' })).status).toBe(401);
    expect((await app.postEvent(event(), { timestamp: now - 6 * 60 })).status).toBe(401);
    expect((await app.postEvent(event(), { timestamp: now + 6 * 60 })).status).toBe(401);
    const unsigned = await send(app.port, {
      body: JSON.stringify(event()),
      headers: { 'content-type': 'application/json' },
    });
    expect(unsigned.status).toBe(401);
    // Within the five-minute window either way, a correct signature is accepted.
    expect((await app.postEvent(event(), { timestamp: now + 60 })).status).toBe(200);
    await fake.waitForCount('reply', isPostTo(dmOf('U0FORGED')), 1);
    expect(fake.calls.filter(isPostTo(dmOf('U0FORGED')))).toHaveLength(1);
    expect(app.log.entries).toContainEqual(
      expect.objectContaining({ message: 'rejected a Slack request timestamped in the future' }),
    );
  });

  test('<!channel> and friends in user text never reach a message of ours', async () => {
    const dm = new DmDriver(app, fake, 'U0PING');
    const first = await dm.say(
      '<!channel> <!here|here> <!subteam^S0ML|@ml-team> <@U0BOB> our support bot must answer from our product docs, which change every week &amp; &lt;b&gt;, and it must keep our strict brand voice. We have 3k example replies.',
    );
    await dm.say('no other data');
    await dm.say('just one task');
    const advice = await dm.say('a hosted api');
    const text = shown(advice.args) + shown(first.args);
    // The user's words come back as plain, escaped text (checked for every message in afterEach).
    expect(text).toContain('which change every week &amp;');
  });

  test('a 40,000-character message is read in part and answered within limits', async () => {
    const dm = new DmDriver(app, fake, 'U0LONG');
    const long = `We need it to know our internal policies. ${'lorem ipsum dolor '.repeat(2300)}`.slice(
      0,
      40_000,
    );
    expect(long).toHaveLength(40_000);
    const reply = await dm.say(long);
    expect(shown(reply.args)).toContain('That was a long message, so I read its first 4,000 characters.');
  });

  test('malformed bodies get 400 and the app keeps serving', async () => {
    expect((await app.postRaw('{"type":"event_callback",', 'application/json')).status).toBe(400);
    expect((await app.postRaw('payload=%7Bnot-json', 'application/x-www-form-urlencoded')).status).toBe(400);
    const dm = new DmDriver(app, fake, 'U0AFTER');
    const reply = await dm.say('hello');
    expect(awaiting(reply.args)).toBe('goal');
  });

  test('GET /healthz answers 200 once ready; other paths 404', async () => {
    const health = await send(app.port, { method: 'GET', path: '/healthz' });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
    expect((await send(app.port, { method: 'GET', path: '/nope' })).status).toBe(404);
  });

  test('a button from another workspace is refused', async () => {
    const forged = {
      channel: dmOf('U0OTHER'),
      ts: nextTs(),
      text: 'q',
      blocks: [
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'answer-0',
              text: { type: 'plain_text', text: 'Both' },
              value: JSON.stringify({ t: 'answer', k: 'slack:T0ELSEWHERE:D0X', s: 'goal', v: 'both' }),
            },
          ],
        },
      ],
    };
    const url = app.responseUrl();
    const id = url.split('/').pop();
    await app.postInteraction(
      buttonClick(forged, forged.blocks[0]?.elements[0], { user: 'U0OTHER', responseUrl: url }),
    );
    const notice = only(await fake.waitForCount('notice', (call) => call.responseId === id, 1));
    expect(shown(notice.args)).toContain('That button is from an older message');
    expect(await app.conversations.peek('slack:T0ELSEWHERE:D0X')).toBeNull();
  });
});

describe('Web API failures', () => {
  test('a rate-limited post waits as told and is delivered', async () => {
    const dm = new DmDriver(app, fake, 'U0LIMIT');
    fake.fail('chat.postMessage', { kind: 'rate-limited', retryAfterSeconds: 0 });
    const [limited, delivered] = two(await dm.sayAll('hello', 2));
    expect(limited.args.text).toBe(delivered.args.text);
    expect(delivered.args.blocks).toEqual(limited.args.blocks);
    expect(
      app.log.entries.filter((entry) => entry.context.channel === dm.channel && entry.level === 'error'),
    ).toEqual([]);
  });

  test('content Slack refuses is sent again as plain text', async () => {
    const dm = new DmDriver(app, fake, 'U0BLOCKS');
    fake.fail('chat.postMessage', { kind: 'error', error: 'invalid_blocks' });
    const [refused, retry] = two(await dm.sayAll('hello', 2));
    expect(awaiting(refused.args)).toBe('goal');
    expect(retry.args.blocks).toBeUndefined();
    expect(retry.args.text).toBe(refused.args.text);
  });

  test('when posting fails for good it is logged, nothing crashes, and the answer is kept', async () => {
    const dm = new DmDriver(app, fake, 'U0DOWN');
    await dm.say('hello');
    // The post, then its plain-text retry, both fail (after the client's own retries of a 500).
    fake.fail('chat.postMessage', { kind: 'http', status: 500 }, 3);
    await app.postEvent(
      eventCallback(directMessage('we need it to know our internal policies', { user: 'U0DOWN' })),
    );
    await fake.waitForCount('attempts', isPostTo(dm.channel), 4);
    const logged = await waitForLog('slack call failed', (context) => context.channel === dm.channel);
    expect(logged).toMatchObject({
      method: 'chat.postMessage',
      code: 'slack_webapi_http_error',
      key: dmKey(TEAM, dm.channel),
    });
    // The answer was saved before the post: the conversation goes on from it.
    expect((await app.conversations.peek(dmKey(TEAM, dm.channel)))?.answers.goal?.value).toBe('knowledge');
    const next = await dm.say('raw documents');
    expect(awaiting(next.args)).toBe('dataSize');
  });
});

async function waitForLog(message: string, match: (context: Record<string, unknown>) => boolean) {
  // The log line is written right after the failing call returns; the next recorded Web API call
  // cannot happen before it, so wait for the fake to see one more call or for the line itself.
  for (let attempt = 0; attempt < 200; attempt++) {
    const entry = app.log.entries.find(
      (candidate) => candidate.message === message && match(candidate.context),
    );
    if (entry) return entry.context;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`no log line "${message}"`);
}
