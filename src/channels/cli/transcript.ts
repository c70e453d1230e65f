import { createInterface } from 'node:readline';
import type { Conversations } from '../../core/conversations.js';
import type { Logger } from '../../core/log.js';
import { stagesOf } from '../../core/recommend/recommend.js';
import type { Reply, TurnInput } from '../../core/types.js';

/** The scripting contract: one JSON object per input line, one JSON line per output line. */
export interface TranscriptLine {
  user: string;
  input: TurnInput;
}

export type ParsedLine = { ok: true; line: TranscriptLine } | { ok: false; error: string; user?: string };

/** Validates one input line: {"user","text"} or {"user","choice":{"slot","value"}}. */
export function parseTranscriptLine(raw: string): ParsedLine {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (error) {
    return { ok: false, error: `not valid JSON (${(error as Error).message})` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, error: 'expected a JSON object such as {"user":"u1","text":"hello"}' };
  }
  const record = data as Record<string, unknown>;
  const user = typeof record.user === 'string' && record.user.trim() !== '' ? record.user : undefined;
  if (!user) return { ok: false, error: '"user" must be a non-empty string' };
  const hasText = 'text' in record;
  const hasChoice = 'choice' in record;
  if (hasText === hasChoice) return { ok: false, user, error: 'give exactly one of "text" or "choice"' };
  if (hasText) {
    if (typeof record.text !== 'string') return { ok: false, user, error: '"text" must be a string' };
    return { ok: true, line: { user, input: { kind: 'text', text: record.text } } };
  }
  const choice = record.choice as Record<string, unknown> | null;
  if (
    typeof choice !== 'object' ||
    choice === null ||
    typeof choice.slot !== 'string' ||
    typeof choice.value !== 'string'
  ) {
    return {
      ok: false,
      user,
      error: '"choice" must be {"slot":"<slot>","value":"<value>"} with string fields',
    };
  }
  return { ok: true, line: { user, input: { kind: 'choice', slot: choice.slot, value: choice.value } } };
}

/** A reply as the transcript contract shows it. */
export function transcriptReply(reply: Reply) {
  const { recommendation } = reply;
  return {
    text: reply.text,
    awaiting: reply.awaiting,
    choices: reply.choices.map((choice) => ({ label: choice.label, value: choice.value })),
    recommendation: recommendation
      ? {
          primary: recommendation.primary,
          // Contract v2: the ordered plan, primary first (saved v1 recommendations: their complements).
          stages: stagesOf(recommendation).map((stage) => ({ strategy: stage.strategy, why: stage.why })),
          ranking: recommendation.ranking.map((entry) => ({ strategy: entry.strategy, score: entry.score })),
          profile: recommendation.profile,
          citations: recommendation.citations,
        }
      : null,
  };
}

/** Reads stdin to the end, answering each line in order. Resolves when stdin closes. */
export async function runTranscript(
  conversations: Conversations,
  log: Logger,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  for await (const raw of lines) {
    number += 1;
    const parsed = parseTranscriptLine(raw);
    let out: object;
    if (!parsed.ok) {
      out = { ...(parsed.user ? { user: parsed.user } : {}), error: `line ${number}: ${parsed.error}` };
    } else {
      try {
        const replies = await conversations.handle(parsed.line.user, parsed.line.input);
        out = { user: parsed.line.user, replies: replies.map(transcriptReply) };
      } catch (error) {
        log.error('turn failed', { line: number, error: String((error as Error)?.stack ?? error) });
        out = {
          user: parsed.line.user,
          error: `line ${number}: the advisor failed on this line (${String(error)})`,
        };
      }
    }
    output.write(`${JSON.stringify(out)}\n`);
  }
}
