import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { BackgroundTasks } from '../../../src/channels/slack/background';
import { buildHelpMessage } from '../../../src/channels/slack/blocks/help';
import { buildHomeView } from '../../../src/channels/slack/blocks/home';
import { buildReplyMessage, type ReplyContext } from '../../../src/channels/slack/blocks/reply';
import { buildShareModal } from '../../../src/channels/slack/blocks/share';
import { MemoryDeduplicator } from '../../../src/channels/slack/dedup';
import { DmDirectory } from '../../../src/channels/slack/dm-directory';
import { MemoryRecommendationLog } from '../../../src/channels/slack/history';
import { ACTIONS, BOT_SCOPES, COMMAND, EVENTS, VIEWS } from '../../../src/channels/slack/ids';
import { type ListenerApp, registerListeners } from '../../../src/channels/slack/listeners/index';
import { EVENTS_PATH } from '../../../src/channels/slack/receiver';
import { SlackAdvisor } from '../../../src/channels/slack/service';
import { Conversations } from '../../../src/core/conversations';
import { silentLogger } from '../../../src/core/log';
import { MemorySessionStore } from '../../../src/core/store';
import type { Reply, Session, TurnInput } from '../../../src/core/types';
import { ROOT, realAdvisor } from '../../support/advisor';
import type { Wire } from './support/fake-slack';
import { buttonsOf } from './support/payloads';

/**
 * Slack's published manifest schema: wherever SLACK_MANIFEST_SCHEMA says, else the shared copy next
 * to the repository, else the copy committed in slack/ (a clone made elsewhere, as CI's may be).
 */
const SCHEMA_FILE =
  process.env.SLACK_MANIFEST_SCHEMA ??
  [
    path.resolve(ROOT, '..', 'shared', 'slack', 'manifest.schema.json'),
    path.join(ROOT, 'slack', 'manifest.schema.json'),
  ].find((file) => existsSync(file)) ??
  path.join(ROOT, 'slack', 'manifest.schema.json');

const manifests: Record<string, Wire> = {
  'Socket Mode': JSON.parse(readFileSync(path.join(ROOT, 'slack', 'manifest.json'), 'utf8')),
  HTTP: JSON.parse(readFileSync(path.join(ROOT, 'slack', 'manifest.http.json'), 'utf8')),
};

function validator() {
  if (!existsSync(SCHEMA_FILE)) {
    throw new Error(
      `Slack's manifest schema is missing at ${SCHEMA_FILE}: put it there, or set SLACK_MANIFEST_SCHEMA to its path.`,
    );
  }
  // Slack's schema leaves out "type" beside a few array keywords; strictTypes would only warn about it.
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  addFormats(ajv);
  // Comments in the schema, not constraints.
  ajv.addKeyword('_note');
  // The schema spells one pattern "regex" (background_color); it is enforced as the pattern it means.
  ajv.addKeyword({
    keyword: 'regex',
    type: 'string',
    schemaType: 'string',
    validate: (pattern: string, data: string) => new RegExp(pattern).test(data),
  });
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
}

describe('the manifests', () => {
  const validate = validator();

  test.each(Object.entries(manifests))('%s manifest is valid against Slack’s schema', (_name, manifest) => {
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test('the schema check is not vacuous: a broken manifest fails it', () => {
    const broken = structuredClone(manifests['Socket Mode']);
    broken.features.slash_commands[0].command = 'finetune';
    broken.display_information.background_color = 'navy';
    broken.settings.unknown_setting = true;
    expect(validate(broken)).toBe(false);
    const failed = (validate.errors ?? []).map((error) => `${error.instancePath} ${error.keyword}`);
    expect(failed).toEqual(
      expect.arrayContaining([
        '/features/slash_commands/0/command pattern',
        '/display_information/background_color regex',
        '/settings additionalProperties',
      ]),
    );
  });

  test.each(Object.entries(manifests))(
    '%s manifest declares exactly what the code uses',
    (_name, manifest) => {
      expect(manifest.features.slash_commands.map((command: Wire) => command.command)).toEqual([
        COMMAND.name,
      ]);
      const hint = manifest.features.slash_commands[0].usage_hint;
      for (const subcommand of COMMAND.subcommands) expect(hint).toContain(subcommand);
      expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(
        Object.values(EVENTS)
          .map((event) => event.subscription)
          .sort(),
      );
      expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
      expect(manifest.settings.interactivity.is_enabled).toBe(true);
      expect(manifest.features.app_home).toEqual({
        home_tab_enabled: true,
        messages_tab_enabled: true,
        messages_tab_read_only_enabled: false,
      });
    },
  );

  test('the HTTP manifest is the Socket Mode one with every request URL at /slack/events', () => {
    const http = manifests.HTTP;
    const urls = [
      http.features.slash_commands[0].url,
      http.settings.event_subscriptions.request_url,
      http.settings.interactivity.request_url,
    ];
    for (const url of urls) expect(new URL(url).pathname).toBe(EVENTS_PATH);
    expect(http.settings.socket_mode_enabled).toBe(false);
    const stripped = structuredClone(http);
    delete stripped.features.slash_commands[0].url;
    delete stripped.settings.event_subscriptions.request_url;
    delete stripped.settings.interactivity.request_url;
    stripped.settings.socket_mode_enabled = true;
    expect(stripped).toEqual(manifests['Socket Mode']);
  });
});

/** A stand-in for the Bolt app that records what gets registered. */
function recordRegistrations() {
  const registered = {
    order: [] as string[],
    events: [] as string[],
    commands: [] as string[],
    actions: [] as { type?: string; action_id: string | RegExp }[],
    views: [] as { type?: string; callback_id: string | RegExp }[],
  };
  const recorder = {
    use: () => {
      registered.order.push('use');
      return recorder;
    },
    event: (name: string) => registered.order.push('event') && registered.events.push(name),
    command: (name: string) => registered.order.push('command') && registered.commands.push(name),
    action: (constraint: { type?: string; action_id: string | RegExp }) =>
      registered.order.push('action') && registered.actions.push(constraint),
    view: (constraint: { type?: string; callback_id: string | RegExp }) =>
      registered.order.push('view') && registered.views.push(constraint),
  };
  const advisor = realAdvisor();
  const slack = new SlackAdvisor({
    conversations: new Conversations(advisor, new MemorySessionStore(), silentLogger),
    advisor,
    history: new MemoryRecommendationLog(),
    dedup: new MemoryDeduplicator(),
    dms: new DmDirectory(),
    tasks: new BackgroundTasks(silentLogger),
    log: silentLogger,
  });
  registerListeners(recorder as unknown as ListenerApp, slack);
  return { registered, slack, advisor };
}

function matches(constraint: string | RegExp, id: string): boolean {
  return typeof constraint === 'string' ? constraint === id : constraint.test(id);
}

describe('registrations', () => {
  const { registered, slack, advisor } = recordRegistrations();

  test('the listeners register exactly the manifest’s command and events, and the dedup middleware first', () => {
    expect(registered.order.filter((kind) => kind === 'use')).toHaveLength(1);
    expect(registered.order[0]).toBe('use');
    expect(registered.commands).toEqual([COMMAND.name]);
    expect([...registered.events].sort()).toEqual(
      Object.values(EVENTS)
        .map((event) => event.name)
        .sort(),
    );
    expect(registered.views).toEqual([{ type: 'view_submission', callback_id: VIEWS.share }]);
  });

  test('every button any builder can produce has a listener, and every action listener has a button', () => {
    const replies: Reply[] = [];
    let session: Session | null = null;
    const send = (input: TurnInput) => {
      const turn = advisor.handleTurn(session, input);
      replies.push(...turn.replies);
      session = turn.session;
      return turn.replies.at(-1);
    };
    send({ kind: 'text', text: 'hello' });
    // A description, then whatever is still asked answered by its button, up to a recommendation
    // (whose buttons are among those every builder can produce).
    let last = send({
      kind: 'text',
      text: 'Our support bot must answer from our product docs, which change every week, in our strict brand voice. We have 3k example replies.',
    });
    const presses: Record<string, string> = {
      goal: 'both',
      extraDataKind: 'none',
      taskScope: 'single',
      tried: 'nothing',
      platform: 'hosted-api',
    };
    for (let guard = 0; guard < 10 && last && !last.recommendation && last.awaiting; guard++) {
      const value = presses[last.awaiting] ?? last.choices[0]?.value ?? '';
      last = send({ kind: 'choice', slot: last.awaiting, value });
    }
    expect(last?.recommendation).toBeTruthy();
    // The "resume or start over?" question, whose choices are sent as text.
    const idle = advisor.handleTurn(
      session,
      { kind: 'text', text: 'hi' },
      new Date(Date.now() + 10 * 86_400_000),
    );
    replies.push(...idle.replies);
    const context: ReplyContext = {
      key: 'slack:T0TEAM:D0USER',
      surface: 'dm',
      lookup: slack.lookup,
      record: { owner: 'U0USER', id: 'record-1' },
    };
    const messages = replies.map((reply) => buildReplyMessage(reply, context));
    const oneOff = advisor.handleTurn(null, { kind: 'text', text: 'what did LIMA show?' }).replies[0];
    if (oneOff)
      messages.push(
        buildReplyMessage(oneOff, { ...context, oneOff: { x: 'ask', q: 'what did LIMA show?' } }),
      );
    messages.push(buildHelpMessage());
    const home = buildHomeView({ latest: null, history: [], inProgress: null, lookup: slack.lookup });
    const ids = new Set(
      [...messages, home].flatMap((message) => buttonsOf(message).map((button) => button.action_id)),
    );

    const unhandled = [...ids].filter(
      (id) => !registered.actions.some((constraint) => matches(constraint.action_id, id)),
    );
    expect(unhandled).toEqual([]);
    const unused = registered.actions.filter(
      (constraint) => ![...ids].some((id) => matches(constraint.action_id, id)),
    );
    expect(unused).toEqual([]);
    expect(registered.actions.every((constraint) => constraint.type === 'block_actions')).toBe(true);
  });

  test('the share modal reads back the block and action ids it declares', () => {
    const modal = buildShareModal('{}');
    expect(modal.callback_id).toBe(VIEWS.share);
    const input = modal.blocks[0] as Wire;
    expect(input.element.action_id).toBe(ACTIONS.shareChannel);
  });
});
