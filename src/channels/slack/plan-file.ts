import type { webApi } from '@slack/bolt';
import type { Logger } from '../../core/log.js';
import type { DmDirectory } from './dm-directory.js';
import { describeSlackError } from './outlet.js';

/** The file's name in Slack, and what the message above it says. */
export const PLAN_FILENAME = 'ftadvisor-plan.md';

/**
 * Posts a plan as a Markdown file in the user's direct messages with the bot, where only they see
 * it until they share it (files.uploadV2 needs files:write). Never throws: a failure is logged
 * with its context and reported as null; otherwise the DM channel it went to.
 */
export async function sendPlanToDm(
  client: webApi.WebClient,
  dms: DmDirectory,
  who: { team: string; user: string },
  markdown: string,
  log: Logger,
  fields: Record<string, unknown>,
): Promise<{ channel: string } | null> {
  try {
    const channel = await dms.channelFor(client, who.team, who.user);
    await client.files.uploadV2({
      channel_id: channel,
      filename: PLAN_FILENAME,
      title: 'Fine-tuning plan',
      content: markdown,
      initial_comment:
        'Your fine-tuning plan as Markdown: the stages in order, a data recipe and one example per stage, training choices, how to evaluate, the costs the papers give, the alternatives rejected, the biggest risk and the cheapest experiment, with every source.',
    });
    return { channel };
  } catch (error) {
    log.error('could not send the plan', {
      ...fields,
      method: 'files.uploadV2',
      ...describeSlackError(error),
    });
    return null;
  }
}
