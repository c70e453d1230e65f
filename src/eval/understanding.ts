import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { StrategyId } from '../content/knowledge-schema.js';
import type { Advisor } from '../core/advisor.js';
import { OTHER } from '../core/dialogue/policy.js';
import type { Reply, Session, TurnInput } from '../core/types.js';

/** One answer in a situation: what the user would type if asked, and what it means. */
const SituationAnswer = z.object({
  say: z.string(),
  means: z.union([z.string(), z.number()]),
  unit: z.enum(['items', 'tokens']).optional(),
});

/** A practitioner's situation, as the blind development and held-out sets write them. */
export const Situation = z.object({
  id: z.string(),
  who: z.string().optional(),
  opening: z.string(),
  answers: z.record(z.string(), SituationAnswer),
  expect: z.object({ primary: StrategyId, stages: z.array(StrategyId).optional() }),
  why: z.string().optional(),
});
export type Situation = z.infer<typeof Situation>;

export function loadSituations(file: string): Situation[] {
  return z.array(Situation).parse(parse(readFileSync(file, 'utf8')));
}

/**
 * How the simulated user answers. `buttons`: says hello, then presses the value meant for each
 * question (understanding out of the picture). `typing`: types the opening and every answer, and
 * types it again if asked again. `cooperative`: types, and presses the meant button when the same
 * question comes back.
 */
export type Mode = 'buttons' | 'typing' | 'cooperative';

export interface SlotTally {
  /** Typed answers to this slot's question. */
  asked: number;
  /** Taken with the meant value on the first typed answer, without a "Did you mean". */
  firstTime: number;
  /** Taken right after a "Did you mean …?" the user confirmed. */
  confirmed: number;
  /** Held at the end with the meant value (the user's own answer). */
  heldRight: number;
  /** Held at the end with another value (the user's own answer, misread). */
  heldWrong: number;
  /** Held at the end as an assumption the advisor took. */
  assumed: number;
}

export interface SituationRun {
  id: string;
  primary: string | null;
  stages: string[];
  expected: string;
  /** Slots whose question was posed this many times. */
  posings: Record<string, number>;
  turns: number;
  problem: string | null;
  /** Per slot, the value held at the end and where it came from. */
  held: Record<string, { value: string | number | undefined; source: string | undefined }>;
}

const MAX_TURNS = 30;
/** Slots compared as a set: which of the two kinds is "main" does not matter. */
const KIND_SLOTS = ['dataKind', 'extraDataKind'];

/**
 * The situation's answer to the question asked. The two kinds of data are a set, so the advisor
 * may hold the user's second kind as its first: asked "how many preference pairs?", the user gives
 * the number of their pairs, whichever slot the situation filed them under.
 */
function askedAbout(situation: Situation, session: Session | null, slot: string): string {
  const swapped = (from: string, to: string) =>
    session?.answers[from]?.value !== undefined &&
    session.answers[from]?.value === situation.answers[to]?.means &&
    session.answers[from]?.value !== situation.answers[from]?.means;
  if (slot === 'dataSize' && swapped('dataKind', 'extraDataKind')) return 'extraDataSize';
  if (slot === 'extraDataSize' && swapped('extraDataKind', 'dataKind')) return 'dataSize';
  // Asked for another kind while holding the second as the first, the user names their first.
  if (slot === 'extraDataKind' && swapped('dataKind', 'extraDataKind')) return 'dataKind';
  return slot;
}

function meantValue(situation: Situation, slot: string): string | undefined {
  const answer = situation.answers[slot];
  if (!answer) return undefined;
  if (typeof answer.means === 'number') return `${answer.means}${answer.unit === 'tokens' ? ' tokens' : ''}`;
  return answer.means;
}

/** Plays one situation through the advisor in a mode; returns what happened. */
export function runSituation(
  advisor: Advisor,
  situation: Situation,
  mode: Mode,
  tallies: Map<string, SlotTally>,
): SituationRun {
  let session: Session | null = null;
  let replies: Reply[] = [];
  const posings: Record<string, number> = {};
  const send = (input: TurnInput) => {
    ({ session, replies } = advisor.handleTurn(session, input, new Date('2026-12-01T10:00:00Z')));
  };
  send({ kind: 'text', text: mode === 'buttons' ? 'hello' : situation.opening });
  let turns = 1;
  let problem: string | null = null;
  let lastSlot: string | null = null;
  let lastWasConfirm = false;
  let pendingTyped: string | null = null;
  for (; turns < MAX_TURNS; turns++) {
    const last = replies.at(-1);
    if (!last) break;
    // Score the typed answer to the previous question now that its effect is visible.
    if (pendingTyped) {
      const tally = tallyFor(tallies, pendingTyped);
      const held = (session as Session | null)?.answers[pendingTyped];
      const meant = situation.answers[askedAbout(situation, session, pendingTyped)]?.means;
      if (last.kind !== 'clarify' && held?.source === 'user' && sameValue(held.value, meant))
        tally.firstTime += 1;
      pendingTyped = null;
    }
    if (replies.some((reply) => reply.recommendation)) break;
    const slot = last.awaiting;
    if (!slot) {
      problem = `stuck without a question: ${last.text.slice(0, 100)}`;
      break;
    }
    const isConfirm = last.kind === 'clarify';
    if (!isConfirm || slot !== lastSlot || !lastWasConfirm)
      posings[slot] = (posings[slot] ?? 0) + (isConfirm ? 0 : 1);
    const asked = askedAbout(situation, session, slot);
    const answer = situation.answers[asked];
    const meant = meantValue(situation, asked);
    const again = slot === lastSlot;
    lastSlot = slot;
    lastWasConfirm = isConfirm;
    if (!answer || meant === undefined) {
      // A question the situation has no answer for: the user says they are not sure.
      send({ kind: 'text', text: 'not sure' });
      continue;
    }
    const press = () => {
      const option =
        last.choices.find((choice) => choice.value === meant) ??
        last.choices.find((choice) => sameChoice(choice.value, answer.means));
      if (option) {
        send({ kind: 'choice', slot, value: option.value });
        return true;
      }
      return false;
    };
    if (mode === 'buttons') {
      if (!press()) send({ kind: 'choice', slot, value: String(meant) });
      continue;
    }
    if (isConfirm) {
      if (mode === 'cooperative' || again) {
        const tally = tallyFor(tallies, slot);
        const option = last.choices.find((choice) => sameChoice(choice.value, answer.means));
        if (option) {
          tally.confirmed += 1;
          send({ kind: 'choice', slot, value: option.value });
        } else if (mode === 'cooperative') {
          send({ kind: 'choice', slot, value: OTHER });
        } else {
          send({ kind: 'text', text: answer.say });
        }
        continue;
      }
    }
    if (mode === 'cooperative' && again && !isConfirm) {
      if (press()) continue;
    }
    tallyFor(tallies, slot).asked += 1;
    if (!again) pendingTyped = slot;
    send({ kind: 'text', text: answer.say });
  }
  const final = session as Session | null;
  const recommendation = replies.find((reply) => reply.recommendation)?.recommendation ?? null;
  if (!recommendation && !problem) problem = 'no recommendation';
  const held: SituationRun['held'] = {};
  for (const slot of Object.keys(situation.answers)) {
    const answer = final?.answers[slot];
    held[slot] = { value: answer?.value, source: answer?.source };
  }
  if (final && mode !== 'buttons') scoreHeld(situation, final, tallies);
  const plan = (recommendation as { stages?: { strategy: string }[] } | null)?.stages;
  return {
    id: situation.id,
    primary: recommendation?.primary ?? null,
    stages: plan?.map((stage) => stage.strategy) ?? (recommendation ? [recommendation.primary] : []),
    expected: situation.expect.primary,
    posings,
    turns,
    problem,
    held,
  };
}

function scoreHeld(situation: Situation, session: Session, tallies: Map<string, SlotTally>): void {
  const meantKinds = KIND_SLOTS.map((slot) => situation.answers[slot]?.means).filter(Boolean);
  const heldKinds = KIND_SLOTS.map((slot) => session.answers[slot]).filter((answer) => answer !== undefined);
  for (const [slot, answer] of Object.entries(situation.answers)) {
    // Sizes follow their kinds: held under the other kind's slot, they are compared with it.
    const sized =
      slot === 'dataSize' || slot === 'extraDataSize' ? askedAbout(situation, session, slot) : slot;
    const held = session.answers[sized];
    if (!held) continue;
    const tally = tallyFor(tallies, slot);
    if (held.source === 'default') {
      tally.assumed += 1;
      continue;
    }
    if (held.source !== 'user') continue;
    const right = KIND_SLOTS.includes(slot)
      ? meantKinds.includes(held.value as string) && heldKinds.length > 0
      : sameValue(held.value, answer.means);
    if (right) tally.heldRight += 1;
    else tally.heldWrong += 1;
  }
}

function sameValue(held: unknown, meant: unknown): boolean {
  if (typeof meant === 'number' && typeof held === 'number') {
    // An amount is right when it is the same order of magnitude the user meant (within 25%).
    return Math.abs(held - meant) <= Math.max(1, meant * 0.25);
  }
  return held === meant;
}

function sameChoice(value: string, meant: string | number): boolean {
  if (typeof meant === 'number') {
    const number = Number.parseFloat(value);
    return Number.isFinite(number) && Math.abs(number - meant) <= meant * 0.25;
  }
  return value === meant;
}

function tallyFor(tallies: Map<string, SlotTally>, slot: string): SlotTally {
  let tally = tallies.get(slot);
  if (!tally) {
    tally = { asked: 0, firstTime: 0, confirmed: 0, heldRight: 0, heldWrong: 0, assumed: 0 };
    tallies.set(slot, tally);
  }
  return tally;
}

export interface UnderstandingReport {
  situations: number;
  byMode: Record<Mode, { runs: SituationRun[]; tallies: Map<string, SlotTally> }>;
}

export function evaluateUnderstanding(advisor: Advisor, situations: Situation[]): UnderstandingReport {
  const byMode = {} as UnderstandingReport['byMode'];
  for (const mode of ['buttons', 'typing', 'cooperative'] as const) {
    const tallies = new Map<string, SlotTally>();
    const runs = situations.map((situation) => runSituation(advisor, situation, mode, tallies));
    byMode[mode] = { runs, tallies };
  }
  return { situations: situations.length, byMode };
}

const pct = (part: number, whole: number) => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`);

/** The report as text: per slot and overall, the figures the issue asks for. */
export function formatUnderstanding(report: UnderstandingReport, label: string): string {
  const lines: string[] = [];
  const buttons = report.byMode.buttons.runs;
  lines.push(`## Understanding on ${label} (${report.situations} situations)`);
  lines.push('');
  for (const mode of ['typing', 'cooperative'] as const) {
    const { runs, tallies } = report.byMode[mode];
    lines.push(
      `### ${mode === 'typing' ? 'Typing only' : 'Typing, pressing the meant button when asked again'}`,
    );
    lines.push('');
    lines.push(
      '| slot | answers typed | understood first time | understood after "did you mean" | held right | held wrong | assumed |',
    );
    lines.push('|---|---|---|---|---|---|---|');
    const total: SlotTally = { asked: 0, firstTime: 0, confirmed: 0, heldRight: 0, heldWrong: 0, assumed: 0 };
    for (const [slot, tally] of [...tallies.entries()].sort()) {
      for (const key of Object.keys(total) as (keyof SlotTally)[]) total[key] += tally[key];
      const heldAll = tally.heldRight + tally.heldWrong;
      lines.push(
        `| ${slot} | ${tally.asked} | ${pct(tally.firstTime, tally.asked)} | ${tally.confirmed} | ${pct(tally.heldRight, heldAll)} (${tally.heldRight}) | ${tally.heldWrong} | ${tally.assumed} |`,
      );
    }
    const heldAll = total.heldRight + total.heldWrong;
    lines.push(
      `| **all** | ${total.asked} | ${pct(total.firstTime, total.asked)} | ${total.confirmed} | ${pct(total.heldRight, heldAll)} (${total.heldRight}) | ${total.heldWrong} | ${total.assumed} |`,
    );
    const agree = runs.filter(
      (run, index) => run.primary !== null && run.primary === buttons[index]?.primary,
    ).length;
    const thrice = runs.filter((run) => Object.values(run.posings).some((count) => count >= 3)).length;
    const over = runs.filter((run) => Object.values(run.posings).some((count) => count > 3)).length;
    const labelled = runs.filter((run) => run.primary === run.expected).length;
    lines.push('');
    lines.push(
      `- primary agrees with the buttons-only primary: ${agree}/${runs.length} (${pct(agree, runs.length)})`,
    );
    lines.push(`- primary matches the label: ${labelled}/${runs.length} (${pct(labelled, runs.length)})`);
    lines.push(`- situations with a question posed 3 times: ${thrice}; more than 3 times: ${over}`);
    lines.push(`- no recommendation reached: ${runs.filter((run) => run.problem).length}`);
    lines.push('');
  }
  const right = buttons.filter((run) => run.primary === run.expected).length;
  lines.push(`### Buttons only`);
  lines.push('');
  lines.push(`- primary matches the label: ${right}/${buttons.length} (${pct(right, buttons.length)})`);
  lines.push(`- no recommendation reached: ${buttons.filter((run) => run.problem).length}`);
  return lines.join('\n');
}
