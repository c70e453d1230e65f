import type { Content } from '../../content/semantics.js';
import {
  applyInferences,
  enumLabel,
  isRelevant,
  nextStep,
  profileOf,
  type Question,
  questionFor,
  stepForSlot,
} from '../flow/engine.js';
import { parseSizeValue } from '../flow/size.js';
import { type Advice, answersForValue, recommend, score } from '../recommend/recommend.js';
import type { Answer, Choice, Pending, Session, SlotValue } from '../types.js';
import type { Act, AskAct, DataAct, InformAct, UnsureAct, WhatIfAct } from './acts.js';
import type { Interpretation } from './interpret.js';
import type { Changed, Noted, Outcome, QuestionForm } from './outcomes.js';

/** Longer than this, a message with no question mark is a description of the situation. */
const DESCRIPTION_MIN_WORDS = 25;

/** A question is posed at most this many times (asked, rephrased, help) before its assumption is taken. */
export const MAX_POSINGS = 3;
/** The choice value of "Something else" under a "Did you mean …?". */
export const OTHER = '__other__';

/** One turn's working state: the session being changed and the outcomes decided so far. */
export interface Turn {
  session: Session;
  outcomes: Outcome[];
}

/** Effects the policy cannot decide alone: answering a question, working out "what if". */
export interface Answerers {
  question(act: AskAct, session: Session): Outcome;
  whatIf(act: WhatIfAct, session: Session): Outcome;
}

/**
 * The dialogue policy: named, pure handlers from a turn's acts to outcomes and a new session.
 * Like Rasa's patterns: answers are merged (never clobbered by passing words), corrections
 * replace, questions digress and resume, and a reply that is not understood is repaired —
 * rephrased, then helped, then assumed — so nobody is asked the same thing forever.
 */
export class Policy {
  /** The size slots a turn has already filled: a later amount of no stated kind does not replace them. */
  private readonly sizedThisTurn = new WeakMap<Turn, Set<string>>();

  constructor(
    private readonly content: Content,
    private readonly advice: Advice,
    private readonly answerers: Answerers,
  ) {}

  // ---- entry points ---------------------------------------------------------------------------

  /** A button press (or a typed option label). */
  choice(turn: Turn, slot: string, value: string): void {
    const { flow } = this.content;
    const pending = turn.session.pending;
    if (pending?.kind === 'confirm' && pending.slot === slot && value === OTHER) {
      // "Something else": ask the question again, differently.
      this.pose(turn, slot, nextForm(pending.posings));
      return;
    }
    const definition = flow.slots[slot];
    const step = stepForSlot(flow, slot);
    if (!definition || (!step && !(pending?.kind === 'confirm' && pending.slot === slot))) {
      this.error(turn, 'error.button-gone');
      return;
    }
    if (definition.type === 'enum') {
      if (!(value in definition.values)) {
        this.error(turn, 'error.not-an-option', { value });
        return;
      }
      this.set(turn, slot, value, enumLabel(definition, value), { chosen: true });
    } else {
      const size = parseSizeValue(value);
      if (!size) {
        this.error(turn, 'error.not-an-amount', { value });
        return;
      }
      const label = step
        ? questionFor(flow, step, profileOf(flow, turn.session.answers)).choices.find(
            (c) => c.value === value,
          )?.label
        : undefined;
      this.setAmount(turn, slot, size.size, size.unit, label ?? value, { chosen: true });
    }
    this.settle(turn);
    this.continueFlow(turn);
  }

  /** A typed message, already interpreted. */
  text(turn: Turn, interpretation: Interpretation): void {
    const { acts } = interpretation;
    if (acts.some((act) => act.type === 'foreign-language')) {
      turn.outcomes.push({ type: 'note', id: 'foreign-language' });
      this.reprompt(turn, true);
      return;
    }
    const awaiting = this.awaiting(turn.session);
    const control = acts.find((act) => act.type === 'control');
    const answersAwaited = acts.some((act) => isAwaitedAnswer(act, awaiting));
    const statements = acts.filter((act) => act.type === 'inform' || act.type === 'data').length;
    if (control?.type === 'control' && this.control(turn, control.control, { answersAwaited, statements }))
      return;

    const asked = acts.filter((act) => act.type === 'ask' || act.type === 'what-if');
    const before = JSON.stringify(turn.session.answers);
    const awaitedBefore = awaiting ? turn.session.answers[awaiting]?.value : undefined;
    // After the advice, a plain statement about the situation refines it ("style doesn't matter to us").
    this.merge(turn, acts, { correctingAllowed: turn.session.phase === 'advised' && asked.length === 0 });
    const changed = JSON.stringify(turn.session.answers) !== before;
    const digressions: Act[] = [];
    for (const act of asked) {
      const outcome =
        act.type === 'ask'
          ? this.answerers.question(act, turn.session)
          : this.answerers.whatIf(act, turn.session);
      // While questions are still being asked, a "question" nothing in the knowledge answers is
      // most often an answer in question form ("could an LLM just answer from them?"): saying
      // "I don't know" would only get in the way of the question that is open.
      // A first message that is only a question ("unrelated but how do i dedupe in pandas?") is
      // a question: it gets its honest "I don't know".
      const onlyAQuestion = awaiting === null && statements === 0;
      if (
        turn.session.phase === 'collecting' &&
        !onlyAQuestion &&
        outcome.type === 'reply' &&
        outcome.reply.responses?.includes('answer.unknown')
      )
        continue;
      digressions.push(act);
      turn.outcomes.push(outcome);
    }
    this.eitherData(turn, acts);

    if (awaiting) {
      const answer = turn.session.answers[awaiting];
      const answered = answer !== undefined && (answer.value !== awaitedBefore || answersAwaited);
      if (answered) {
        this.settle(turn);
        this.continueFlow(turn);
        return;
      }
      const unsure = acts.find((act): act is UnsureAct => act.type === 'unsure' && act.slot === awaiting);
      if (unsure) {
        if (changed) this.settle(turn);
        this.confirm(turn, unsure.slot, unsure.candidates, unsure.quote);
        return;
      }
      if (!changed && digressions.length > 0) {
        // A question typed in between is answered and does not count against the question asked.
        this.reprompt(turn, true);
        return;
      }
      if (!this.stillOpen(turn, awaiting)) {
        this.continueFlow(turn);
        return;
      }
      if (!changed && interpretation.vagueAmount) {
        turn.outcomes.push({
          type: 'note',
          id: 'vague-amount',
          params: { phrase: vaguePhrase(interpretation.text) },
        });
      }
      // Nothing for the question asked. Other answers, if any, were taken and acknowledged: then
      // the question is put again in other words, without "I couldn't tell … from" words we used.
      this.notUnderstood(turn, changed ? undefined : interpretation.text);
      return;
    }

    if (turn.session.phase === 'advised') {
      const change = acts.find((act): act is UnsureAct => act.type === 'unsure' && act.change === true);
      if (!changed && digressions.length === 0 && change) {
        this.confirm(turn, change.slot, change.candidates, change.quote, { change: true });
        return;
      }
      if (changed) this.continueFlow(turn);
      else if (digressions.length > 0) return;
      else if (acts.some((act) => act.type === 'seek-advice')) {
        // "bottom line: do we need to train our own model?": the advice is the answer, unless the
        // question is about something the advice does not cover ("…to predict stock prices?").
        const outside = this.outsideTheAdvice(turn, interpretation.text);
        turn.outcomes.push(
          outside ?? {
            type: 'recommendation',
            recommendation: recommend(this.advice, turn.session.answers),
            change: 'asked',
          },
        );
      } else if (acts.some((act) => act.type === 'inform' || act.type === 'data')) {
        // Words about the situation that change no answer ("polite and correct, that's it"): say
        // so, rather than answering them as a question.
        turn.outcomes.push({ type: 'note', id: 'kept' });
        turn.outcomes.push({ type: 'open' });
      } else {
        const answer = this.answerers.question({ type: 'ask', text: interpretation.text }, turn.session);
        // "wait, we don't have any demonstrations. just the code.": a statement that changes
        // nothing and that nothing answers is not a question to say "I don't know" to.
        const statement = !/\?/.test(interpretation.text);
        if (statement && answer.type === 'reply' && answer.reply.responses?.includes('answer.unknown')) {
          turn.outcomes.push({ type: 'note', id: 'kept' });
          turn.outcomes.push({ type: 'open' });
        } else turn.outcomes.push(answer);
      }
      return;
    }
    if (!changed && digressions.length === 0) {
      // Nothing understood may still be a question typed without its question mark ("LoRA or
      // full FT, honestly which one"): the answerer says whether it knows it.
      const onlySeeks = acts.length > 0 && acts.every((act) => act.type === 'seek-advice');
      const attempt =
        acts.length === 0
          ? this.answerers.question({ type: 'ask', text: interpretation.text }, turn.session)
          : onlySeeks
            ? this.outsideTheAdvice(turn, interpretation.text)
            : null;
      // A long description with no question in it that the answerer calls out of scope is a
      // description we could not read, not a question: no "I don't know" for it.
      const described =
        !/\?/.test(interpretation.text) && interpretation.text.split(/\s+/).length > DESCRIPTION_MIN_WORDS;
      const declines = (responses: string[] | undefined) =>
        responses?.includes('answer.unknown') || (described && responses?.includes('answer.out-of-scope'));
      if (attempt?.type === 'reply' && !declines(attempt.reply.responses)) {
        turn.outcomes.push(attempt);
      } else {
        const seeks = acts.some((act) => act.type === 'seek-advice');
        turn.outcomes.push({
          type: 'note',
          id: seeks || Object.keys(turn.session.answers).length > 0 ? 'seek-advice' : 'greeting.first',
        });
      }
    }
    // Questions are answered, and the conversation goes on with the question that comes next.
    this.continueFlow(turn);
  }

  /** The honest decline for a request for advice on something outside it, if it is one. */
  private outsideTheAdvice(turn: Turn, text: string): Outcome | null {
    const answer = this.answerers.question({ type: 'ask', text }, turn.session);
    return answer.type === 'reply' && answer.reply.responses?.includes('answer.out-of-scope') ? answer : null;
  }

  // ---- merging: what the user said becomes answers ---------------------------------------------

  /**
   * Takes in what a message says. The question being answered may be answered or re-answered;
   * an explicit correction replaces; "also" adds; anything else only fills slots still empty, so
   * words and numbers elsewhere in a message never overwrite an answer.
   */
  private merge(turn: Turn, acts: Act[], options: { correctingAllowed: boolean }): void {
    const noted: Noted[] = [];
    const changes: Changed[] = [];
    const restated: Noted[] = [];
    const correcting = acts.some((act) => (act.type === 'inform' || act.type === 'data') && act.correction);
    const record = (slot: string, before: Answer | undefined) => {
      const after = turn.session.answers[slot];
      if (after && before?.source === 'user' && before.value === after.value && correcting) {
        if (!restated.some((item) => item.slot === slot)) restated.push({ slot, value: after.value });
        return;
      }
      if (!after || (before && before.value === after.value)) return;
      if (before?.source === 'user') changes.push({ slot, from: before.value, to: after.value });
      else noted.push({ slot, value: after.value, quote: after.quote });
    };
    for (const act of acts) {
      if (act.type === 'inform') this.inform(turn, act, options, record);
    }
    // Data of an unclear kind waits for the data question ("100k transcripts"), unless the kind is
    // already known and only its amount is new ("maybe 30k threads" in reply to "how many?").
    const kindKnown = turn.session.answers.dataKind !== undefined;
    const data = acts.filter(
      (act): act is DataAct =>
        act.type === 'data' && (act.kind !== null || !act.either || (kindKnown && act.amount !== undefined)),
    );
    // Data the model was already trained on is history, said so once, not counted as held.
    const used = data.filter((act) => act.used);
    if (used.length > 0)
      turn.outcomes.push({ type: 'note', id: 'data-already-used', params: { quote: used[0]?.quote ?? '' } });
    for (const [index, act] of data.filter((item) => !item.used).entries())
      this.data(turn, act, index, options, record);
    if (noted.length > 0) turn.outcomes.push({ type: 'noted', items: sortBySteps(this.content, noted) });
    if (changes.length > 0)
      turn.outcomes.push({ type: 'updated', changes: sortBySteps(this.content, changes) });
    // "the unlabeled data is 2 million, not 5000" when 2 million is what I hold: say so, or the
    // user cannot tell a correction read from one ignored. Only amounts and answers named, not the
    // kind of data they belong to.
    const repeated = restated.filter(
      (item) => !['dataKind', 'extraDataKind'].includes(item.slot) || restated.length === 1,
    );
    if (noted.length === 0 && changes.length === 0 && repeated.length > 0)
      turn.outcomes.push({ type: 'restated', items: sortBySteps(this.content, repeated) });
  }

  private inform(
    turn: Turn,
    act: InformAct,
    options: { correctingAllowed: boolean },
    record: (slot: string, before: Answer | undefined) => void,
  ): void {
    const definition = this.content.flow.slots[act.slot];
    if (definition?.type !== 'enum' || !(act.value in definition.values)) return;
    const before = turn.session.answers[act.slot];
    const saved = before?.source === 'user' ? before : undefined;
    let value = act.value;
    if (saved && saved.value !== value && !act.awaited) {
      const merged = act.slot === 'goal' ? mergeGoal(String(saved.value), value) : undefined;
      // An explicit correction replaces, whatever words it uses; after the advice, a plain statement
      // about the situation does too, but the topic of another answer never does.
      const corrects = act.correction || (options.correctingAllowed && act.weight === 'statement');
      // "also, our staff answer in a polite style": a style named in passing while adding still adds it.
      if (act.additive && merged) value = merged;
      else if (!corrects) return;
    } else if (saved && saved.value === value) {
      return;
    } else if (!act.awaited && act.weight === 'passing' && (saved || !this.fillsFromPassing(act.slot))) {
      return;
    }
    this.set(turn, act.slot, value, act.quote, { via: act.via });
    record(act.slot, before);
  }

  /**
   * Incidental words may fill a gap, except for the goal: "an assistant that answers …" says
   * little about whether facts or behaviour are missing, and a wrong goal skips its question.
   */
  private fillsFromPassing(slot: string): boolean {
    return slot !== 'goal';
  }

  /** Data the user has: the main kind and its amount, or a second kind ("plus 1,000 example answers"). */
  private data(
    turn: Turn,
    act: DataAct,
    index: number,
    options: { correctingAllowed: boolean },
    record: (slot: string, before: Answer | undefined) => void,
  ): void {
    const { answers } = turn.session;
    const awaiting = this.awaiting(turn.session);
    const pair = (kindSlot: 'dataKind' | 'extraDataKind') => ({
      kindSlot,
      sizeSlot: kindSlot === 'dataKind' ? 'dataSize' : 'extraDataSize',
    });
    const take = (kindSlot: 'dataKind' | 'extraDataKind', overwriteSize: boolean, keepKind = false) => {
      const slots = pair(kindSlot);
      if (!this.content.flow.slots[slots.kindSlot]) return;
      // A corrected amount of data already known keeps its kind: "1200 pairs, not 3k" of preference pairs.
      const keep = (keepKind || act.defaulted === true) && answers[slots.kindSlot] !== undefined;
      if (act.kind !== null && !keep) {
        const before = answers[slots.kindSlot];
        if (before?.value !== act.kind) {
          this.set(turn, slots.kindSlot, act.kind, act.quote);
          record(slots.kindSlot, before);
          const taken = turn.session.answers[slots.kindSlot];
          if (taken && act.weight === 'passing' && !act.awaited && act.kind !== 'none')
            taken.inPassing = true;
        }
      }
      if (act.amount && this.content.flow.slots[slots.sizeSlot] && act.kind !== 'none') {
        const before = answers[slots.sizeSlot];
        // "about 3,400 tickets, and 25 templates": once a message has given an amount, a smaller one
        // of no stated kind in it describes something else, unless it says it corrects ("filtered
        // to CSAT 5 it's about 18k" ends on the amount, the larger).
        const sized = this.sizedThisTurn.get(turn) ?? new Set<string>();
        const second =
          sized.has(slots.sizeSlot) &&
          !act.stated &&
          !act.correction &&
          act.replaces === undefined &&
          typeof before?.value === 'number' &&
          act.amount.value < before.value;
        if ((before?.source !== 'user' || overwriteSize) && !second) {
          sized.add(slots.sizeSlot);
          this.sizedThisTurn.set(turn, sized);
          this.setAmount(turn, slots.sizeSlot, act.amount.value, act.amount.unit, act.amount.quote, {
            vague: act.amount.vague,
          });
          record(slots.sizeSlot, before);
          // The kind was quoted with the old amount ("3k help-center articles"); a reason quoting
          // it after "actually more like 800" would say the old number back to the user.
          const kind = turn.session.answers[slots.kindSlot];
          if (before?.source === 'user' && kind && before.value !== act.amount.value && /\d/.test(kind.quote))
            kind.quote = act.kind !== null ? act.quote : act.amount.quote;
          // Other answers quoted from the same words ("a bot answering from our 3k help-center")
          // are no longer quoted: the reasons stand without words that now say the wrong number.
          if (before?.source === 'user' && before.value !== act.amount.value)
            forgetQuotesWith(turn.session.answers, numberIn(before.quote), [slots.sizeSlot, slots.kindSlot]);
        }
      }
    };
    const target = dataTarget(act, index, {
      main: answers.dataKind,
      extra: answers.extraDataKind,
      sizeKnown: answers.dataSize !== undefined,
      mainSize: typeof answers.dataSize?.value === 'number' ? answers.dataSize.value : undefined,
      extraSize: typeof answers.extraDataSize?.value === 'number' ? answers.extraDataSize.value : undefined,
      mainUnit: typeof answers.dataUnit?.value === 'string' ? answers.dataUnit.value : undefined,
      awaiting,
      corrects: act.correction || (options.correctingAllowed && act.weight === 'statement'),
    });
    if (target?.none) {
      const before = answers.extraDataKind;
      this.set(turn, 'extraDataKind', 'none', act.quote);
      record('extraDataKind', before);
    } else if (target) {
      const main = answers.dataKind;
      if (target.demoteMain && main) {
        this.set(turn, 'extraDataKind', String(main.value), main.quote);
        record('extraDataKind', undefined);
      }
      take(target.slot, target.overwriteSize, target.keepKind === true);
    }
    // The data corrected into the kind already listed second: there is one kind of data, not two.
    // (Read from the session: every assignment replaces its answers object.)
    const now = turn.session.answers;
    if (target && now.dataKind !== undefined && now.extraDataKind?.value === now.dataKind.value) {
      const before = now.extraDataKind;
      this.set(turn, 'extraDataKind', 'none', act.quote);
      delete turn.session.answers.extraDataSize;
      delete turn.session.answers.extraDataUnit;
      record('extraDataKind', before);
    }
  }

  /**
   * "100k chat transcripts": examples of answers, or text to read? Kept until the data question
   * comes up (the goal may settle it first), then asked with an example of each.
   */
  private eitherData(turn: Turn, acts: Act[]): void {
    const act = acts.find(
      (candidate): candidate is DataAct =>
        candidate.type === 'data' && candidate.kind === null && candidate.either !== undefined,
    );
    if (!act?.either) return;
    const main = turn.session.answers.dataKind;
    if (main?.source === 'user' && this.awaiting(turn.session) !== 'dataKind') return;
    const definition = this.content.flow.slots.dataKind;
    const options = act.either.filter((value) => definition?.type === 'enum' && value in definition.values);
    if (options.length < 2) return;
    turn.session.dataEither = {
      options,
      quote: act.quote,
      ...(act.amount
        ? { size: { value: act.amount.value, unit: act.amount.unit, quote: act.amount.quote } }
        : {}),
    };
  }

  /** Asks which kind ambiguous data is, with an example of each. */
  private resolveEither(turn: Turn): boolean {
    const either = turn.session.dataEither;
    if (!either) return false;
    const { session } = turn;
    if (session.answers.dataKind !== undefined) {
      delete session.dataEither;
      return false;
    }
    const definition = this.content.flow.slots.dataKind;
    const pending: Pending = {
      kind: 'confirm',
      slot: 'dataKind',
      options: either.options.map((value) => ({ label: enumLabel(definition, value), value })),
      posings: 1,
      quote: either.quote,
    };
    if (either.size) pending.size = either.size;
    delete session.dataEither;
    session.pending = pending;
    session.phase = 'collecting';
    // The noun-specific question explains demonstrations against raw text; other pairs get the plain one.
    const textual = either.options.every((value) => value === 'raw-text' || value === 'demonstrations');
    turn.outcomes.push({
      type: 'confirm',
      slot: 'dataKind',
      options: pending.options,
      ...(textual ? { noun: either.quote } : {}),
    });
    return true;
  }

  private set(
    turn: Turn,
    slot: string,
    value: string,
    quote: string,
    options: { chosen?: boolean; via?: Answer['via'] } = {},
  ): void {
    const answers = answersForValue(this.content.flow, slot, value, 'user', quote);
    for (const answer of Object.values(answers)) {
      if (options.chosen) answer.chosen = true;
      if (options.via) answer.via = options.via;
    }
    this.assign(turn, slot, answers);
  }

  private setAmount(
    turn: Turn,
    slot: string,
    value: number,
    unit: 'items' | 'tokens',
    quote: string,
    options: { chosen?: boolean; vague?: string } = {},
  ): void {
    const definition = this.content.flow.slots[slot];
    if (definition?.type !== 'number') return;
    const unitSlot = definition.unit ?? (slot === 'dataSize' ? 'dataUnit' : undefined);
    // "zero. there are no input/output examples": none of that kind, not an amount of it.
    if (value === 0 && definition.counts && this.content.flow.slots[definition.counts]) {
      delete turn.session.answers[slot];
      if (unitSlot) delete turn.session.answers[unitSlot];
      this.set(turn, definition.counts, 'none', quote);
      return;
    }
    const answer: Answer = { value, source: 'user', quote };
    if (options.chosen) answer.chosen = true;
    const answers: Record<string, Answer> = { [slot]: answer };
    if (unitSlot && this.content.flow.slots[unitSlot])
      answers[unitSlot] = { value: unit, source: 'user', quote };
    this.assign(turn, slot, answers);
    if (options.vague) {
      turn.outcomes.push({
        type: 'note',
        id: 'interpretation',
        params: { phrase: options.vague, value: Math.round(value).toLocaleString('en-US') },
      });
    }
  }

  private assign(turn: Turn, slot: string, answers: Record<string, Answer>): void {
    const { session } = turn;
    Object.assign(session.answers, answers);
    session.history = [...session.history.filter((item) => item !== slot), slot];
    session.answers = applyInferences(this.content.flow, session.answers);
  }

  /** A pending "Did you mean …?" or question is closed once its slot has an answer. */
  private settle(turn: Turn): void {
    const pending = turn.session.pending;
    if (!pending || pending.kind === 'resume') return;
    if (turn.session.answers[pending.slot] === undefined) return;
    if (pending.kind === 'confirm' && pending.size && pending.slot === 'dataKind') {
      const sizeSlot = 'dataSize';
      if (turn.session.answers[sizeSlot] === undefined)
        this.setAmount(turn, sizeSlot, pending.size.value, pending.size.unit, pending.size.quote);
    }
    turn.session.pending = null;
  }

  // ---- repair -----------------------------------------------------------------------------------

  /** The reply did not answer the question: rephrase with examples, then help, then assume. */
  private notUnderstood(turn: Turn, text: string | undefined): void {
    const pending = turn.session.pending;
    if (!pending || pending.kind === 'resume') {
      this.continueFlow(turn);
      return;
    }
    const slot = pending.slot;
    const posings = this.posings(turn.session, slot);
    if (posings >= MAX_POSINGS) {
      this.assume(turn, slot);
      return;
    }
    // Other answers were taken: the question again as first asked (it names what it is about), counted.
    if (text === undefined) this.pose(turn, slot, 'ask');
    else this.pose(turn, slot, nextForm(posings), shortQuote(text));
  }

  /** Takes the question's stated assumption after the third posing, says so, and moves on. */
  private assume(turn: Turn, slot: string): void {
    const question = this.questionFor(turn.session, slot);
    if (!question?.skip) {
      // A question without an assumption (none today) keeps its help on screen.
      this.pose(turn, slot, 'help');
      return;
    }
    this.takeAssumption(turn, slot, question.skip);
    turn.outcomes.push({
      type: 'note',
      id: 'repair.assume',
      params: { slot: this.slotLabel(slot).toLowerCase(), assumption: question.skip.assumption },
    });
    this.continueFlow(turn);
  }

  /** The question's stated assumption becomes its answer (source "default", shown as assumed). */
  private takeAssumption(turn: Turn, slot: string, skip: { value: string; assumption: string }): void {
    this.assign(turn, slot, answersForValue(this.content.flow, slot, skip.value, 'default', skip.assumption));
    turn.session.pending = null;
  }

  private confirm(
    turn: Turn,
    slot: string,
    candidates: string[],
    quote: string,
    options: { change?: boolean } = {},
  ): void {
    const pending = turn.session.pending;
    // Never the same "Did you mean …?" twice: the second time, the question itself comes back.
    if (pending?.kind === 'confirm' && pending.slot === slot) {
      this.notUnderstood(turn, quote);
      return;
    }
    if (this.posings(turn.session, slot) >= MAX_POSINGS) {
      this.assume(turn, slot);
      return;
    }
    const definition = this.content.flow.slots[slot];
    const choices = candidates
      .filter((value) => definition?.type === 'enum' && value in definition.values)
      .slice(0, 2)
      .map((value) => ({ label: enumLabel(definition, value), value }));
    if (choices.length === 0) {
      this.notUnderstood(turn, quote);
      return;
    }
    turn.session.pending = {
      kind: 'confirm',
      slot,
      options: choices,
      posings: this.posings(turn.session, slot) + 1,
      quote,
    };
    turn.outcomes.push({
      type: 'confirm',
      slot,
      options: choices,
      ...(options.change ? { change: true } : {}),
    });
  }

  // ---- controls ---------------------------------------------------------------------------------

  /** Handles a control; false when the message is really an answer that starts like one. */
  private control(
    turn: Turn,
    control: NonNullable<Extract<Act, { type: 'control' }>['control']>,
    message: { answersAwaited: boolean; statements: number },
  ): boolean {
    switch (control) {
      case 'restart':
        this.reset(turn);
        turn.outcomes.push({ type: 'note', id: 'restart' });
        if (message.statements > 0) return false;
        this.continueFlow(turn);
        return true;
      case 'back':
        if (message.statements > 0) return false;
        this.goBack(turn);
        return true;
      case 'skip':
        if (message.answersAwaited) return false;
        this.skip(turn);
        return true;
      case 'help':
      case 'status':
      case 'resume':
      case 'greeting':
      case 'thanks':
        if (message.statements > 0) return false;
        this.converse(turn, control);
        return true;
      default:
        return false;
    }
  }

  reset(turn: Turn): void {
    const { session } = turn;
    turn.session = {
      ...session,
      phase: 'collecting',
      answers: {},
      history: [],
      pending: null,
      advisedProfile: null,
    };
  }

  private goBack(turn: Turn): void {
    const { session } = turn;
    // The last question answered, also when "not sure" took its assumption: "back" undoes that.
    const last = [...session.history]
      .reverse()
      .find(
        (slot) => session.answers[slot]?.source === 'user' || session.answers[slot]?.source === 'default',
      );
    if (!last) {
      turn.outcomes.push({ type: 'note', id: 'back.first' });
      this.reprompt(turn);
      return;
    }
    delete session.answers[last];
    const unit = this.content.flow.slots[last];
    const unitSlot =
      unit?.type === 'number' ? (unit.unit ?? (last === 'dataSize' ? 'dataUnit' : undefined)) : undefined;
    if (unitSlot) delete session.answers[unitSlot];
    session.history = session.history.filter((slot) => slot !== last);
    session.answers = applyInferences(this.content.flow, session.answers);
    session.phase = 'collecting';
    session.pending = null;
    turn.outcomes.push({ type: 'note', id: 'back', params: { slot: this.slotLabel(last).toLowerCase() } });
    // The cleared answer may still follow from another ("datasets for many tasks" means many
    // tasks): then it is not asked, and the flow goes on from there.
    if (session.answers[last] === undefined && this.isAskable(session, last)) this.pose(turn, last, 'ask');
    else this.continueFlow(turn);
  }

  private isAskable(session: Session, slot: string): boolean {
    const step = stepForSlot(this.content.flow, slot);
    return (
      step !== undefined && isRelevant(this.content.flow, step, profileOf(this.content.flow, session.answers))
    );
  }

  private skip(turn: Turn): void {
    const slot = this.awaiting(turn.session);
    const question = slot ? this.questionFor(turn.session, slot) : undefined;
    if (!slot || !question) {
      turn.outcomes.push({ type: 'note', id: 'skip.none' });
      this.reprompt(turn);
      return;
    }
    if (!question.skip) {
      turn.outcomes.push({ type: 'note', id: 'skip.required' });
      this.reprompt(turn);
      return;
    }
    this.takeAssumption(turn, slot, question.skip);
    turn.outcomes.push({
      type: 'note',
      id: 'skip.assumed',
      params: { assumption: question.skip.assumption },
    });
    this.continueFlow(turn);
  }

  private converse(turn: Turn, intent: 'help' | 'status' | 'resume' | 'greeting' | 'thanks'): void {
    const { session } = turn;
    switch (intent) {
      case 'help': {
        const slot = this.awaiting(session);
        if (slot) {
          this.pose(turn, slot, 'explain');
          return;
        }
        turn.outcomes.push({ type: 'note', id: 'help.general' });
        this.reprompt(turn);
        return;
      }
      case 'status':
        turn.outcomes.push({ type: 'status' });
        if (session.phase === 'collecting') this.reprompt(turn, true);
        return;
      case 'thanks':
        turn.outcomes.push({ type: 'note', id: 'thanks' });
        this.reprompt(turn, true);
        return;
      default:
        if (Object.keys(session.answers).length === 0)
          turn.outcomes.push({ type: 'note', id: 'greeting.first' });
        else if (intent === 'greeting') turn.outcomes.push({ type: 'note', id: 'greeting.again' });
        if (!this.awaiting(session) && session.phase === 'collecting') {
          this.continueFlow(turn);
          return;
        }
        this.reprompt(turn, true);
    }
  }

  // ---- the flow ---------------------------------------------------------------------------------

  /** Asks the next relevant question, or recommends when nothing that matters is missing. */
  continueFlow(turn: Turn): void {
    const { session } = turn;
    let step = nextStep(this.content.flow, session.answers);
    if (step?.slot === 'dataKind') {
      if (this.resolveEither(turn)) return;
      step = nextStep(this.content.flow, session.answers);
    }
    if (step) {
      if (session.phase === 'advised') turn.outcomes.push({ type: 'note', id: 'new-question' });
      session.phase = 'collecting';
      const pending = session.pending;
      const same = pending && pending.kind !== 'resume' && pending.slot === step.slot;
      if (!same) session.pending = { kind: 'slot', slot: step.slot, posings: 0 };
      this.pose(turn, step.slot, same ? nextForm(this.posings(session, step.slot)) : 'ask');
      return;
    }
    const recommendation = recommend(this.advice, session.answers);
    const before = session.advisedProfile ? this.primaryOf(session.advisedProfile) : null;
    let change: 'first' | 'same' | 'changed' | 'refined' = 'first';
    if (
      before &&
      session.phase === 'advised' &&
      JSON.stringify(session.advisedProfile) === JSON.stringify(recommendation.profile)
    )
      change = 'same';
    else if (before && before !== recommendation.primary) change = 'changed';
    else if (before) change = 'refined';
    session.phase = 'advised';
    session.pending = null;
    session.advisedProfile = recommendation.profile;
    turn.outcomes.push({
      type: 'recommendation',
      recommendation,
      change,
      ...(before && change === 'changed' ? { before } : {}),
    });
  }

  /** The primary the answers of an earlier recommendation gave, to say whether it changed. */
  private primaryOf(profile: Record<string, string | number>) {
    const answers: Record<string, Answer> = {};
    for (const [slot, value] of Object.entries(profile)) answers[slot] = { value, source: 'user', quote: '' };
    return score(this.advice, profileOf(this.content.flow, answers)).ranking[0] ?? null;
  }

  /** The slot of the next question to ask, if any. */
  questionSlot(session: Session): string | null {
    return nextStep(this.content.flow, session.answers)?.slot ?? null;
  }

  /** Puts the open question again after a digression (not counted), or the open prompt. */
  reprompt(turn: Turn, afterDigression = false): void {
    const pending = turn.session.pending;
    if (pending?.kind === 'confirm') {
      turn.outcomes.push({ type: 'confirm', slot: pending.slot, options: pending.options });
      return;
    }
    const slot = this.awaiting(turn.session);
    if (slot) {
      this.pose(turn, slot, afterDigression ? 'reminder' : 'ask', undefined, { counts: false });
      return;
    }
    if (turn.session.phase === 'collecting' && !afterDigression) {
      this.continueFlow(turn);
      return;
    }
    if (!afterDigression) turn.outcomes.push({ type: 'open' });
  }

  /** Poses a slot's question in one of its forms; every posing but a reminder counts toward the limit. */
  private pose(
    turn: Turn,
    slot: string,
    form: QuestionForm,
    quote?: string,
    options: { counts?: boolean } = {},
  ): void {
    const { session } = turn;
    const counts = options.counts ?? (form !== 'reminder' && form !== 'explain');
    const posings = this.posings(session, slot) + (counts ? 1 : 0);
    session.pending = { kind: 'slot', slot, posings };
    session.phase = 'collecting';
    turn.outcomes.push({ type: 'question', slot, form, ...(quote ? { quote } : {}) });
  }

  private posings(session: Session, slot: string): number {
    const pending = session.pending;
    if (pending && pending.kind !== 'resume' && pending.slot === slot) return pending.posings ?? 1;
    return 0;
  }

  /** The question asked is still the one to ask (other answers in the message may have made it moot). */
  private stillOpen(turn: Turn, slot: string): boolean {
    if (turn.session.pending?.kind === 'confirm') return turn.session.answers[slot] === undefined;
    return nextStep(this.content.flow, turn.session.answers)?.slot === slot;
  }

  awaiting(session: Session): string | null {
    const pending = session.pending;
    return pending && pending.kind !== 'resume' ? pending.slot : null;
  }

  questionFor(session: Session, slot: string): Question | undefined {
    const step = stepForSlot(this.content.flow, slot);
    return step
      ? questionFor(this.content.flow, step, profileOf(this.content.flow, session.answers))
      : undefined;
  }

  private error(
    turn: Turn,
    id: 'error.button-gone' | 'error.not-an-option' | 'error.not-an-amount',
    params?: Record<string, string>,
  ): void {
    turn.outcomes.push({ type: 'error', id, ...(params ? { params } : {}) });
    if (!this.awaiting(turn.session) && turn.session.phase === 'collecting') {
      const step = nextStep(this.content.flow, turn.session.answers);
      turn.session.pending = step ? { kind: 'slot', slot: step.slot, posings: 0 } : null;
    }
    this.reprompt(turn, true);
  }

  private slotLabel(slot: string): string {
    return this.content.flow.slots[slot]?.label ?? slot;
  }
}

/** The second posing rephrases, the third gives the step's help with buttons only. */
function nextForm(posings: number): 'ask' | 'rephrase' | 'help' {
  return posings <= 0 ? 'ask' : posings === 1 ? 'rephrase' : 'help';
}

/** Knowledge and alignment together are "both"; the domain's language absorbs behaviour. */
function mergeGoal(saved: string, added: string): string | undefined {
  const set = new Set([saved, added]);
  if (set.has('knowledge') && set.has('alignment')) return 'both';
  if (set.has('both') && (set.has('knowledge') || set.has('alignment'))) return 'both';
  if (set.has('domain') && set.has('alignment')) return 'domain';
  return undefined;
}

function isAwaitedAnswer(act: Act, awaiting: string | null): boolean {
  if (!awaiting) return false;
  if (act.type === 'inform') return act.slot === awaiting;
  if (act.type === 'data') {
    if (awaiting === 'dataKind') return act.kind !== null || act.either !== undefined;
    if (awaiting === 'dataSize' || awaiting === 'extraDataSize') return act.amount !== undefined;
    if (awaiting === 'extraDataKind') return act.kind !== null;
  }
  return act.type === 'unsure' && act.slot === awaiting;
}

function sortBySteps<T extends { slot: string }>(content: Content, items: T[]): T[] {
  const order = content.flow.steps.map((step) => step.slot);
  const rank = (slot: string) => (order.includes(slot) ? order.indexOf(slot) : order.length);
  return [...items].sort((a, b) => rank(a.slot) - rank(b.slot));
}

function vaguePhrase(text: string): string {
  const match =
    /\b(a lot|lots|plenty|loads|tons|a bunch|some|a few|not much|enough|a good amount|a decent amount)\b/i.exec(
      text,
    );
  return match?.[0] ?? 'a lot';
}

function shortQuote(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length <= 60 ? clean : `${clean.slice(0, 59).trimEnd()}…`;
}

export type { Choice, SlotValue };

/**
 * Where a piece of data goes: the main kind (and its amount) or the second kind, and whether its
 * amount may replace one already given. Only the question being answered, a correction, or the
 * same kind named again may change a saved amount; a different kind is a second kind of data.
 */
function dataTarget(
  act: DataAct,
  index: number,
  state: {
    main: Answer | undefined;
    extra: Answer | undefined;
    sizeKnown: boolean;
    awaiting: string | null;
    corrects: boolean;
    mainSize?: number;
    extraSize?: number;
    mainUnit?: string;
  },
): {
  slot: 'dataKind' | 'extraDataKind';
  overwriteSize: boolean;
  none?: boolean;
  keepKind?: boolean;
  /** The saved main kind moves to the second kind's place. */
  demoteMain?: boolean;
} | null {
  const { main, extra, awaiting, corrects } = state;
  const awaitedSize = awaiting === 'dataSize' || awaiting === 'extraDataSize';
  // "it's 300 pairs, not 3k": the saved amount it names is the one corrected, whatever kind it is of.
  if (act.replaces !== undefined && act.amount) {
    // "the unlabeled data is 2 million, not 5000" where 5,000 is the labelled set's: the kind named
    // says which amount is meant; the number set aside is only misremembered.
    if (act.kindNamed && act.kind !== null && main?.value !== extra?.value) {
      if (main?.value === act.kind) return { slot: 'dataKind', overwriteSize: true, keepKind: true };
      if (extra?.value === act.kind) return { slot: 'extraDataKind', overwriteSize: true, keepKind: true };
    }
    if (state.extraSize === act.replaces)
      return { slot: 'extraDataKind', overwriteSize: true, keepKind: true };
    if (state.mainSize === act.replaces) return { slot: 'dataKind', overwriteSize: true, keepKind: true };
  }
  // An amount of no particular kind ("about 2k", "800 examples") counts the kind being discussed.
  if (act.kind === null) {
    if (!act.amount) return null;
    if (awaiting === 'extraDataSize') return { slot: 'extraDataKind', overwriteSize: true };
    if (awaitedSize || awaiting === 'dataKind') return { slot: 'dataKind', overwriteSize: true };
    // An amount of no stated kind replaces the saved one only when the user says it corrects it.
    if (main?.value !== undefined && main.value !== 'none' && (!state.sizeKnown || act.correction))
      return { slot: 'dataKind', overwriteSize: act.correction };
    return main === undefined ? { slot: 'dataKind', overwriteSize: false } : null;
  }
  // "no no, they're not unlabeled docs, it's input->output pairs": the kind denied is replaced.
  if (act.denies !== undefined && act.kind !== 'none' && !act.additive) {
    if (main?.value === act.denies) return { slot: 'dataKind', overwriteSize: act.amount !== undefined };
    if (extra?.value === act.denies)
      return { slot: 'extraDataKind', overwriteSize: act.amount !== undefined };
  }
  // Asked how many of a kind read only in passing, "about 2,800 PDFs" says what the data is.
  if (
    awaiting === 'dataSize' &&
    main?.inPassing === true &&
    !state.sizeKnown &&
    act.amount !== undefined &&
    act.kind !== main.value &&
    act.kind !== 'none' &&
    !act.additive
  )
    return { slot: 'dataKind', overwriteSize: true };
  // Asked how many of the kind held, "we have 25 of those", "about 50,000 such pairs": an amount
  // whose kind the words do not name counts the kind asked about, not a new one.
  // The kind asked about, keeping its kind and taking this amount, when the act counts it.
  const countsAsked = (otherKindToo: boolean) => {
    const asked = awaiting === 'dataSize' ? main : extra;
    const other = awaiting === 'dataSize' ? extra : main;
    if (asked?.source !== 'user' || asked.value === 'none' || act.kind === asked.value) return null;
    if (!otherKindToo && act.kind === other?.value) return null;
    return {
      slot: awaiting === 'dataSize' ? ('dataKind' as const) : ('extraDataKind' as const),
      overwriteSize: true,
      keepKind: true,
    };
  };
  if (awaitedSize && index === 0 && act.amount !== undefined && !act.stated && !act.correction) {
    const sizeOpen = awaiting === 'dataSize' ? !state.sizeKnown : state.extraSize === undefined;
    const target = sizeOpen ? countsAsked(false) : null;
    if (target) return target;
  }
  // Asked how many "past reports with their box scores", "1,100 reports" counts them: a kind that
  // is only what the bare noun usually is does not move the data already known.
  // So too asked how many of the second kind ("notes written by our jurists" → "Around 700
  // notes"), though the bare noun's usual kind is the first kind's.
  if (awaitedSize && act.amount !== undefined && act.nounDefault === true && !act.correction) {
    const target = countsAsked(awaiting === 'extraDataSize');
    if (target) return target;
  }
  // Asked how many summaries "we also have", "~700M tokens" answers with text counted in tokens, of
  // no stated size so far: that is the main data, and the one asked about becomes the second kind.
  if (
    awaiting === 'dataSize' &&
    main?.source === 'user' &&
    main.value !== 'none' &&
    !state.sizeKnown &&
    extra === undefined &&
    act.amount?.unit === 'tokens' &&
    act.kind !== main.value &&
    !act.additive &&
    index === 0
  )
    return { slot: 'dataKind', overwriteSize: true, demoteMain: true };
  // Asked for a second kind of data, "wait, it's 20M tokens not 200M" corrects the first.
  if (awaiting === 'extraDataKind' && act.correction && act.amount && act.kind === main?.value)
    return { slot: 'dataKind', overwriteSize: true };
  // Asked for a second kind of data: a different kind is it, the same kind or "none" says there is none.
  if (awaiting === 'extraDataKind' && main?.source === 'user' && index === 0) {
    if (act.kind === 'none' || act.kind === main.value)
      return { slot: 'extraDataKind', overwriteSize: false, none: true };
    return { slot: 'extraDataKind', overwriteSize: true };
  }
  if (act.kind === 'none') {
    const takes = main === undefined || awaiting === 'dataKind' || (corrects && index === 0);
    return takes ? { slot: 'dataKind', overwriteSize: false } : null;
  }
  if (
    main === undefined ||
    main.source !== 'user' ||
    (awaiting === 'dataKind' && index === 0 && !act.additive)
  )
    return { slot: 'dataKind', overwriteSize: awaitedSize };
  // "ran the tokenizer, its ~55M tokens" of text counted in files so far: a count of tokens says more.
  const remeasured = act.amount?.unit === 'tokens' && state.mainUnit === 'items';
  if (main.value === act.kind)
    return { slot: 'dataKind', overwriteSize: awaitedSize || corrects || remeasured };
  if (main.value === 'none') return { slot: 'dataKind', overwriteSize: true };
  if (extra?.value === act.kind)
    return { slot: 'extraDataKind', overwriteSize: awaiting === 'extraDataSize' || corrects };
  // "no wait, I said yes - we DO have 1,500 note/summary pairs": the "no other data" is corrected.
  if (act.correction && extra?.value === 'none' && act.kind !== main.value && act.amount !== undefined)
    return { slot: 'extraDataKind', overwriteSize: true };
  if (act.correction && index === 0 && !act.additive) return { slot: 'dataKind', overwriteSize: true };
  if (act.weight === 'passing') return null;
  return extra === undefined || extra.source !== 'user' || corrects
    ? { slot: 'extraDataKind', overwriteSize: true }
    : null;
}

/** The number as written in a quote ("3k" in "3k help-center articles"), if any. */
function numberIn(quote: string): string | null {
  return /\d[\d.,]*\s?[kmb]?\b/i.exec(quote)?.[0] ?? null;
}

/** Clears the quotes of answers (other than `except`) that contain `number` as a word. */
function forgetQuotesWith(answers: Record<string, Answer>, number: string | null, except: string[]): void {
  if (!number) return;
  const escaped = number.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const word = new RegExp(`(^|[^\\d.,])${escaped}(?![\\d])`, 'i');
  for (const [slot, answer] of Object.entries(answers)) {
    if (except.includes(slot) || answer.source !== 'user') continue;
    if (word.test(answer.quote)) answer.quote = '';
  }
}
