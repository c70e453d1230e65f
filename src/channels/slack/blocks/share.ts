import type { types } from '@slack/bolt';
import { ACTIONS, BLOCKS, VIEWS } from '../ids.js';

/**
 * The channel picker opened by "Share to channel" in a direct message, where there is no channel
 * to share to. `metadata` says which recommendation: the encoded share-rec action value, far
 * below Slack's 3,000-character limit on private_metadata.
 */
export function buildShareModal(metadata: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.share,
    private_metadata: metadata,
    title: { type: 'plain_text', text: 'Share recommendation' },
    submit: { type: 'plain_text', text: 'Share' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: BLOCKS.shareChannel,
        label: { type: 'plain_text', text: 'Post it in' },
        element: {
          type: 'conversations_select',
          action_id: ACTIONS.shareChannel,
          placeholder: { type: 'plain_text', text: 'Pick a channel' },
          filter: { include: ['public', 'private'], exclude_bot_users: true },
        },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'I can post in any public channel. For a private channel, invite me first with `/invite`.',
          },
        ],
      },
    ],
  };
}
