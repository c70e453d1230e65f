import type { Strategy } from '../content/advice-schema.js';
import type { StrategyId } from '../content/knowledge-schema.js';
import type { Content } from '../content/semantics.js';
import {
  applyInferences,
  enumLabel,
  nextStep,
  profileOf,
  type Question,
  questionFor,
  stepForSlot,
} from './flow/engine.js';
import { parseSizeValue } from './flow/size.js';
import { Followups } from './followups.js';
import { KnowledgeIndex } from './knowledge/retrieval.js';
import { type SlotFinding, Understander, type Understanding } from './nlu/understand.js';
import { Presenter } from './present.js';
import {
  type Advice,
  answersForValue,
  describeValue,
  formatCount,
  recommend,
  score,
} from './recommend/recommend.js';
import type { Answer, Recommendation, Reply, Segment, Session, TurnInput } from './types.js';

export interface AdvisorOptions {
  /** A conversation untouched for longer is offered "resume or start over". */
  sessionTtlMs?: number;
  /** Longer messages are read up to this many characters (and the user is told). */
  maxMessageLength?: number;
}

export interface TurnResult {
  session: Session;
  replies: Reply[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const CONTROLS_HINT =
  'You can answer in your own words or pick an option, and say “back”, “skip”, “where are we” or “start over” at any time. Questions are welcome too, e.g. “what did LIMA show?”.';

/** One turn's working state: the session being changed and what to say. */
interface Turn {
  session: Session;
  /** Paragraphs to put before the next question or recommendation ("Got it: …"). */
  notes: string[];
  replies: Reply[];
}

/**
 * The advisor core: a pure turn function over plain-JSON sessions. It knows nothing of Slack, the
 * web or storage; channels call handleTurn and persist the session it returns.
 */
export class Advisor {
  readonly presenter: Presenter;
  private readonly advice: Advice;
  private readonly understander: Understander;
  private readonly followups: Followups;
  private readonly ttl: number;
  private readonly maxLength: number;

  constructor(
    readonly content: Content,
    options: AdvisorOptions = {},
  ) {
    const strategies = new Map<StrategyId, Strategy>(
      content.strategies.map((strategy) => [strategy.id, strategy]),
    );
    this.advice = { flow: content.flow, rules: content.rules, strategies };
    this.presenter = new Presenter(content.knowledge, strategies);
    this.understander = new Understander(content.language, content.strategies, content.knowledge);
    this.followups = new Followups(
      this.advice,
      this.presenter,
      new KnowledgeIndex(content.knowledge),
      content.knowledge,
    );
    this.ttl = options.sessionTtlMs ?? DAY_MS;
    this.maxLength = options.maxMessageLength ?? 4000;
  }

  newSession(now = new Date()): Session {
    return {
      schema: 1,
      flowId: this.content.flow.id,
      flowVersion: this.content.flow.version,
      phase: 'collecting',
      answers: {},
      history: [],
      pending: null,
      advisedProfile: null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      turns: 0,
    };
  }

  handleTurn(previous: Session | null, input: TurnInput, now = new Date()): TurnResult {
    const turn: Turn = {
      session: previous ? this.migrate(structuredClone(previous)) : this.newSession(now),
      notes: [],
      replies: [],
    };
    if (previous && previous.flowVersion !== this.content.flow.version) {
      turn.notes.push(
        'My questions have changed since we last spoke; I kept every answer that still applies.',
      );
    }
    const idle = previous ? now.getTime() - Date.parse(previous.updatedAt) : 0;
    if (
      previous &&
      idle > this.ttl &&
      Object.keys(previous.answers).length > 0 &&
      previous.pending?.kind !== 'resume'
    ) {
      this.offerResume(turn, input);
    } else if (turn.session.pending?.kind === 'resume') {
      this.answerResume(turn, input);
    } else if (input.kind === 'choice') {
      this.handleChoice(turn, input.slot, input.value);
    } else {
      this.handleText(turn, input.text);
    }
    turn.session.updatedAt = now.toISOString();
    turn.session.turns += 1;
    return { session: turn.session, replies: turn.replies };
  }

  // ---- sessions -------------------------------------------------------------------------------

  /** Keeps the answers an edited flow still understands. */
  private migrate(session: Session): Session {
    const { flow } = this.content;
    if (session.flowVersion === flow.version && session.flowId === flow.id) return session;
    for (const [slot, answer] of Object.entries(session.answers)) {
      const definition = flow.slots[slot];
      const valid =
        definition?.type === 'number'
          ? typeof answer.value === 'number'
          : definition?.type === 'enum' && String(answer.value) in definition.values;
      if (!valid) delete session.answers[slot];
    }
    session.history = session.history.filter((slot) => slot in session.answers);
    // Ask whatever the edited flow now needs next (possibly a question it did not have before).
    session.pending = nextPending(flow, session);
    if (session.pending) session.phase = 'collecting';
    session.flowId = flow.id;
    session.flowVersion = flow.version;
    return session;
  }

  private offerResume(turn: Turn, input: TurnInput): void {
    turn.session.pending = { kind: 'resume', held: input };
    turn.replies.push(
      this.presenter.reply(
        'question',
        [
          { type: 'paragraph', text: 'Welcome back! Last time you told me:' },
          { type: 'list', items: this.answerSummary(turn.session) },
          {
            type: 'paragraph',
            text: 'Shall we pick up where we left off, or start over? (I kept your new message and will read it next.)',
          },
        ],
        {
          choices: [
            { label: 'Resume', value: 'resume' },
            { label: 'Start over', value: 'start over' },
          ],
        },
      ),
    );
  }

  private answerResume(turn: Turn, input: TurnInput): void {
    const pending = turn.session.pending;
    const held = pending?.kind === 'resume' ? pending.held : null;
    turn.session.pending = null;
    const text = input.kind === 'text' ? input.text : input.value;
    const control = this.understander.understand(text, { awaiting: null }).control;
    if (control === 'restart') {
      this.reset(turn);
      turn.notes.push('Starting over.');
    } else if (control !== 'resume') {
      // Anything else is taken as "carry on" with this message.
      this.dispatch(turn, input);
      return;
    }
    const heldText = held?.kind === 'text' ? held.text.trim() : '';
    const heldIsControl =
      heldText !== '' && this.understander.understand(heldText, { awaiting: null }).control !== null;
    if (held && (held.kind === 'choice' || (heldText !== '' && !heldIsControl))) {
      this.dispatch(turn, held);
    } else {
      this.continueFlow(turn);
    }
  }

  private dispatch(turn: Turn, input: TurnInput): void {
    if (input.kind === 'choice') this.handleChoice(turn, input.slot, input.value);
    else this.handleText(turn, input.text);
  }

  private reset(turn: Turn): void {
    const fresh = this.newSession(new Date(turn.session.createdAt));
    turn.session = { ...fresh, turns: turn.session.turns };
  }

  private awaiting(session: Session): string | null {
    const pending = session.pending;
    return pending && pending.kind !== 'resume' ? pending.slot : null;
  }

  // ---- input ----------------------------------------------------------------------------------

  private handleChoice(turn: Turn, slot: string, value: string): void {
    const { flow } = this.content;
    const definition = flow.slots[slot];
    const step = stepForSlot(flow, slot);
    if (!definition || !step) {
      this.error(turn, 'That button no longer applies to this conversation.');
      return;
    }
    if (definition.type === 'enum') {
      if (!(value in definition.values)) {
        this.error(turn, `“${value}” is not one of the options for that question.`);
        return;
      }
      this.apply(turn, [{ slot, value, quote: enumLabel(definition, value), strength: 'strong' }], {
        chosen: true,
      });
    } else {
      const size = parseSizeValue(value);
      if (!size) {
        this.error(turn, `“${value}” is not an amount I can use; try a number such as 500.`);
        return;
      }
      const label = questionFor(flow, step, profileOf(flow, turn.session.answers)).choices.find(
        (c) => c.value === value,
      )?.label;
      this.apply(
        turn,
        [{ slot, value: size.size, unit: size.unit, quote: label ?? value, strength: 'strong' }],
        {
          chosen: true,
        },
      );
    }
    this.continueFlow(turn);
  }

  private handleText(turn: Turn, raw: string): void {
    let text = raw.replace(/\p{Cc}/gu, (char) => (char === '\n' || char === '\t' ? char : ' '));
    if (text.trim() === '') {
      this.error(turn, "I didn't get any text.");
      return;
    }
    if (text.length > this.maxLength) {
      text = text.slice(0, this.maxLength);
      turn.notes.push(
        `That was a long message, so I read its first ${formatCount(this.maxLength)} characters.`,
      );
    }
    const awaiting = this.awaiting(turn.session);
    // Typing an option's label is the same as pressing its button ("Fewer than 50" means 20, not 50).
    const options =
      turn.session.pending?.kind === 'clarify'
        ? turn.session.pending.options
        : (this.question(turn)?.choices ?? []);
    const typed = options.find((option) => normalise(option.label) === normalise(text));
    if (awaiting && typed) {
      this.handleChoice(turn, awaiting, typed.value);
      return;
    }
    const understanding = this.understander.understand(text, { awaiting });
    const updates = this.updatesFrom(understanding, turn.session);
    const answersAwaited = updates.some((update) => update.slot === awaiting);

    switch (understanding.control) {
      case 'restart':
        this.reset(turn);
        turn.notes.push('Starting over.');
        if (updates.length > 0) this.apply(turn, this.updatesFrom(understanding, turn.session));
        this.continueFlow(turn);
        return;
      case 'back':
        if (updates.length === 0) {
          this.goBack(turn);
          return;
        }
        break;
      case 'skip':
        if (!answersAwaited) {
          this.skip(turn);
          return;
        }
        break;
      case 'help':
      case 'status':
      case 'resume':
      case 'greeting':
      case 'thanks':
        if (updates.length === 0) {
          this.converse(turn, understanding.control);
          return;
        }
        break;
      default:
        break;
    }

    const question = understanding.question;
    const describesSituation = understanding.seeksAdvice && updates.length > 0;
    const answersTheQuestion = question?.form === 'general' && answersAwaited;
    if (question && !describesSituation && !answersTheQuestion) {
      const { advice, session } = { advice: this.advice, session: turn.session };
      let recommendation: Recommendation | null | undefined;
      // Built only for questions that need it ("what did LIMA show?" does not).
      const current = () => {
        recommendation ??= session.phase === 'advised' ? recommend(advice, session.answers) : null;
        return recommendation;
      };
      const hypothetical: Record<string, Answer> = {};
      if (question.form === 'what-if') {
        // Only what the question changes: "what if we had 30 examples" repeats the data kind. A
        // hypothesis named only in passing ("what if it were facts?") still counts when it is all there is.
        const changes = (candidates: SlotFinding[]) =>
          candidates.filter((update) => turn.session.answers[update.slot]?.value !== update.value);
        const strong = changes(updates);
        const named =
          strong.length > 0 ? strong : changes(this.updatesFrom(understanding, turn.session, true));
        for (const update of named) Object.assign(hypothetical, this.answersFor(update));
      }
      turn.replies.push(
        this.followups.answer(question, text, {
          answers: turn.session.answers,
          get recommendation() {
            return current();
          },
          hypothetical,
        }),
      );
      if (turn.session.phase === 'collecting') this.prompt(turn, 'Back to my question:');
      return;
    }

    if (updates.length === 0) {
      const clarify = understanding.ambiguous.find(
        (item) => turn.session.answers[item.slot] === undefined || item.slot === awaiting,
      );
      if (clarify) {
        this.clarify(turn, clarify.slot, clarify.values);
        return;
      }
      if (awaiting === 'dataSize' && understanding.vagueAmount) {
        turn.notes.push('I need a rough number: “a lot” can mean 500 or 5 million. A ballpark is fine.');
        this.prompt(turn);
        return;
      }
      if (awaiting) {
        turn.notes.push(
          `Sorry, I couldn't tell ${this.slotLabel(awaiting).toLowerCase()} from that. ${CONTROLS_HINT}`,
        );
        this.prompt(turn);
        return;
      }
      if (turn.session.phase === 'advised') {
        turn.replies.push(this.followups.retrieve(text));
        return;
      }
      this.converse(turn, 'greeting');
      return;
    }

    const unresolved = understanding.ambiguous.find((item) => turn.session.answers[item.slot] === undefined);
    // "5k demonstrations and 2k preference pairs": the amount depends on which kind is chosen.
    const sizes =
      unresolved?.slot === 'dataKind' ? sizesPerKind(understanding, unresolved.values) : undefined;
    this.apply(turn, sizes ? updates.filter((update) => update.slot !== 'dataSize') : updates);
    if (unresolved) {
      this.clarify(turn, unresolved.slot, unresolved.values, sizes);
      return;
    }
    this.continueFlow(turn);
  }

  /** The slot values a message gives, with its data amount matched to the kind of data. */
  private updatesFrom(understanding: Understanding, session: Session, includeWeak = false): SlotFinding[] {
    const awaiting = this.awaiting(session);
    const updates = understanding.findings.filter((finding) => {
      if (!this.content.flow.slots[finding.slot]) return false;
      // Incidental words ("the docs rarely change") fill gaps but never overwrite an answer.
      const previous = session.answers[finding.slot];
      const overwrites = previous?.source === 'user' && previous.value !== finding.value;
      return includeWeak || !(finding.strength === 'weak' && overwrites && finding.slot !== awaiting);
    });
    const kind =
      updates.find((update) => update.slot === 'dataKind')?.value ??
      session.answers.dataKind?.value ??
      undefined;
    const sizes = understanding.sizesByKind;
    // Prefer the amount counted in this kind of data; otherwise the largest amount named, since
    // small numbers ("two answers", "one task") are rarely the size of a dataset.
    const size =
      largest(kind !== undefined ? sizes[String(kind)] : undefined) ?? largest(Object.values(sizes).flat());
    if (size) updates.push(size);
    // Saying how often the facts change means facts matter: a pure-style goal becomes both.
    const change = updates.find((update) => update.slot === 'knowledgeChange');
    const goal = updates.find((update) => update.slot === 'goal');
    if (change && (goal?.value ?? session.answers.goal?.value) === 'alignment') {
      if (goal) goal.value = 'both';
      else updates.push({ slot: 'goal', value: 'both', quote: change.quote, strength: 'strong' });
    }
    return updates;
  }

  private answersFor(update: SlotFinding): Record<string, Answer> {
    const answer: Answer = { value: update.value, source: 'user', quote: update.quote };
    if (update.vague)
      answer.interpretation = `I read “${update.vague}” as about ${formatCount(Number(update.value))}.`;
    if (update.slot !== 'dataSize') return { [update.slot]: answer };
    return {
      dataSize: answer,
      dataUnit: { value: update.unit ?? 'items', source: 'user', quote: update.quote },
    };
  }

  /** Records answers and says what was understood, so a misreading is caught at once. */
  private apply(turn: Turn, updates: SlotFinding[], options: { chosen?: boolean } = {}): void {
    const { session } = turn;
    const understood: string[] = [];
    const changed: string[] = [];
    // Acknowledge in the order the questions would have been asked.
    const order = this.content.flow.steps.map((step) => step.slot);
    const rank = (slot: string) => (order.includes(slot) ? order.indexOf(slot) : order.length);
    for (const update of [...updates].sort((a, b) => rank(a.slot) - rank(b.slot))) {
      const previous = session.answers[update.slot];
      const answers = this.answersFor(update);
      if (options.chosen) for (const answer of Object.values(answers)) answer.chosen = true;
      Object.assign(session.answers, answers);
      session.history = [...session.history.filter((slot) => slot !== update.slot), update.slot];
      const profile = profileOf(this.content.flow, session.answers);
      const now = describeValue(this.content.flow, update.slot, update.value, {
        ...profile,
        ...valuesOf(answers),
      });
      const interpretation = answers[update.slot]?.interpretation;
      if (previous && previous.source === 'user' && previous.value !== update.value) {
        changed.push(
          `${this.slotLabel(update.slot).toLowerCase()}: ${describeValue(this.content.flow, update.slot, previous.value, profile)} → ${now}`,
        );
      } else if (!previous || previous.value !== update.value) {
        understood.push(`${this.slotLabel(update.slot).toLowerCase()}: ${now}`);
      }
      if (interpretation) turn.notes.push(interpretation);
    }
    session.answers = applyInferences(this.content.flow, session.answers);
    const pending = session.pending;
    if (pending?.kind === 'clarify' && session.answers[pending.slot]) {
      const size = pending.sizes?.[String(session.answers[pending.slot]?.value)];
      if (size && !updates.some((update) => update.slot === 'dataSize')) {
        Object.assign(session.answers, this.answersFor({ slot: 'dataSize', strength: 'strong', ...size }));
        session.history.push('dataSize');
      }
      session.pending = null;
    }
    if (changed.length > 0) turn.notes.unshift(`Updated ${changed.join('; ')}.`);
    if (understood.length > 0 && !options.chosen) turn.notes.unshift(`Got it: ${understood.join('; ')}.`);
  }

  // ---- flow -----------------------------------------------------------------------------------

  /** Asks the next relevant question, or recommends when nothing that matters is missing. */
  private continueFlow(turn: Turn): void {
    const { session } = turn;
    const step = nextStep(this.content.flow, session.answers);
    if (step) {
      if (session.phase === 'advised') turn.notes.push('That raises a new question:');
      session.phase = 'collecting';
      session.pending = { kind: 'slot', slot: step.slot };
      this.prompt(turn);
      return;
    }
    const recommendation = recommend(this.advice, session.answers);
    const before = session.advisedProfile ? this.primaryOf(session) : null;
    if (
      before &&
      session.phase === 'advised' &&
      JSON.stringify(session.advisedProfile) === JSON.stringify(recommendation.profile)
    ) {
      turn.notes.push(
        `Nothing changed: ${this.presenter.strategyName(recommendation.primary)} still comes first.`,
      );
    } else if (before && before !== recommendation.primary) {
      turn.notes.push(
        `That changes my recommendation: ${this.presenter.strategyName(recommendation.primary)} now comes first instead of ${this.presenter.strategyName(before)}.`,
      );
    } else if (before) {
      turn.notes.push(
        `${this.presenter.strategyName(recommendation.primary)} still comes first; the details below reflect your new answers.`,
      );
    }
    session.phase = 'advised';
    session.pending = null;
    session.advisedProfile = recommendation.profile;
    turn.replies.push(this.presenter.recommendation(recommendation, this.takeNotes(turn)));
  }

  private primaryOf(session: Session): StrategyId | null {
    if (!session.advisedProfile) return null;
    const answers: Record<string, Answer> = {};
    for (const [slot, value] of Object.entries(session.advisedProfile))
      answers[slot] = { value, source: 'user', quote: '' };
    return score(this.advice, profileOf(this.content.flow, answers)).ranking[0] ?? null;
  }

  private takeNotes(turn: Turn): string | undefined {
    const text = turn.notes.join(' ');
    turn.notes = [];
    return text || undefined;
  }

  private question(turn: Turn): Question | undefined {
    const slot = this.awaiting(turn.session);
    const step = slot ? stepForSlot(this.content.flow, slot) : undefined;
    if (!step) return undefined;
    return questionFor(this.content.flow, step, profileOf(this.content.flow, turn.session.answers));
  }

  /** Puts the pending question (with any notes before it), or an open prompt once advised. */
  private prompt(turn: Turn, lead?: string): void {
    const question = this.question(turn);
    const notes = this.takeNotes(turn);
    const body: Segment[] = [];
    if (notes) body.push({ type: 'paragraph', text: notes });
    const pending = turn.session.pending;
    if (pending?.kind === 'clarify') {
      const named = pending.options.map((option) =>
        describeValue(this.content.flow, pending.slot, option.value, {}),
      );
      if (lead) body.push({ type: 'paragraph', text: lead });
      body.push({
        type: 'paragraph',
        text: `You mentioned ${named.join(' and ')}. Which should I plan around (${this.slotLabel(pending.slot).toLowerCase()})?`,
      });
      turn.replies.push(
        this.presenter.reply('clarify', body, { awaiting: pending.slot, choices: pending.options }),
      );
      return;
    }
    if (question) {
      if (lead) body.push({ type: 'paragraph', text: lead });
      body.push({ type: 'paragraph', text: question.text.trim() });
      if (question.step.slot === 'dataSize') {
        body.push({ type: 'paragraph', text: 'A rough number is fine; pick a range or type it.' });
      }
      turn.replies.push(
        this.presenter.reply('question', body, {
          awaiting: question.step.slot,
          choices: question.choices,
        }),
      );
      return;
    }
    body.push({
      type: 'paragraph',
      text:
        turn.session.phase === 'advised'
          ? 'Ask me anything about the recommendation, change an answer (“actually we have 5k examples”), or say “start over”.'
          : 'Tell me about your project in a sentence or two.',
    });
    turn.replies.push(this.presenter.reply('info', body));
  }

  private clarify(
    turn: Turn,
    slot: string,
    values: string[],
    sizes?: Extract<Session['pending'], { kind: 'clarify' }>['sizes'],
  ): void {
    const definition = this.content.flow.slots[slot];
    const options = values.map((value) => ({ label: enumLabel(definition, value), value }));
    turn.session.pending = sizes
      ? { kind: 'clarify', slot, options, sizes }
      : { kind: 'clarify', slot, options };
    this.prompt(turn);
  }

  private goBack(turn: Turn): void {
    const { session } = turn;
    const last = [...session.history].reverse().find((slot) => session.answers[slot]?.source === 'user');
    if (!last) {
      turn.notes.push("We're at the first question already.");
      if (!this.awaiting(session)) session.pending = nextPending(this.content.flow, session);
      this.prompt(turn);
      return;
    }
    delete session.answers[last];
    if (last === 'dataSize') delete session.answers.dataUnit;
    session.history = session.history.filter((slot) => slot !== last);
    session.answers = applyInferences(this.content.flow, session.answers);
    session.phase = 'collecting';
    session.pending = { kind: 'slot', slot: last };
    turn.notes.push(`OK, back one step (your answer was cleared: ${this.slotLabel(last).toLowerCase()}).`);
    this.prompt(turn);
  }

  private skip(turn: Turn): void {
    const question = this.question(turn);
    if (!question) {
      turn.notes.push('There is no open question to skip.');
      this.prompt(turn);
      return;
    }
    if (!question.skip) {
      turn.notes.push('I need an answer to this one to give useful advice.');
      this.prompt(turn);
      return;
    }
    const answers = answersForValue(
      this.content.flow,
      question.step.slot,
      question.skip.value,
      'default',
      question.skip.assumption,
    );
    Object.assign(turn.session.answers, answers);
    turn.session.history.push(question.step.slot);
    turn.session.answers = applyInferences(this.content.flow, turn.session.answers);
    turn.notes.push(
      `No problem. ${question.skip.assumption} That lowers my confidence a little; tell me later if you find out.`,
    );
    this.continueFlow(turn);
  }

  private converse(turn: Turn, intent: NonNullable<Understanding['control']>): void {
    const { session } = turn;
    switch (intent) {
      case 'help': {
        const question = this.question(turn);
        turn.notes.push(
          question
            ? `${question.step.help.trim()} ${CONTROLS_HINT}`
            : `I recommend a fine-tuning strategy for your project, with the research behind it. ${CONTROLS_HINT}`,
        );
        this.prompt(turn);
        return;
      }
      case 'status': {
        const items = this.answerSummary(session);
        const notes = this.takeNotes(turn);
        const body: Segment[] = [
          ...(notes ? [{ type: 'paragraph' as const, text: notes }] : []),
          {
            type: 'paragraph',
            text: items.length > 0 ? 'So far you told me:' : "You haven't told me anything yet.",
          },
        ];
        if (items.length > 0) body.push({ type: 'list', items });
        const remaining = this.remainingQuestions(session);
        body.push({
          type: 'paragraph',
          text:
            session.phase === 'advised'
              ? `I have what I need; my recommendation is ${this.presenter.strategyTitle(recommend(this.advice, session.answers).primary)}.`
              : `About ${remaining} question${remaining === 1 ? '' : 's'} to go.`,
        });
        turn.replies.push(this.presenter.reply('info', body));
        if (session.phase === 'collecting') this.prompt(turn);
        return;
      }
      case 'thanks':
        turn.notes.push('You’re welcome!');
        this.prompt(turn);
        return;
      case 'resume':
      case 'greeting': {
        if (Object.keys(session.answers).length === 0) {
          turn.notes.push(
            'Hi! I help you decide between continued pretraining, supervised fine-tuning, instruction tuning, RAG and DPO (or just prompting), with the research behind each recommendation. Describe your project in a sentence or two, or answer my questions.',
          );
        } else if (intent === 'greeting') {
          turn.notes.push('Hi again!');
        }
        if (!this.awaiting(session) && session.phase === 'collecting') {
          this.continueFlow(turn);
          return;
        }
        this.prompt(turn);
        return;
      }
      default:
        this.prompt(turn);
        return;
    }
  }

  private error(turn: Turn, message: string): void {
    const notes = this.takeNotes(turn);
    turn.replies.push(
      this.presenter.reply('error', [
        { type: 'paragraph', text: [notes, message].filter(Boolean).join(' ') },
      ]),
    );
    if (!this.awaiting(turn.session) && turn.session.phase === 'collecting') {
      turn.session.pending = nextPending(this.content.flow, turn.session);
    }
    this.prompt(turn);
  }

  // ---- summaries ------------------------------------------------------------------------------

  private slotLabel(slot: string): string {
    return this.content.flow.slots[slot]?.label ?? slot;
  }

  private answerSummary(session: Session): string[] {
    const profile = profileOf(this.content.flow, session.answers);
    return Object.entries(profile)
      .filter(([slot]) => slot !== 'dataUnit')
      .map(([slot, value]) => {
        const answer = session.answers[slot];
        const how =
          answer?.source === 'default' ? ' (assumed)' : answer?.source === 'inferred' ? ' (inferred)' : '';
        return `${this.slotLabel(slot)}: ${describeValue(this.content.flow, slot, value, profile)}${how}`;
      });
  }

  private remainingQuestions(session: Session): number {
    let answers = { ...session.answers };
    let count = 0;
    for (let step = nextStep(this.content.flow, answers); step; step = nextStep(this.content.flow, answers)) {
      const question = questionFor(this.content.flow, step, profileOf(this.content.flow, answers));
      count += 1;
      answers = {
        ...answers,
        ...answersForValue(
          this.content.flow,
          step.slot,
          question.skip?.value ?? question.choices[0]?.value ?? '',
          'default',
          '',
        ),
      };
      if (answers[step.slot] === undefined) break;
    }
    return count;
  }
}

/** One amount per named kind of data, when the message gives a different amount for each. */
function sizesPerKind(
  understanding: Understanding,
  kinds: string[],
): Record<string, { value: number; unit: 'items' | 'tokens'; quote: string }> | undefined {
  const sizes: Record<string, { value: number; unit: 'items' | 'tokens'; quote: string }> = {};
  for (const kind of kinds) {
    const size = largest(understanding.sizesByKind[kind]);
    if (size) sizes[kind] = { value: Number(size.value), unit: size.unit ?? 'items', quote: size.quote };
  }
  return Object.keys(sizes).length >= 2 ? sizes : undefined;
}

function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function largest(candidates: SlotFinding[] = []): SlotFinding | undefined {
  return candidates.reduce<SlotFinding | undefined>(
    (best, candidate) => (!best || Number(candidate.value) > Number(best.value) ? candidate : best),
    undefined,
  );
}

function valuesOf(answers: Record<string, Answer>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(answers).map(([slot, answer]) => [slot, answer.value]));
}

function nextPending(flow: Content['flow'], session: Session): Session['pending'] {
  const step = nextStep(flow, session.answers);
  return step ? { kind: 'slot', slot: step.slot } : null;
}
