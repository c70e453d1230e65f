import type { webApi } from '@slack/bolt';
import type { Advisor } from '../../core/advisor.js';
import type { Conversations } from '../../core/conversations.js';
import type { Logger } from '../../core/log.js';
import type { Recommendation, Reply, TurnInput } from '../../core/types.js';
import type { BackgroundTasks } from './background.js';
import { buildHomeView, HISTORY_SHOWN } from './blocks/home.js';
import { buildFailureMessage, buildReplyMessage, type ReplyContext } from './blocks/reply.js';
import type { Lookup } from './blocks/segments.js';
import type { Deduplicator } from './dedup.js';
import type { DmDirectory } from './dm-directory.js';
import type { AdvisedRecord, RecommendationLog } from './history.js';
import { dmKey, type TurnRef } from './keys.js';
import { describeSlackError, type Outlet } from './outlet.js';

export interface SlackDeps {
  conversations: Conversations;
  /** For the presenter (citations, names) and one-off answers that must not change a conversation. */
  advisor: Advisor;
  history: RecommendationLog;
  dedup: Deduplicator;
  dms: DmDirectory;
  /** Where the slow part of each request runs, after its ack. */
  tasks: BackgroundTasks;
  log: Logger;
  /** How long a command or click may hold its ack for its durable part (ACK_DEADLINE_MS). */
  ackDeadlineMs?: number;
}

/**
 * Slack shows the user an error when a command or click is not acknowledged within 3 seconds, and
 * does not retry them. Their durable part is normally milliseconds, but may include a Web API
 * call (finding the user's DM channel); past this deadline the request is acknowledged anyway and
 * its work finishes in the background. Events have no deadline: Slack retries those.
 */
export const ACK_DEADLINE_MS = 2500;

/** Log fields that place a turn without echoing what the user wrote. */
export function refContext(ref: TurnRef): Record<string, unknown> {
  return { key: ref.key, team: ref.team, user: ref.user, surface: ref.surface };
}

/**
 * What every Slack surface shares: run a turn through the core, keep recommendations in the
 * user's history, render each reply and post it where the conversation is shown.
 */
export class SlackAdvisor {
  readonly lookup: Lookup;

  constructor(readonly deps: SlackDeps) {
    const { presenter } = deps.advisor;
    this.lookup = {
      citation: (id) => presenter.entry(id),
      strategyName: (id) => presenter.strategyName(id),
      strategyTitle: (id) => presenter.strategyTitle(id),
    };
  }

  get log(): Logger {
    return this.deps.log;
  }

  /**
   * One turn of a conversation. Resolves once the core has stored it, so the listener's ack
   * follows the stored answer; the replies are posted in the background, in order per
   * conversation, so a slow or failed post never delays the ack nor loses the answer. `first`
   * runs at the start of that background work (showing a clicked question as answered).
   *
   * `id` names what produced the turn, the same in every delivery of it (docs/adr/0006): the
   * core stores it with the turn, so a delivery seen again (after a crash, or by another
   * instance) changes nothing and its replies are posted again from what was stored.
   */
  async turn(
    ref: TurnRef,
    input: TurnInput,
    outlet: Outlet,
    options: { id?: string; first?: () => Promise<unknown> } = {},
  ): Promise<void> {
    const { id, first } = options;
    let replies: Reply[] | null = null;
    try {
      if (id === undefined) replies = await this.deps.conversations.handle(ref.key, input);
      else {
        const outcome = await this.deps.conversations.handleOnce(ref.key, id, input);
        replies = outcome.replies;
        if (outcome.repeat) {
          this.log.info('a delivery seen before: answered from the stored turn, nothing changed', {
            ...refContext(ref),
            id,
          });
        }
      }
    } catch (error) {
      this.log.error('advisor turn failed', {
        ...refContext(ref),
        error: String((error as Error)?.stack ?? error),
      });
    }
    this.later(
      'posting replies',
      refContext(ref),
      async () => {
        await first?.();
        if (replies === null) await outlet.post(buildFailureMessage());
        else await this.postReplies(ref, replies, outlet);
      },
      ref.key,
    );
  }

  /**
   * Starts the slow part of a request (Web API calls, history records) without waiting for it:
   * it runs after the ack. Work in the same lane (a conversation key) keeps its order.
   */
  later(what: string, fields: Record<string, unknown>, work: () => Promise<unknown>, lane?: string): void {
    this.deps.tasks.run(what, fields, work, lane);
  }

  /**
   * Waits for the durable part of a command or click, so that its ack follows it, but no longer
   * than the ack deadline: past it, the request is acknowledged and the work finishes in the
   * background (still waited for by a graceful shutdown). `durable` must not reject.
   */
  async settle(what: string, fields: Record<string, unknown>, durable: Promise<void>): Promise<void> {
    const deadlineMs = this.deps.ackDeadlineMs ?? ACK_DEADLINE_MS;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), deadlineMs);
    });
    const outcome = await Promise.race([durable.then(() => 'done' as const), late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      this.log.warn(
        'acknowledged before the work was stored (slow store or Slack); it goes on after the ack',
        {
          ...fields,
          deadlineMs,
        },
      );
      this.deps.tasks.adopt(what, fields, durable);
    }
  }

  /** Posts replies in order; a recommendation is recorded first so that its Share button can find it. */
  async postReplies(
    ref: TurnRef,
    replies: Reply[],
    outlet: Outlet,
    extra: Partial<ReplyContext> = {},
  ): Promise<void> {
    for (const reply of replies) {
      const record = reply.recommendation ? await this.remember(ref, reply.recommendation) : null;
      const delivered = await outlet.post(
        buildReplyMessage(reply, {
          key: ref.key,
          surface: ref.surface,
          lookup: this.lookup,
          ...(ref.botUserId ? { botUserId: ref.botUserId } : {}),
          ...(record ? { record: { owner: record.user, id: record.id } } : {}),
          ...extra,
        }),
      );
      if (!delivered) {
        this.log.warn(
          'a reply was not delivered; the conversation is saved and continues on the next message',
          {
            ...refContext(ref),
            kind: reply.kind,
          },
        );
      }
    }
  }

  /** Records a recommendation in the user's history; a failure only costs the Share button. */
  async remember(ref: TurnRef, recommendation: Recommendation): Promise<AdvisedRecord | null> {
    try {
      return await this.deps.history.record({
        team: ref.team,
        user: ref.user,
        key: ref.key,
        surface: ref.surface,
        channel: ref.channel,
        ...(ref.threadTs ? { threadTs: ref.threadTs } : {}),
        recommendation,
      });
    } catch (error) {
      this.log.error('could not record a recommendation in the history', {
        ...refContext(ref),
        error: String(error),
      });
      return null;
    }
  }

  /**
   * A one-off answer grounded in the user's conversation, which is left unchanged (the turn runs
   * on a copy and is not saved). Only answers are kept: a follow-up question of the flow would
   * invite the user to answer it here, where answering would not be recorded.
   */
  async oneOff(key: string, text: string): Promise<Reply[]> {
    const session = await this.deps.conversations.peek(key);
    // As of the session's last turn: an idle conversation would otherwise get "resume or start over?".
    const at = session ? new Date(session.updatedAt) : new Date();
    const { replies } = this.deps.advisor.handleTurn(session, { kind: 'text', text }, at);
    return replies.filter((reply) => reply.kind === 'answer');
  }

  /** The label of a question's slot, shown on the answered message. */
  slotLabel(slot: string | null): string {
    if (slot === null) return 'Your choice';
    return this.deps.advisor.content.flow.slots[slot]?.label ?? slot;
  }

  /** What `explain` can talk about, for when a topic was not found. */
  topics(): { strategies: string[]; papers: string[] } {
    const { content } = this.deps.advisor;
    return {
      strategies: content.strategies.map((strategy) => this.lookup.strategyName(strategy.id)),
      papers: content.knowledge.map((entry) => entry.short),
    };
  }

  /** The latest recorded recommendation of one conversation, if any. */
  async latestRecord(team: string, user: string, key: string): Promise<AdvisedRecord | null> {
    const records = await this.deps.history.list(team, user);
    return records.find((record) => record.key === key) ?? null;
  }

  /** Publishes the user's App Home: the latest recommendation in full and the ones before it. */
  async publishHome(
    client: webApi.WebClient,
    team: string,
    user: string,
    dmChannel: string | undefined,
    notice?: string,
  ): Promise<void> {
    const [latest, ...earlier] = await this.deps.history.list(team, user, HISTORY_SHOWN + 1);
    const session = dmChannel ? await this.deps.conversations.peek(dmKey(team, dmChannel)) : null;
    const answered = session
      ? Object.values(session.answers).filter((answer) => answer.source === 'user').length
      : 0;
    const view = buildHomeView({
      latest: latest
        ? {
            record: latest,
            reply: this.deps.advisor.presenter.recommendation(latest.recommendation, undefined, {
              invite: false,
            }),
          }
        : null,
      history: earlier,
      inProgress: session?.phase === 'collecting' && answered > 0 ? { answered } : null,
      ...(notice ? { notice } : {}),
      lookup: this.lookup,
    });
    try {
      await client.views.publish({ user_id: user, view });
    } catch (error) {
      this.log.error('slack call failed', {
        method: 'views.publish',
        team,
        user,
        ...describeSlackError(error),
      });
    }
  }
}
