import type { webApi } from '@slack/bolt';

/**
 * Finds a user's direct-message channel with the bot. Slash commands and the App Home continue
 * the user's DM conversation, whose key is the DM channel id; that id never changes, so it is
 * cached (bounded) after the first conversations.open.
 */
export class DmDirectory {
  private readonly channels = new Map<string, string>();

  constructor(private readonly maxEntries = 10_000) {}

  /** Remembers a DM channel seen in an event (a DM message, app_home_opened). */
  remember(team: string, user: string, channel: string): void {
    const id = `${team}:${user}`;
    this.channels.delete(id);
    this.channels.set(id, channel);
    if (this.channels.size > this.maxEntries) {
      const oldest = this.channels.keys().next().value;
      if (oldest !== undefined) this.channels.delete(oldest);
    }
  }

  async channelFor(client: webApi.WebClient, team: string, user: string): Promise<string> {
    const known = this.channels.get(`${team}:${user}`);
    if (known) return known;
    const opened = await client.conversations.open({ users: user });
    const channel = opened.channel?.id;
    if (!channel) throw new Error(`conversations.open returned no channel for user ${user}`);
    this.remember(team, user, channel);
    return channel;
  }
}
