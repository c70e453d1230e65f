import type { PlanContent } from '../content/advice-schema.js';
import type { Content } from '../content/semantics.js';
import type { Act, AskAct, WhatIfAct } from './dialogue/acts.js';
import { DEFAULT_THRESHOLDS, Interpreter, type Thresholds } from './dialogue/interpret.js';
import { migrateSession } from './dialogue/migrate.js';
import type { Outcome } from './dialogue/outcomes.js';
import { type Answerers, Policy, type Turn } from './dialogue/policy.js';
import { Renderer } from './dialogue/render.js';
import { normaliseLabel } from './dialogue/typed-choice.js';
import { AnswerClassifier } from './nlu/classifier.js';
import { Controls } from './nlu/controls.js';
import { GpuReader } from './nlu/gpus.js';
import { SlotRules } from './nlu/slot-rules.js';
import { Speller } from './nlu/speller.js';
import { DataVocabulary } from './nlu/vocabulary.js';
import { buildPlan, type Plan, renderPlanMarkdown } from './plan/plan.js';
import { Presenter } from './present.js';
import { QuestionAnswerer } from './questions/index.js';
import { type Advice, adviceOf, formatCount, recommend } from './recommend/recommend.js';
import type { Answer, Recommendation, Reply, Session, TurnInput } from './types.js';

export interface AdvisorOptions {
  /** A conversation untouched for longer is offered "resume or start over". */
  sessionTtlMs?: number;
  /** Longer messages are read up to this many characters (and the user is told). */
  maxMessageLength?: number;
  /** How sure the classifier must be; the defaults were chosen on the development set. */
  thresholds?: Thresholds;
}

/** A plan to act on, and its Markdown (what every channel exports). */
export interface PlanExport {
  plan: Plan;
  markdown: string;
}

const NO_PLAN_CONTENT: PlanContent = { stages: {}, evaluation: [], training: [] };

export interface TurnResult {
  session: Session;
  replies: Reply[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The advisor core: a pure turn function over plain-JSON sessions. A turn flows one way:
 * interpret (text -> dialogue acts with evidence) -> decide (the policy's named handlers ->
 * outcomes) -> render (outcomes -> replies, wording from data). It knows nothing of Slack, the
 * web or storage; channels call handleTurn and persist the session it returns.
 */
export class Advisor {
  readonly presenter: Presenter;
  readonly interpreter: Interpreter;
  private readonly advice: Advice;
  private readonly policy: Policy;
  private readonly renderer: Renderer;
  private readonly answerer: QuestionAnswerer;
  private readonly ttl: number;
  private readonly maxLength: number;

  constructor(
    readonly content: Content,
    options: AdvisorOptions = {},
  ) {
    // The advice with its planner bound to the flow: steps may ask about the plan (contract v2).
    this.advice = adviceOf({ ...content, flips: content.flips?.flips });
    const { strategies } = this.advice;
    this.presenter = new Presenter(content.knowledge, strategies);
    const vocabulary = new DataVocabulary(content.vocabulary);
    this.answerer = new QuestionAnswerer(content, this.presenter);
    this.interpreter = new Interpreter(
      new SlotRules(
        content.language,
        vocabulary,
        valueNames(content),
        content.gpus ? new GpuReader(content.gpus) : undefined,
      ),
      new Controls(content.language),
      new AnswerClassifier(content.examples, cueExamples(content)),
      options.thresholds ?? DEFAULT_THRESHOLDS,
      (text) => {
        const { entities } = this.answerer.analyse(text);
        return entities.concepts.length > 0 || entities.techniques.length > 0 || entities.papers.length > 0;
      },
      new Speller(knownWords(content), content.englishWords ?? []),
      (text) => this.answerer.analyse(text).entities.papers.length > 0,
    );
    this.policy = new Policy(content, this.advice, this.answerers());
    this.renderer = new Renderer(content, this.presenter, this.advice);
    this.ttl = options.sessionTtlMs ?? DAY_MS;
    this.maxLength = options.maxMessageLength ?? 4000;
  }

  /** The exportable plan for a conversation's current recommendation; null until there is one. */
  plan(session: Session | null): PlanExport | null {
    if (session?.phase !== 'advised') return null;
    return this.planOf(recommend(this.advice, session.answers, { flips: false }));
  }

  /** The plan for a recommendation, also one saved earlier (Slack's history keeps them). */
  planOf(recommendation: Recommendation): PlanExport {
    const plan = buildPlan(this.content.flow, this.content.plan ?? NO_PLAN_CONTENT, recommendation);
    return { plan, markdown: renderPlanMarkdown(plan, this.presenter) };
  }

  newSession(now = new Date()): Session {
    return {
      schema: 2,
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
      session: previous ? migrateSession(structuredClone(previous), this.content.flow) : this.newSession(now),
      outcomes: [],
    };
    if (previous && previous.flowVersion !== this.content.flow.version) {
      turn.outcomes.push({ type: 'note', id: 'flow-changed' });
    }
    const idle = previous ? now.getTime() - Date.parse(previous.updatedAt) : 0;
    if (
      previous &&
      idle > this.ttl &&
      Object.keys(previous.answers).length > 0 &&
      previous.pending?.kind !== 'resume'
    ) {
      turn.session.pending = { kind: 'resume', held: input };
      turn.outcomes.push({ type: 'resume-offer' });
    } else if (turn.session.pending?.kind === 'resume') {
      this.answerResume(turn, input);
    } else {
      this.dispatch(turn, input);
    }
    const replies = this.renderer.render(turn.outcomes, turn.session);
    turn.session.updatedAt = now.toISOString();
    turn.session.turns += 1;
    return { session: turn.session, replies };
  }

  /** The acts a message holds, for tests and evaluation: what the advisor understood, before it acts. */
  interpret(session: Session | null, text: string): Act[] {
    return this.interpreter.interpret(text, this.interpretContext(session ?? this.newSession())).acts;
  }

  private dispatch(turn: Turn, input: TurnInput): void {
    if (input.kind === 'choice') {
      this.policy.choice(turn, input.slot, input.value);
      return;
    }
    let text = input.text.replace(/\p{Cc}/gu, (char) => (char === '\n' || char === '\t' ? char : ' '));
    if (text.trim() === '') {
      turn.outcomes.push({ type: 'error', id: 'empty-message' });
      this.policy.reprompt(turn, true);
      return;
    }
    if (text.length > this.maxLength) {
      text = text.slice(0, this.maxLength);
      turn.outcomes.push({
        type: 'note',
        id: 'long-message',
        params: { count: formatCount(this.maxLength) },
      });
    }
    // Typing an option's label is the same as pressing its button ("Fewer than 50" means 20, not 50).
    const slot = this.policy.awaiting(turn.session);
    if (slot) {
      const options = this.optionsShown(turn.session);
      // "2", typed to a question with options, picks the second, as numbered in the terminal chat.
      const number = OPTION_NUMBER.exec(text);
      const picked =
        number && this.content.flow.slots[slot]?.type === 'enum' ? options[Number(number[1]) - 1] : undefined;
      const typed = picked ?? options.find((option) => normaliseLabel(option.label) === normaliseLabel(text));
      if (typed) {
        this.policy.choice(turn, slot, typed.value);
        return;
      }
    }
    this.policy.text(turn, this.interpreter.interpret(text, this.interpretContext(turn.session)));
  }

  private answerResume(turn: Turn, input: TurnInput): void {
    const pending = turn.session.pending;
    const held = pending?.kind === 'resume' ? pending.held : null;
    turn.session.pending = null;
    const text = input.kind === 'text' ? input.text : input.value;
    const control = this.interpreter
      .interpret(text, this.interpretContext(null))
      .acts.find((act) => act.type === 'control');
    const intent = control?.type === 'control' ? control.control : null;
    if (intent === 'restart') {
      this.policy.reset(turn);
      turn.outcomes.push({ type: 'note', id: 'restart' });
    } else if (intent !== 'resume') {
      // Anything else is taken as "carry on" with this message.
      this.resumePending(turn);
      this.dispatch(turn, input);
      return;
    }
    this.resumePending(turn);
    const heldText = held?.kind === 'text' ? held.text.trim() : '';
    const heldIsControl =
      heldText !== '' &&
      this.interpreter
        .interpret(heldText, this.interpretContext(null))
        .acts.some((act) => act.type === 'control');
    if (held && (held.kind === 'choice' || (heldText !== '' && !heldIsControl))) {
      this.dispatch(turn, held);
    } else {
      this.policy.reprompt(turn);
    }
  }

  /** After a resume, the question that was open is open again. */
  private resumePending(turn: Turn): void {
    if (turn.session.phase !== 'collecting') return;
    const step = this.nextSlot(turn.session);
    if (step) turn.session.pending = { kind: 'slot', slot: step, posings: 1 };
  }

  private nextSlot(session: Session): string | null {
    return this.policy.questionSlot(session);
  }

  private optionsShown(session: Session) {
    const pending = session.pending;
    if (pending?.kind === 'confirm') return pending.options;
    const slot = this.policy.awaiting(session);
    return slot ? (this.policy.questionFor(session, slot)?.choices ?? []) : [];
  }

  private interpretContext(session: Session | null) {
    const { flow } = this.content;
    const awaiting = session ? this.policy.awaiting(session) : null;
    return {
      awaiting,
      phase: session?.phase ?? 'collecting',
      slotType: (slot: string) => flow.slots[slot]?.type,
      values: (slot: string) => {
        const definition = flow.slots[slot];
        return definition?.type === 'enum' ? Object.keys(definition.values) : [];
      },
      saved: (slot: string) => {
        const answer = session?.answers[slot];
        return answer?.source === 'user' ? answer.value : undefined;
      },
      counts: (slot: string) => {
        const definition = flow.slots[slot];
        return definition?.type === 'number' ? definition.counts : undefined;
      },
      answered: () =>
        Object.keys(flow.slots).flatMap((slot) => {
          const answer = session?.answers[slot];
          return answer ? [{ slot, value: answer.value }] : [];
        }),
    };
  }

  /** Questions and "what if"s: answered from the knowledge and the recommender, never saved. */
  private answerers(): Answerers {
    const recommendationOf = (session: Session) => {
      let recommendation: Recommendation | null | undefined;
      // Built only for questions that need it ("what did LIMA show?" does not).
      return () => {
        recommendation ??= session.phase === 'advised' ? recommend(this.advice, session.answers) : null;
        return recommendation;
      };
    };
    const contextOf = (session: Session, hypothetical: Record<string, Answer>) => {
      const current = recommendationOf(session);
      return {
        answers: session.answers,
        get recommendation() {
          return current();
        },
        hypothetical,
      };
    };
    return {
      question: (act: AskAct, session: Session): Outcome => {
        const analysis = this.answerer.analyse(act.text);
        return { type: 'reply', reply: this.answerer.answer(analysis, act.text, contextOf(session, {})) };
      },
      whatIf: (act: WhatIfAct, session: Session): Outcome => {
        const hypothetical = this.hypothetical(act, session);
        const analysis = this.answerer.analyse(act.text);
        // "If we use LoRA, what rank?" asks something else under a condition, and a "what if"
        // that changes none of the answers is a question for the research.
        // "What if we also had editors rank 2k pairs?" opens as a what-if whatever its words name.
        const opensAsWhatIf = /^\W*((and|so|ok|okay|but) )?what if\b/i.test(act.text);
        // A unit alone ("… fine-tuning alone was better") changes no answer.
        const changes = Object.keys(hypothetical).filter(
          (slot) => slot !== 'dataUnit' && slot !== 'extraDataUnit',
        );
        if ((analysis.type !== 'what-if' && !opensAsWhatIf) || changes.length === 0) {
          return { type: 'reply', reply: this.answerer.answer(analysis, act.text, contextOf(session, {})) };
        }
        // Before any advice there is nothing to compare with: "what if my mix has zero
        // chain-of-thought examples, does that matter" asks the research, when it has an answer.
        if (session.phase !== 'advised') {
          const answered = this.answerer.answer(analysis, act.text, contextOf(session, {}));
          if (!answered.responses?.includes('answer.unknown')) return { type: 'reply', reply: answered };
        }
        return { type: 'reply', reply: this.answerer.whatIfReply(contextOf(session, hypothetical)) };
      },
    };
  }

  /** The answers a "what if" would set, where they differ from the saved ones and the flow knows them. */
  private hypothetical(act: WhatIfAct, session: Session): Record<string, Answer> {
    const hypothetical: Record<string, Answer> = {};
    for (const change of act.changes) {
      if (session.answers[change.slot]?.value === change.value) continue;
      const definition = this.content.flow.slots[change.slot];
      if (!definition || (definition.type === 'enum' && !(String(change.value) in definition.values)))
        continue;
      hypothetical[change.slot] = { value: change.value, source: 'user', quote: change.quote };
      if (definition.type === 'number' && definition.unit) {
        hypothetical[definition.unit] = {
          value: change.unit ?? 'items',
          source: 'user',
          quote: change.quote,
        };
      }
    }
    return hypothetical;
  }
}

/**
 * The cue phrases and short answers of flows/language.yaml, as extra training replies: they are
 * realistic fragments ("changes every week", "not really") and cost nothing to learn from.
 */
function cueExamples(content: Content): Record<string, Record<string, string[]>> {
  const extra: Record<string, Record<string, string[]>> = {};
  const add = (slot: string, value: string, phrases: string[]) => {
    const byValue = extra[slot] ?? {};
    byValue[value] = [...(byValue[value] ?? []), ...phrases];
    extra[slot] = byValue;
  };
  for (const [slot, byValue] of Object.entries(content.language.slots))
    for (const [value, cues] of Object.entries(byValue)) add(slot, value, cues.strong);
  for (const [slot, byValue] of Object.entries(content.language.answers))
    for (const [value, phrases] of Object.entries(byValue)) add(slot, value, phrases);
  return extra;
}

/** A reply that is only an option's number: "1", "#2", "3)". */
const OPTION_NUMBER = /^\s*#?([1-9])[.)]?\s*$/;

/**
 * The words that name each value itself: its id and the first word of its button label ("far",
 * "specialised"; "static", "rarely"). Replied on their own, they are answers nothing overrules.
 */
function valueNames(content: Content): Record<string, Record<string, string[]>> {
  const names: Record<string, Record<string, string[]>> = {};
  for (const [slot, definition] of Object.entries(content.flow.slots)) {
    if (definition.type !== 'enum') continue;
    const bySlot: Record<string, string[]> = {};
    for (const [value, { label }] of Object.entries(definition.values)) {
      const first = /\p{L}+/u.exec(label)?.[0]?.toLowerCase();
      bySlot[value] = first ? [value, first] : [value];
    }
    names[slot] = bySlot;
  }
  return names;
}

/**
 * The words the advisor knows, for reading misspellings: its language data, its training
 * replies, its questions and its knowledge. A word of these is never "corrected".
 */
function* knownWords(content: Content): Generator<string> {
  const texts: string[] = [
    ...Object.values(content.language.slots).flatMap((byValue) =>
      Object.values(byValue).flatMap((cues) => [...cues.strong, ...(cues.weak ?? [])]),
    ),
    ...Object.values(content.language.answers).flatMap((byValue) => Object.values(byValue).flat()),
    ...Object.values(content.language.scopes).flat(),
    ...Object.values(content.language.controls).flat(),
    ...content.language.dismissals,
    ...content.language.drifts,
    ...Object.keys(content.vocabulary.dataNouns),
    ...content.examples.flatMap((set) => [...Object.values(set.values).flat(), ...set.unclear]),
    ...content.flow.steps.flatMap((step) => [step.question ?? '', step.help, step.rephrase ?? '']),
    ...content.knowledge.flatMap((entry) => [entry.title, entry.summary, ...entry.implications]),
    ...content.concepts.flatMap((concept) => [JSON.stringify(concept)]),
  ];
  for (const text of texts) yield* text.toLowerCase().match(/\p{L}+/gu) ?? [];
}
