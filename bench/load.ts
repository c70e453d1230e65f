import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { BOT_USER, type FakeWebApi, TEAM } from './fake-web-api.js';

/** One conversation's messages, and how many messages the app posts in answer to each. */
export interface Script {
  texts: string[];
  replies: number[];
}

export interface LoadOptions {
  port: number;
  signingSecret: string;
  fake: FakeWebApi;
  scripts: Script[];
  /** Conversations in flight at once; each sends its next turn only after the last one's replies arrived. */
  concurrency: number;
  /** Distinguishes these users from another generator's against the same fake. */
  userPrefix: string;
  /** A turn whose replies have not all arrived by then counts as failed, and its conversation stops. */
  turnTimeoutMs?: number;
}

export interface LoadResult {
  turns: number;
  conversations: number;
  seconds: number;
  /** Sending the event → the fake Web API receiving the turn's last chat.postMessage. */
  replyMs: number[];
  /** Sending the event → Slack's HTTP request answered (what Slack's 3-second limit applies to). */
  ackMs: number[];
  failures: string[];
}

/** Several runs as one: their turns, time and samples added up. */
export function combine(results: LoadResult[]): LoadResult {
  return {
    turns: results.reduce((sum, result) => sum + result.turns, 0),
    conversations: results.reduce((sum, result) => sum + result.conversations, 0),
    seconds: results.reduce((sum, result) => sum + result.seconds, 0),
    replyMs: results.flatMap((result) => result.replyMs),
    ackMs: results.flatMap((result) => result.ackMs),
    failures: results.flatMap((result) => result.failures),
  };
}

function sign(secret: string, body: string, timestamp: number): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** A DM from `user` as Slack delivers it over HTTP: an event_callback with a message event. */
function directMessageEvent(user: string, text: string, id: string, sequence: number): string {
  const seconds = Math.floor(Date.now() / 1000);
  const ts = `${seconds}.${String(sequence % 1_000_000).padStart(6, '0')}`;
  return JSON.stringify({
    token: 'bench-verification-token',
    team_id: TEAM,
    api_app_id: 'A0BENCH',
    event: {
      type: 'message',
      channel: `D${user}`,
      user,
      text,
      ts,
      event_ts: ts,
      channel_type: 'im',
      team: TEAM,
      client_msg_id: `bench-${id}`,
    },
    type: 'event_callback',
    event_id: `Ev0${id}`,
    event_time: seconds,
    authorizations: [{ team_id: TEAM, user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
}

/**
 * Drives DM conversations through a Slack app's HTTP receiver on 127.0.0.1: `concurrency`
 * conversations at a time, each a new user running one of the scripts turn by turn, a new
 * conversation starting as soon as one ends, until the run's number of turns has been sent.
 */
export class LoadGenerator {
  private readonly agent: Agent;
  private sequence = 0;
  private users = 0;

  constructor(private readonly options: LoadOptions) {
    this.agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  }

  close(): void {
    this.agent.destroy();
  }

  /** Sends `turns` turns and waits for all their replies; a conversation cut short by the end is left there. */
  async run(turns: number): Promise<LoadResult> {
    const result: LoadResult = {
      turns: 0,
      conversations: 0,
      seconds: 0,
      replyMs: [],
      ackMs: [],
      failures: [],
    };
    const budget = { left: turns };
    const begun = performance.now();
    const lane = async () => {
      while (budget.left > 0) await this.conversation(budget, result);
    };
    await Promise.all(Array.from({ length: this.options.concurrency }, lane));
    result.seconds = (performance.now() - begun) / 1000;
    result.turns = result.replyMs.length;
    return result;
  }

  private async conversation(budget: { left: number }, result: LoadResult): Promise<void> {
    const { fake, scripts } = this.options;
    const timeoutMs = this.options.turnTimeoutMs ?? 15_000;
    this.users += 1;
    const user = `U${this.options.userPrefix}${this.users.toString(36).toUpperCase()}`;
    const channel = `D${user}`;
    const script = scripts[this.users % scripts.length] as Script;
    result.conversations += 1;
    let expected = fake.postedTo(channel);
    for (const [index, text] of script.texts.entries()) {
      if (budget.left <= 0) return;
      budget.left -= 1;
      this.sequence += 1;
      expected += script.replies[index] ?? 1;
      const body = directMessageEvent(
        user,
        text,
        `${this.options.userPrefix}${this.sequence}`,
        this.sequence,
      );
      const sent = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no reply within ${timeoutMs} ms`)), timeoutMs);
      });
      const replied = fake.waitForPosts(channel, expected);
      const acked = this.post(body).then((status) => {
        if (status !== 200) throw new Error(`event answered ${status}`);
        return performance.now();
      });
      try {
        const [ackAt, replyAt] = await Promise.race([Promise.all([acked, replied]), timedOut]);
        result.ackMs.push(ackAt - sent);
        result.replyMs.push(replyAt - sent);
      } catch (error) {
        fake.forget(channel);
        result.failures.push(`${user} turn ${index + 1}: ${(error as Error).message}`);
        return;
      } finally {
        clearTimeout(timer);
      }
    }
  }

  /** A signed POST to /slack/events; resolves with the status once the response has been read. */
  private post(body: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const timestamp = Math.floor(Date.now() / 1000);
      const req = request(
        {
          host: '127.0.0.1',
          port: this.options.port,
          method: 'POST',
          path: '/slack/events',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-slack-request-timestamp': String(timestamp),
            'x-slack-signature': sign(this.options.signingSecret, body, timestamp),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}
