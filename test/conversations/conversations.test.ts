import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Session, TurnInput } from '../../src/core/types';
import { realAdvisor } from '../support/advisor';

/**
 * Golden conversations: each YAML file in this folder is a dialogue with what the user must see
 * after every turn — the question asked, the slots held, the response ids used, the primary —
 * rather than exact sentences, so wording can change in flows/responses.yaml without touching
 * them. They read as documentation of how the advisor behaves.
 */
const Expect = z.strictObject({
  kind: z.string().optional(),
  awaiting: z.string().nullable().optional(),
  /** Response ids (flows/responses.yaml) and question forms the turn's replies are made of. */
  responses: z.array(z.string()).default([]),
  /** Response ids the turn must not use. */
  withoutResponses: z.array(z.string()).default([]),
  /** Words the replies must contain: content from the knowledge and the flow, rarely the dialogue's wording. */
  says: z.array(z.string()).default([]),
  never: z.array(z.string()).default([]),
  primary: z.string().optional(),
  complementary: z.array(z.string()).optional(),
  /** The plan's stages in order (contract v2), primary first. */
  stages: z.array(z.string()).optional(),
  citations: z.array(z.string()).default([]),
  choices: z.array(z.string()).optional(),
  answers: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  unanswered: z.array(z.string()).default([]),
});

const Turn = z
  .strictObject({
    say: z.string().optional(),
    press: z.strictObject({ slot: z.string(), value: z.string() }).optional(),
    /** Hours that pass before this turn. */
    later: z.number().optional(),
    expect: Expect,
  })
  .refine((turn) => (turn.say === undefined) !== (turn.press === undefined), 'give say or press');

const Conversation = z.strictObject({ name: z.string(), turns: z.array(Turn).min(1) });

const files = readdirSync(__dirname)
  .filter((file) => file.endsWith('.yaml'))
  .sort();
const advisor = realAdvisor();

describe.each(files)('%s', (file) => {
  const conversation = Conversation.parse(parse(readFileSync(path.join(__dirname, file), 'utf8')));

  test(conversation.name, () => {
    let session: Session | null = null;
    let clock = Date.parse('2026-11-21T09:00:00Z');
    conversation.turns.forEach((turn, index) => {
      clock += (turn.later ?? 0) * 3_600_000 + 60_000;
      const input: TurnInput = turn.press
        ? { kind: 'choice', slot: turn.press.slot, value: turn.press.value }
        : { kind: 'text', text: turn.say ?? '' };
      const result = advisor.handleTurn(session, input, new Date(clock));
      session = result.session;
      const where = `turn ${index + 1} (${turn.say ?? JSON.stringify(turn.press)})`;
      const last = result.replies.at(-1);
      const all = result.replies.map((reply) => reply.text).join('\n\n');
      const { expect: wanted } = turn;
      expect({ where, kind: last?.kind }).toEqual({ where, kind: wanted.kind ?? last?.kind });
      if (wanted.awaiting !== undefined)
        expect({ where, awaiting: last?.awaiting }).toEqual({ where, awaiting: wanted.awaiting });
      const used = new Set(result.replies.flatMap((reply) => reply.responses ?? []));
      for (const id of wanted.responses)
        expect({ where, response: used.has(id) ? id : [...used] }).toEqual({ where, response: id });
      for (const id of wanted.withoutResponses)
        expect({ where, without: used.has(id) ? [...used] : null }).toEqual({ where, without: null });
      for (const text of wanted.says) {
        expect({ where, says: all.toLowerCase().includes(text.toLowerCase()) ? text : all }).toEqual({
          where,
          says: text,
        });
      }
      for (const text of wanted.never) {
        expect({ where, never: all.toLowerCase().includes(text.toLowerCase()) ? all : null }).toEqual({
          where,
          never: null,
        });
      }
      const recommendation = result.replies.find((reply) => reply.recommendation)?.recommendation;
      if (wanted.primary)
        expect({ where, primary: recommendation?.primary }).toEqual({ where, primary: wanted.primary });
      if (wanted.complementary) {
        expect({ where, complementary: recommendation?.complementary }).toEqual({
          where,
          complementary: wanted.complementary,
        });
      }
      if (wanted.stages) {
        expect({ where, stages: recommendation?.stages?.map((stage) => stage.strategy) }).toEqual({
          where,
          stages: wanted.stages,
        });
      }
      const cited = new Set(result.replies.flatMap((reply) => reply.citations));
      for (const id of wanted.citations)
        expect({ where, cited: cited.has(id) ? id : [...cited] }).toEqual({ where, cited: id });
      if (wanted.choices)
        expect({ where, choices: last?.choices.map((c) => c.value) }).toEqual({
          where,
          choices: wanted.choices,
        });
      const answers = Object.fromEntries(
        Object.entries(result.session.answers).map(([slot, a]) => [slot, a.value]),
      );
      for (const [slot, value] of Object.entries(wanted.answers)) {
        expect({ where, slot, value: answers[slot] }).toEqual({ where, slot, value });
      }
      for (const slot of wanted.unanswered)
        expect({ where, slot, value: answers[slot] }).toEqual({ where, slot, value: undefined });
    });
  });
});
