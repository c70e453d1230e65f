import type { Context, webApi } from '@slack/bolt';
import { buildFailureMessage } from '../blocks/reply.js';
import type { Outlet } from '../outlet.js';
import type { SlackAdvisor } from '../service.js';

/** The workspace of a request: Bolt's context first, then the payload's own team field. */
export function teamOf(context: Context, ...fallbacks: (string | undefined | null)[]): string | undefined {
  return context.teamId ?? fallbacks.find((team): team is string => typeof team === 'string' && team !== '');
}

/**
 * The one place a listener's unexpected failure ends: logged with what the listener was doing,
 * and the user told (when there is somewhere to tell them) after the ack, like any post. Nothing
 * escapes to crash the process, so the returned promise never rejects.
 */
export async function guarded(
  slack: SlackAdvisor,
  what: string,
  fields: Record<string, unknown>,
  outlet: Outlet | null,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    slack.log.error(`${what} failed`, { ...fields, error: String((error as Error)?.stack ?? error) });
    if (outlet) slack.later(`${what}: failure notice`, fields, () => outlet.post(buildFailureMessage()));
  }
}

export type Client = webApi.WebClient;

/**
 * The ids that name what produced a turn in every delivery of it (docs/adr/0006-turn-receipts.md).
 * An event's event_id is the same in Slack's HTTP retries and in Socket Mode redeliveries; a
 * click's or a command's trigger_id is issued once per interaction and travels with its payload.
 */
export const turnId = {
  event: (eventId: string) => `event:${eventId}`,
  /** A question's buttons: the question message, so it is answered once whoever clicks and however often. */
  answer: (where: string, messageTs: string) => `answer:${where}:${messageTs}`,
  click: (triggerId: string) => `click:${triggerId}`,
  command: (triggerId: string) => `command:${triggerId}`,
};
