import type { Strategy } from '../../content/advice-schema.js';
import {
  type Concept,
  entryName,
  type Facet,
  type KnowledgeEntry,
  type StrategyId,
} from '../../content/knowledge-schema.js';
import type { Content } from '../../content/semantics.js';
import { whenHolds } from '../flow/conditions.js';
import { profileOf } from '../flow/engine.js';
import type { Presenter } from '../present.js';
import { type Advice, describeValue, recommend, stagesOf, strongestReasons } from '../recommend/recommend.js';
import type { Answer, Recommendation, Reply, Segment } from '../types.js';
import {
  AMOUNT_STATED,
  type QuestionAnalysis,
  QuestionReader,
  type QuestionType,
  UMBRELLA_STRATEGY,
} from './analyse.js';
import { fitVerdict } from './fit.js';
import { buildPassages, type Passage } from './passages.js';
import { PassageRanker, type RankingMethod } from './rank.js';
import { normalise, terms } from './text.js';

export interface FollowupContext {
  answers: Record<string, Answer>;
  /** The current recommendation, when the flow is complete; may be a getter, read only when needed. */
  recommendation: Recommendation | null;
  /** The answers a "what if" question would set, read from the question itself. */
  hypothetical: Record<string, Answer>;
}

/** The parts of the content the answerer reads. */
export type AnswererContent = Pick<
  Content,
  'flow' | 'rules' | 'strategies' | 'knowledge' | 'concepts' | 'gpus'
>;

export interface AnswererOptions {
  /** How passages are ranked; BM25 was chosen on the development questions (ADR 0007). */
  ranking?: RankingMethod;
}

/** How a question type is served by the facets of passages. */
const FACET_OF: Partial<Record<QuestionType, Facet>> = {
  define: 'define',
  compare: 'compare',
  why: 'why',
  'why-not': 'why',
  'how-much-data': 'how-much-data',
  'how-to': 'how-to',
  evidence: 'evidence',
  risks: 'risks',
  'cost-hardware': 'cost-hardware',
  'training-choice': 'training-choice',
};

/** Below this share of the question's rarer words covered, a retrieved passage is not an answer. */
const MIN_COVERAGE = 0.5;
/** How much a passage of the facet the question's type wants counts over one that is not. */
const FACET_BOOST = 1.5;
/** What a word the knowledge never uses weighs against coverage (a known rare word weighs 3–5). */
const UNKNOWN_WORD_WEIGHT = 3;
/** When the question names a concept, its own passages answer at a lower coverage. */
const MIN_POOL_COVERAGE = 0.25;

/** The practice concepts every question of a type may draw on ("how long" → training time). */
const HOME: Partial<Record<QuestionType, string[]>> = {
  'cost-hardware': ['gpu-memory', 'training-cost'],
  'how-much-data': ['how-many-examples', 'when-to-fine-tune'],
};
/** Concepts that do not apply to someone fine-tuning through a hosted API. */
const HOSTED_MOOT = new Set([
  'lora',
  'qlora',
  'lora-rank',
  'gpu-memory',
  'full-fine-tuning',
  'lora-vs-full-fine-tuning',
]);
/** What a paper's summary counts for against its own claims when the question is specific. */
const SUMMARY_WEIGHT = 0.6;
/** A gap answers a question of any type when it covers this share of the question's own words. */
const GAP_FIRST_COVERAGE = 0.5;
/** Hosted providers by name, and questions about what their services do. */
const VENDOR =
  /\b(azure|bedrock|vertex|sagemaker|together ai|fireworks|openai's (api|service|platform)|openai api)\b/i;
/** Asks what a paper or source itself did, which its setup answers. */
const SETUP =
  /\b(did|do|does) (the|that|this|their|they|it|its|\w+ et al)\b[^?]*\b(use|used|pick|picked|choose|chose|set|do)\b|\b(in|from) the (papers?|study|studies)\b|\bthe (papers?|authors?) (use|used|did|pick|picked)\b|\bwhat did\b|\bhow (was|were) (it|they|that|the \w+) (set|chosen|done|chunked|split)\b/;
const CAPABILITY =
  /\b(support|supports|supported|let|lets|allow|allows|offer|offers|available|which models|what models|how do i|how do we|how to|can i|can we)\b/i;
/** A gap ranked first answers "I don't know" only when it covers at least this share of the question. */
const GAP_COVERAGE = 0.35;
/** A passage joins the answer only when it scores at least this share of the best one. */
const KEEP_RATIO = 0.4;
/** Passages per answer: enough for the figures, short enough to read in Slack. */
const MAX_PASSAGES = 4;
/** A passage with the figure behind an answer joins it at this share of the best one's score. */
const FIGURE_RATIO = 0.2;

interface Composed {
  body: Segment[];
  cites: string[];
  declined: boolean;
  /** Declined because the sources say they do not give this. */
  gap?: boolean;
  /** Declined only because no passage covers the question (not a known gap, price or the like). */
  nothingNew?: boolean;
}

interface Ranked {
  passage: Passage;
  index: number;
  score: number;
}

/**
 * A reply with what it was made of (`answer.<type>`, `answer.unknown` when nothing answers it,
 * `answer.out-of-scope` when a recognised question is outside the sources): what the dialogue core
 * reads to tell an unanswerable "question" mid-flow from an answer.
 */
export type QuestionReply = Reply & { responses: string[] };

/** Marks a reply that says it cannot answer; the wording varies, the substance does not. */
export const DECLINE = "I don't know";
/** Prices not made from GPU hours: services, storage, serving, a vendor's fine-tuning fee. */
const NOT_PRICED_BY_GPU_HOURS =
  /\b(vector ?(db|dbs|database|store|search)|pinecone|weaviate|qdrant|hosting|host it|serving|serve it|inference|per (month|query|request|call|user)|monthly|storage|api calls?|per (1k|1m|million|thousand) tokens|(openai|azure|vertex|bedrock|google|anthropic|the provider|the vendor)\b[^?]*\b(charge|charges|fee|fees|price|pricing|cost)|(charge|charges|fee|fees|price|pricing|cost)\b[^?]*\b(openai|azure|vertex|bedrock)\b|\b(cheaper|cheapest|less expensive)\b[^?]*\b(openai|azure|vertex|bedrock|together(\.ai)?|fireworks|replicate|predibase|openpipe|runpod|lambda|modal|anyscale|mistral's api|the api)\b|\b(openai|azure|vertex|bedrock|together(\.ai)?|fireworks|replicate|predibase|openpipe|runpod|lambda)\b[^?]*\b(cheaper|cheapest)\b)/;
/** A forecast that names a result ("what MMLU should we expect?") rather than success in general. */
/** A question that asks for a yes to what the user already believes: "…, right?", "correct?". */
const CONFIRMING = /\b(right|correct|yes or no|yes\/no|is that it|isn'?t it|am i right)\W*$/i;
/** A yes/no about an amount: "is 300 enough?", "200 enuf?", "too few?". */
const ENOUGH_ASKED =
  /\b(enough|enuf|sufficient|too (few|little|small)|will (that|it) do|(is|are) (that|it|this|those|these) (ok|okay|fine))\b/i;
/** An amount of examples in a question ("300 rewrite pairs", "2k"), not a model size or memory. */
const STATED_AMOUNT = /\b(\d[\d,]*(?:\.\d+)?)\s?(k)?\b(?!\s?(b\b|gb|tb|%|hours?|gpus?|epochs?|tokens?|x\b))/i;
const RESULT_ASKED =
  /\b(score|scores|accuracy|mmlu|benchmark|win rate|results?|performance|bleu|points?)\b|\d/i;

/**
 * Answers questions from the concepts and the research entries, composed for the question's type,
 * with citations. Pure: the same question and context give the same reply.
 */
export class QuestionAnswerer {
  /** The ranking used when none is given; the evaluation CLI switches it to compare methods. */
  static defaultRanking: RankingMethod = 'bm25';
  readonly reader: QuestionReader;
  private readonly passages: Passage[];
  private readonly ranker: PassageRanker;
  private readonly byOwner = new Map<string, number[]>();
  private readonly concepts: Map<string, Concept>;
  private readonly entries: Map<string, KnowledgeEntry>;
  private readonly advice: Advice;

  constructor(
    private readonly content: AnswererContent,
    private readonly present: Presenter,
    options: AnswererOptions = {},
  ) {
    this.passages = buildPassages(content.knowledge, content.concepts);
    this.ranker = new PassageRanker(
      this.passages.map((passage) => passage.terms),
      options.ranking ?? QuestionAnswerer.defaultRanking,
    );
    this.passages.forEach((passage, index) => {
      const list = this.byOwner.get(passage.owner) ?? [];
      list.push(index);
      this.byOwner.set(passage.owner, list);
    });
    this.concepts = new Map(content.concepts.map((concept) => [concept.id, concept]));
    this.entries = new Map(content.knowledge.map((entry) => [entry.id, entry]));
    this.advice = {
      flow: content.flow,
      rules: content.rules,
      strategies: new Map<StrategyId, Strategy>(
        content.strategies.map((strategy) => [strategy.id, strategy]),
      ),
    };
    this.reader = new QuestionReader(
      content.concepts,
      content.knowledge,
      this.passages.flatMap((passage) => passage.terms),
      this.passages.map((passage) => passage.text),
    );
  }

  analyse(text: string): QuestionAnalysis {
    return this.reader.analyse(text);
  }

  answer(analysis: QuestionAnalysis, _text: string, context: FollowupContext): QuestionReply {
    const shown = new Set<string>();
    const body: Segment[] = [];
    const cites: string[] = [];
    const declined: boolean[] = [];
    const gapAnswered: boolean[] = [];
    for (const [index, part] of [analysis, ...analysis.parts].entries()) {
      const composed = this.compose(part, context, shown);
      // A later part on the same topic that finds nothing new ("can you fill this in") adds
      // nothing: the part before has answered it.
      if (index > 0 && composed.nothingNew && part.borrowed && body.length > 0) continue;
      declined.push(composed.declined);
      gapAnswered.push(composed.gap === true);
      if (composed.body.length === 0) continue;
      // A later part about the same thing ("… What other kinds are there?") continues the answer.
      const sameTopic = index > 0 && part.entities.concepts.join() === analysis.entities.concepts.join();
      if (index > 0 && body.length > 0 && !sameTopic)
        body.push({ type: 'heading', text: capitalise(part.text.replace(/\?*$/, '?')) });
      body.push(...composed.body);
      cites.push(...composed.cites);
    }
    // "so step one is retrieval, right?": the plan says yes before the research says why.
    const confirmed = this.planConfirmed(analysis, context);
    if (confirmed) body.unshift({ type: 'paragraph', text: confirmed });
    // "Can I do full fine-tuning on my 4090?": the yes or no comes first, then the research.
    const fit = confirmed
      ? undefined
      : fitVerdict(_text || analysis.text, this.content.gpus, context.answers);
    if (fit) {
      body.unshift({ type: 'paragraph', text: fit.text.join(' ') });
      cites.unshift(...fit.cites);
    }
    const reply = this.present.reply('answer', dedupeSegments(body), {
      citations: unique(cites).slice(0, 6),
    });
    // What the dialogue core reads: an unanswerable question (often an answer in question form,
    // mid-flow) is 'answer.unknown'; a recognised question outside the sources is answered honestly.
    // A question that names nothing we know and that nothing answers may be an answer in question
    // form ("could it just read our docs?"); a recognised topic the sources do not cover is not.
    const recognised =
      analysis.asksPrice ||
      analysis.asksModelPick ||
      analysis.asksLegal ||
      analysis.asksOperations ||
      analysis.asksErrand ||
      analysis.offTopic ||
      analysis.asksForecast ||
      analysis.unknown.length > 0 ||
      analysis.entities.concepts.length > 0 ||
      analysis.entities.papers.length > 0 ||
      gapAnswered.some(Boolean);
    const unknown = declined.every(Boolean) && !recognised;
    const responses = [
      unknown ? 'answer.unknown' : declined.some(Boolean) ? 'answer.out-of-scope' : `answer.${analysis.type}`,
    ];
    return { ...reply, responses };
  }

  /**
   * "so we start with SFT, right?", "next step is DPO, correct?": a yes when every strategy the
   * question names is a stage of the plan, said with the plan's order. Anything else is left to
   * the composed answer, which gives the reasons for and against.
   */
  private planConfirmed(analysis: QuestionAnalysis, context: FollowupContext): string | undefined {
    const rec = context.recommendation;
    if (!rec || !CONFIRMING.test(analysis.text)) return undefined;
    const named = unique(analysis.entities.strategies);
    if (named.length === 0) return undefined;
    const stages = stagesOf(rec).map((stage) => stage.strategy);
    if (!named.every((id) => stages.includes(id))) return undefined;
    const plan = stages.map((id) => this.present.strategyName(id)).join(', then ');
    const which = named.map((id) => `${this.present.strategyName(id)} is stage ${stages.indexOf(id) + 1}`);
    return `Yes: ${which.join(' and ')} of your plan (${plan}).`;
  }

  // ---- composition by type ----------------------------------------------------------------------

  private compose(analysis: QuestionAnalysis, context: FollowupContext, shown: Set<string>): Composed {
    if (analysis.unknown.length > 0) return this.uncovered(analysis, shown);
    if (analysis.asksPrice) return this.price(analysis, shown);
    if (analysis.asksLegal) return this.legal(analysis, shown);
    if (analysis.offTopic) return this.offTopic();
    if (analysis.asksOperations) return this.operations();
    if (analysis.asksErrand) return this.errand();
    if (analysis.asksModelPick) return this.modelPick(analysis, shown);
    if (analysis.asksProduct || this.comparesTools(analysis)) return this.product(analysis, shown);
    // "How do I set up DeepSpeed?": a topic the knowledge holds only as a gap is declined with it.
    const outside = this.gapOnly(analysis, shown);
    if (outside) return outside;
    const hosted = this.hostedNote(analysis, context);
    const composed = this.withSizes(analysis, this.composeByType(analysis, context, shown), shown);
    return hosted ? { ...composed, body: [hosted, ...composed.body] } : composed;
  }

  /**
   * "A 13B with LoRA or a 70B with QLoRA?": besides what each needs, the trade-off between a
   * bigger base and a lighter method, which decides it.
   */
  private withSizes(analysis: QuestionAnalysis, composed: Composed, shown: Set<string>): Composed {
    if (!analysis.comparesSizes || composed.declined || analysis.type === 'what-if') return composed;
    const tradeOff = this.rank(analysis, this.byOwner.get('base-vs-instruct') ?? [], 'compare').find(
      (r) => r.passage.kind === 'claim' && r.passage.facets.includes('compare') && !shown.has(r.passage.text),
    );
    if (!tradeOff) return composed;
    // "… on the same 80 GB card": what fits that card, when the answer has not said it yet.
    const card = /\b(\d+ ?gb|gpu|card|a100|h100|4090|3090)\b/i.test(`${analysis.context} ${analysis.text}`)
      ? this.rank(analysis, this.byOwner.get('gpu-memory') ?? [], 'cost-hardware').find(
          (r) => r.passage.kind === 'claim' && !shown.has(r.passage.text),
        )
      : undefined;
    const items = [...(card ? [this.line(card.passage, shown)] : []), this.line(tradeOff.passage, shown)];
    return {
      ...composed,
      body: [...composed.body, { type: 'heading', text: 'Which to pick' }, { type: 'list', items }],
      cites: [...composed.cites, ...(card?.passage.sources ?? []), ...tradeOff.passage.sources],
    };
  }

  /**
   * "What LoRA rank for ours?" from someone fine-tuning through a hosted API: GPUs and adapters
   * are the provider's side, which is said first (the research follows, for reference).
   */
  private hostedNote(analysis: QuestionAnalysis, context: FollowupContext): Segment | undefined {
    if (context.answers.platform?.value !== 'hosted-api') return undefined;
    const named = [...analysis.entities.concepts, ...analysis.contextEntities.concepts];
    if (!named.some((id) => HOSTED_MOOT.has(id))) return undefined;
    return {
      type: 'paragraph',
      text: 'You plan to fine-tune through a hosted API, so GPU memory, LoRA or QLoRA and their rank do not apply to you: they are the provider’s side, not settings you choose. What stays yours is the data, how much of it, and the evaluation. For reference, what the research used when training its own models:',
    };
  }

  private composeByType(analysis: QuestionAnalysis, context: FollowupContext, shown: Set<string>): Composed {
    if (analysis.asksForecast) return this.forecast(analysis, shown);
    // The user's own recommendation is explained from their answers, never declined by a gap.
    const aboutAdvice =
      (analysis.type === 'why' || analysis.type === 'why-not') && context.recommendation !== null;
    const gap = analysis.type === 'what-if' || aboutAdvice ? undefined : this.gapFirst(analysis, shown);
    if (gap) return gap;
    switch (analysis.type) {
      case 'what-if': {
        if (Object.keys(context.hypothetical).length > 0) return this.whatIf(context);
        // "And if we later want it in our support team's voice too?": a goal the question names.
        const goal = this.goalOf(analysis, context);
        if (goal) {
          const composed = this.whatIf({ ...context, hypothetical: { goal } });
          // What the research says that goal takes ("SFT on demonstrations …").
          const concept = analysis.entities.concepts.find((id) => this.concepts.get(id)?.category === 'goal');
          const how = this.rank(analysis, this.byOwner.get(concept ?? '') ?? [], 'how-to').find(
            (r) =>
              r.passage.kind === 'claim' && r.passage.facets.includes('how-to') && !shown.has(r.passage.text),
          );
          if (how) {
            composed.body.splice(
              -1,
              0,
              { type: 'paragraph', text: 'What the research says that takes:' },
              { type: 'list', items: [this.line(how.passage, shown)] },
            );
            composed.cites.push(...how.passage.sources);
          }
          return composed;
        }
        // "What if the docs change daily, do we retrain?" may still be answered from the research.
        const answered = this.fromPassages(analysis, shown, 'general');
        return answered.declined ? this.whatIf(context) : answered;
      }
      case 'define':
        return this.define(analysis, shown);
      case 'compare':
        return this.compare(analysis, context, shown);
      case 'why':
      case 'why-not':
        return this.why(analysis, context, shown);
      case 'how-much-data': {
        // "How many examples are in the Flan 2022 collection?" asks the size of a thing, not a need.
        // "LIMA had 1,000 and we have 500, is that enough?" asks about the user's amount.
        const sizeOf =
          !AMOUNT_STATED.test(normalise(`${analysis.context} ${analysis.text}`)) &&
          analysis.entities.strategies.length === 0 &&
          (analysis.entities.papers.length > 0 ||
            analysis.entities.concepts.some((id) => this.concepts.get(id)?.category === 'data'));
        // "Is a GPT-4 judge on 100 prompts enough?" asks about the evaluation, not training data.
        const practice = analysis.entities.concepts.find(
          (id) => this.concepts.get(id)?.category === 'practice' && id !== 'how-many-examples',
        );
        // "… is 300 examples a waste of GPU time?" still asks about the training examples.
        if (
          practice &&
          analysis.entities.strategies.length === 0 &&
          !HOME['how-much-data']?.includes(practice) &&
          !AMOUNT_STATED.test(normalise(analysis.text))
        )
          return this.fromPassages(analysis, shown, 'how-to');
        return sizeOf
          ? this.fromPassages(analysis, shown, 'how-much-data')
          : this.howMuchData(analysis, context, shown);
      }
      case 'evidence': {
        if (
          analysis.entities.concepts.length === 0 &&
          analysis.entities.papers.length > 0 &&
          !this.specific(analysis)
        )
          return this.paper(analysis.entities.papers, shown);
        // "What's the source for the '1,000 examples' claim?": the paper that holds it, with its findings.
        if (
          analysis.entities.papers.length === 0 &&
          (/\b(source|sources|paper|cite|citation|reference|study)\b/i.test(analysis.text) ||
            (analysis.borrowed && /\bcomes? from\b/i.test(analysis.text)))
        ) {
          // "any paper numbers showing DPO on top of SFT helps?": the paper behind what is named,
          // not the nearest paper of all.
          const named = analysis.entities.concepts;
          const best = this.rank(
            analysis,
            named.length > 0 ? this.poolOf(named) : undefined,
            'evidence',
          ).find((r) => r.passage.kind !== 'gap');
          const id = best?.passage.ownerKind === 'entry' ? best.passage.owner : best?.passage.sources[0];
          if (
            best &&
            id &&
            this.entries.get(id)?.kind === 'paper' &&
            this.coverage(analysis, [best]) >= MIN_COVERAGE
          )
            return this.paper([id], shown);
        }
        return this.fromPassages(analysis, shown, 'evidence');
      }
      default:
        return this.fromPassages(analysis, shown, analysis.type);
    }
  }

  /** "What is X": the definition first, then what the sources add. */
  private define(analysis: QuestionAnalysis, shown: Set<string>): Composed {
    const targets = analysis.entities.concepts.slice(0, 2);
    if (targets.length === 0) {
      // "What's in the Tülu-V2-mix?" asks something of the paper; "what is LIMA?" asks for the paper.
      if (analysis.entities.papers.length > 0 && !this.specific(analysis))
        return this.paper(analysis.entities.papers, shown);
      return this.fromPassages(analysis, shown, 'general');
    }
    // "What is the carbon footprint of fine-tuning?" asks something of the name the knowledge may
    // not hold: answered only when the named things' passages cover it.
    const beyond = this.beyondNames(analysis);
    if (beyond.length > 0) {
      const own = this.rank(analysis, this.poolOf(targets), 'define', targets).slice(0, 3);
      if (this.coverage(analysis, own, beyond) < MIN_COVERAGE)
        return this.fromPassages(analysis, shown, 'general', true);
    }
    const body: Segment[] = [];
    const cites: string[] = [];
    for (const id of targets) {
      const concept = this.concepts.get(id);
      if (!concept) continue;
      if (!shown.has(concept.definition.trim())) {
        // A strategy is named as the recommendations name it ("Direct preference optimisation (DPO)").
        const title = concept.strategy
          ? this.present.strategyTitle(concept.strategy)
          : capitalise(concept.name);
        body.push({ type: 'heading', text: title });
        body.push({ type: 'paragraph', text: concept.definition.trim() });
        shown.add(concept.definition.trim());
        cites.push(...concept.sources.slice(0, 1));
      }
      // "What is X?" asks nothing more specific: the concept's passages in the order they were written.
      const own = this.rank(analysis, this.byOwner.get(id) ?? [], 'define');
      const ordered = this.specific(analysis) ? own : [...own].sort((a, b) => a.index - b.index);
      const more = ordered
        .filter((r) => r.passage.kind !== 'definition' && !shown.has(r.passage.text))
        .slice(0, targets.length > 1 ? 1 : 3);
      if (more.length > 0) {
        body.push({ type: 'list', items: more.map((r) => this.line(r.passage, shown)) });
        cites.push(...more.flatMap((r) => r.passage.sources));
      }
    }
    return { body, cites, declined: false };
  }

  /**
   * The distinction concept that tells apart two of the named concepts, if there is one: the one
   * that covers most of them, and of those the narrowest ("RAG for facts, SFT for tone" is RAG vs
   * fine-tuning, not continued pretraining vs SFT, though both list SFT and fine-tuning).
   */
  private distinctionFor(named: string[]): Concept | undefined {
    const own = named
      .map((id) => this.concepts.get(id))
      .find((concept) => concept?.category === 'distinction');
    if (own) return own;
    let best: Concept | undefined;
    let bestCount = 1;
    // "Fine-tuning" and SFT are one side, not two.
    const side = (id: string) => UMBRELLA_STRATEGY[id] ?? id;
    for (const concept of this.content.concepts) {
      const compares = concept.compares ?? [];
      const count = new Set(compares.filter((id) => named.includes(id)).map(side)).size;
      if (
        count > bestCount ||
        (count === bestCount && best && count >= 2 && compares.length < (best.compares ?? []).length)
      ) {
        best = concept;
        bestCount = count;
      }
    }
    return best;
  }

  /** "A vs B": the distinction when we have one, each side's definition otherwise, and the user's case. */
  private compare(analysis: QuestionAnalysis, context: FollowupContext, shown: Set<string>): Composed {
    const named = analysis.entities.concepts;
    const distinction = this.distinctionFor(named);
    const body: Segment[] = [];
    const cites: string[] = [];
    if (distinction) {
      body.push({ type: 'heading', text: capitalise(distinction.name) });
      body.push({ type: 'paragraph', text: distinction.definition.trim() });
      shown.add(distinction.definition.trim());
      cites.push(...distinction.sources.slice(0, 1));
      const more = this.rank(analysis, this.byOwner.get(distinction.id) ?? [], 'compare')
        .filter((r) => r.passage.kind !== 'definition' && !shown.has(r.passage.text))
        .slice(0, 4);
      body.push({ type: 'list', items: more.map((r) => this.line(r.passage, shown)) });
      cites.push(...more.flatMap((r) => r.passage.sources));
    } else if (named.length < 2 && analysis.entities.papers.length > 0) {
      // "FLAN or LIMA?": each paper's finding, side by side.
      // The papers set against each other come first ("FLAN or LIMA for a consistent tone?").
      const sides =
        analysis.entities.papers.length >= 2
          ? analysis.entities.papers
          : [...named, ...analysis.entities.papers];
      for (const id of unique(sides).slice(0, 2)) {
        const entry = this.entries.get(id);
        const concept = this.concepts.get(id);
        if (concept) {
          body.push({ type: 'heading', text: capitalise(concept.name) });
          body.push({ type: 'paragraph', text: concept.definition.trim() });
          shown.add(concept.definition.trim());
          cites.push(...concept.sources.slice(0, 1));
        } else if (entry) {
          body.push({ type: 'heading', text: entryName(entry) });
          body.push({ type: 'paragraph', text: entry.summary.trim() });
          const best = this.rank(analysis, this.byOwner.get(id) ?? [], 'evidence').filter(
            (r) => r.passage.kind === 'claim' || r.passage.kind === 'implication',
          );
          const items = best.slice(0, 2).map((r) => this.line(r.passage, shown));
          if (items.length > 0) body.push({ type: 'list', items });
          cites.push(id);
        }
      }
      // "LIMA-style chat data or FLAN-style task data?": a study that set the two against each
      // other answers the choice better than either paper alone.
      const bridge = this.bridgingPassage(analysis, unique(sides).slice(0, 2), shown);
      if (bridge) {
        body.push({ type: 'heading', text: 'Set side by side' });
        body.push({ type: 'list', items: [this.line(bridge, shown)] });
        cites.push(...bridge.sources);
      }
    } else {
      for (const id of named.slice(0, 2)) {
        const concept = this.concepts.get(id);
        if (!concept) continue;
        body.push({ type: 'heading', text: capitalise(concept.name) });
        body.push({ type: 'paragraph', text: concept.definition.trim() });
        shown.add(concept.definition.trim());
        cites.push(...concept.sources.slice(0, 1));
        const best = this.rank(analysis, this.byOwner.get(id) ?? [], 'compare').find(
          (r) => r.passage.kind !== 'definition' && !shown.has(r.passage.text),
        );
        if (best) {
          body.push({ type: 'list', items: [this.line(best.passage, shown)] });
          cites.push(...best.passage.sources);
        }
      }
    }
    const strategies = analysis.entities.strategies;
    const rec = strategies.length >= 2 ? context.recommendation : null;
    if (rec) {
      const [a, b] = strategies;
      if (a && b) {
        const rank = (id: StrategyId) => rec.ranking.findIndex((entry) => entry.strategy === id);
        for (const id of [a, b]) {
          const pro = this.present.topReasons(rec, id, 1)[0];
          const con = this.present.reasonsAgainst(rec, id, 1)[0];
          body.push({ type: 'heading', text: this.present.strategyTitle(id) });
          body.push({
            type: 'list',
            items: [
              `For you: ranked ${ordinal(rank(id) + 1)} of ${rec.ranking.length} (score ${rec.ranking[rank(id)]?.score}).`,
              ...(pro ? [`For: ${pro}`] : []),
              ...(con ? [`Against: ${con}`] : []),
            ],
          });
          cites.push(...this.citesOf(rec, id, pro ? 1 : 0), ...this.citesOf(rec, id, con ? 1 : 0, -1));
        }
        body.push({
          type: 'paragraph',
          text: `For your situation, ${this.present.strategyName(rank(a) <= rank(b) ? a : b)} fits better.`,
        });
      }
    } else if (strategies.length >= 2 && analysis.personal) {
      body.push({
        type: 'paragraph',
        text: 'Answer a few questions and I will say which fits your situation.',
      });
    }
    return { body, cites, declined: false };
  }

  /** The best claim from another entry that names both sides, or one side against a mix of them. */
  private bridgingPassage(
    analysis: QuestionAnalysis,
    sides: string[],
    shown: Set<string>,
  ): Passage | undefined {
    const names = sides.map((id) => {
      const entry = this.entries.get(id);
      const name = entry ? entryName(entry).replace(/\s*\(.*$/, '') : this.reader.conceptName(id);
      return new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');
    });
    return this.rank(analysis, undefined, 'compare').find(
      (r) =>
        !sides.includes(r.passage.owner) &&
        r.passage.kind === 'claim' &&
        !shown.has(r.passage.text) &&
        (names.every((name) => name.test(r.passage.text)) ||
          (names.some((name) => name.test(r.passage.text)) &&
            /\b(mix|mixture|both)\b/i.test(r.passage.text))),
    )?.passage;
  }

  /** "Why X?", "why not Y?", "when would we need Z?": the user's reasons when there are some, else the research. */
  private why(analysis: QuestionAnalysis, context: FollowupContext, shown: Set<string>): Composed {
    const strategies = analysis.entities.strategies;
    // "Why not fine-tuning?" is about the SFT strategy; "why does QLoRA lose quality?" about a concept.
    // Goals and distinctions ("why would SFT fix tone?") are still about the strategies.
    const aboutConcept = analysis.entities.concepts.some((id) => {
      const concept = this.concepts.get(id);
      return (
        !concept?.strategy &&
        !UMBRELLA_STRATEGY[id] &&
        concept?.category !== 'goal' &&
        concept?.category !== 'distinction'
      );
    });
    const namesNothing = analysis.entities.concepts.length === 0 && analysis.entities.papers.length === 0;
    // "… makes up order numbers. Why?" asks why that happened, not why the advice.
    if (
      !aboutConcept &&
      !analysis.pointer &&
      (strategies.length > 0 || (analysis.type === 'why' && namesNothing))
    ) {
      const rec = context.recommendation;
      if (rec) {
        // "Why not X?" is about X; "why would X work?" is about X too, unless X is already first.
        const target =
          analysis.type === 'why-not'
            ? (strategies.find((id) => id !== rec.primary) ?? strategies[0])
            : strategies[0];
        const composed = target && target !== rec.primary ? this.whyNot(target, rec) : this.whyPrimary(rec);
        // "Why not fine-tune on our docs instead of RAG?": the research on the two, after the user's reasons.
        // What the statements around the question name counts too ("… still RAG? fine-tuning seems simpler").
        const distinction = this.distinctionFor(
          unique([...analysis.entities.concepts, ...analysis.contextEntities.concepts, rec.primary]),
        );
        // Without a distinction, what the question names beyond the ranking: "shouldn't we just
        // fine-tune the facts in?" (the goal's own evidence), "why a prompt first?" (the baseline).
        const owners =
          distinction && (target !== rec.primary || analysis.contextEntities.concepts.length > 0)
            ? [distinction.id]
            : analysis.entities.concepts.filter(
                (id) => id !== rec.primary || analysis.entities.concepts.length === 1,
              );
        const more = this.rank(
          analysis,
          owners.flatMap((id) => this.byOwner.get(id) ?? []),
          'why',
        )
          .filter((r) => r.passage.kind === 'claim' && !shown.has(r.passage.text))
          .filter(
            (r) =>
              !composed.body.some(
                (s) => s.type === 'list' && s.items.some((i) => overlaps(i, r.passage.text)),
              ),
          )
          .slice(0, 2);
        if (more.length > 0) {
          composed.body.push({ type: 'heading', text: 'What the research says' });
          composed.body.push({ type: 'list', items: more.map((r) => this.line(r.passage, shown)) });
          composed.cites.push(...more.flatMap((r) => r.passage.sources));
        }
        return composed;
      }
      if (strategies.length === 0) return this.notYet('why it comes first');
    }
    const composed = this.fromPassages(analysis, shown, 'why');
    const rec = analysis.personal ? context.recommendation : null;
    if (rec && !composed.declined) {
      const flips = rec.flips.slice(0, 2).map((flip) => flip.text);
      composed.body.push({
        type: 'paragraph',
        text: `For you, ${this.present.strategyName(rec.primary)} comes first for now.${flips.length > 0 ? ' What would change that:' : ''}`,
      });
      if (flips.length > 0) composed.body.push({ type: 'list', items: flips });
    }
    return composed;
  }

  /** The strategy's verdict for the amount a yes/no question asks about, or the user's own amount. */
  private enoughVerdict(
    strategy: StrategyId,
    analysis: QuestionAnalysis,
    context: FollowupContext,
  ): { text: string; cites: string[] } | undefined {
    const text = `${analysis.context} ${analysis.text}`;
    if (!ENOUGH_ASKED.test(text)) return undefined;
    const stated = STATED_AMOUNT.exec(analysis.text) ?? STATED_AMOUNT.exec(analysis.context);
    const own = context.answers.dataSize?.value;
    const amount = stated
      ? Number(stated[1]?.replace(/,/g, '')) * (stated[2] ? 1000 : 1)
      : typeof own === 'number' && context.answers.dataUnit?.value !== 'tokens'
        ? own
        : undefined;
    if (amount === undefined || !Number.isFinite(amount) || amount <= 0) return undefined;
    const verdicts = this.advice.strategies.get(strategy)?.enough ?? [];
    const found = verdicts.find((item) => item.below === undefined || amount < item.below);
    if (!found) return undefined;
    return { text: found.say.replace('{amount}', amount.toLocaleString('en-US')), cites: found.cites };
  }

  private howMuchData(analysis: QuestionAnalysis, context: FollowupContext, shown: Set<string>): Composed {
    // "How many examples to teach a style?": style is taught by SFT.
    const byGoal =
      analysis.entities.concepts.includes('alignment') ||
      /\b(style|tone|format|voice|persona)\b/i.test(analysis.text)
        ? ('sft' as const)
        : undefined;
    const named = analysis.entities.strategies[0] ?? byGoal;
    const rec = named ? null : context.recommendation;
    const strategy =
      named ?? (rec && rec.primary !== 'prompting' && rec.primary !== 'rag' ? rec.primary : undefined);
    const body: Segment[] = [];
    const cites: string[] = [];
    // "200 enuf?", "is 300 pairs enough?": the yes or no for that amount comes first.
    const verdict = strategy ? this.enoughVerdict(strategy, analysis, context) : undefined;
    if (verdict) {
      body.push({ type: 'paragraph', text: this.present.cited(verdict.text, verdict.cites) });
      cites.push(...verdict.cites);
    }
    if (strategy) {
      const profile = context.recommendation?.profile ?? profileOf(this.advice.flow, context.answers);
      const items = (this.advice.strategies.get(strategy)?.guidance ?? [])
        .filter((item) => whenHolds(item.when, profile))
        // Only the lines about amounts: "how much data" is not answered by a learning rate.
        .filter((item) =>
          /\d[\d,.]*\s?k?\s?(examples?|samples?|pairs?|prompts?|tokens?|tasks?|documents?|demonstrations?)\b|\b\d+(,\d{3})+\b/i.test(
            item.text,
          ),
        );
      if (items.length > 0)
        body.push({
          type: 'paragraph',
          text: `How much data ${this.present.strategyTitle(strategy)} needs, from the research:`,
        });
      body.push({
        type: 'list',
        items: items.map((item) => {
          shown.add(item.text.trim());
          return this.present.cited(item.text.trim(), item.cites);
        }),
      });
      cites.push(...items.flatMap((item) => item.cites));
    }
    // The general advice on amounts fits SFT-like training, not continued pretraining or DPO.
    const general =
      !strategy || strategy === 'sft' || strategy === 'instruction-tuning' ? ['how-many-examples'] : [];
    const owners = unique([...analysis.entities.concepts, ...(strategy ? [strategy] : []), ...general]);
    const pool = this.specific(analysis)
      ? this.poolOf(owners)
      : owners.flatMap((id) => this.byOwner.get(id) ?? []);
    const aboutPreferences = strategy === 'dpo' || analysis.entities.concepts.includes('preference-data');
    const more = this.rank(analysis, pool, 'how-much-data')
      .filter((r) => r.passage.facets.includes('how-much-data') && !shown.has(r.passage.text))
      .filter((r) => aboutPreferences || !/\bpreference\b/i.test(r.passage.text))
      .filter(
        (r) => !body.some((s) => s.type === 'list' && s.items.some((item) => overlaps(item, r.passage.text))),
      )
      .slice(0, strategy ? 2 : 4);
    if (more.length > 0) {
      if (!strategy)
        body.push({
          type: 'paragraph',
          text: 'Fewer examples than most people expect, if they are good ones:',
        });
      body.push({ type: 'list', items: more.map((r) => this.line(r.passage, shown)) });
      cites.push(...more.flatMap((r) => r.passage.sources));
    }
    if (!strategy && rec && (rec.primary === 'prompting' || rec.primary === 'rag')) {
      body.push({
        type: 'paragraph',
        text: `For you, ${this.present.strategyName(rec.primary)} comes first, which needs no training set; the numbers above are for when you fine-tune.`,
      });
    }
    return { body, cites, declined: false };
  }

  /** Passages for the question's type from what it names, or from everything when it names nothing. */
  private fromPassages(
    analysis: QuestionAnalysis,
    shown: Set<string>,
    type: QuestionType,
    /** The named things' passages must cover as much as the whole knowledge would. */
    strict = false,
  ): Composed {
    const facet = FACET_OF[type];
    const owners = [...analysis.entities.concepts, ...analysis.entities.papers];
    // What the question names, the research those concepts rest on, and what its context names.
    const around = [...analysis.contextEntities.concepts, ...analysis.contextEntities.papers];
    // A question that asks nothing beyond the names ("when would we need to fine-tune?") is
    // answered from the concepts themselves; the entries they rest on hold the specific figures.
    const specific = this.specific(analysis);
    // "We only have 20 examples, is it worth it?": an amount of data brings the guidance on amounts.
    const amount = AMOUNT_STATED.test(`${analysis.context} ${analysis.text}`) ? ['how-many-examples'] : [];
    const ids = [...owners, ...(HOME[type] ?? []), ...around, ...amount];
    const pool =
      owners.length === 0
        ? []
        : specific
          ? this.poolOf(ids)
          : unique(ids.flatMap((id) => this.byOwner.get(id) ?? []));
    // A story told in lay words ("fails what it used to get right") is ranked among what it
    // names by that thing's own name ("forgetting"), the word its passages use.
    const story =
      analysis.pointer && analysis.contextEntities.concepts.length > 0
        ? {
            ...analysis,
            terms: unique([
              ...analysis.terms,
              ...analysis.contextEntities.concepts.flatMap((id) => terms(this.concepts.get(id)?.name ?? '')),
            ]),
          }
        : analysis;
    const fromPool = pool.length > 0 ? this.rank(story, pool, facet, owners) : [];
    const everything = this.rank(analysis, undefined, facet, owners);
    const poolCoverage = this.coverage(analysis, fromPool.slice(0, 3));
    const allCoverage = this.coverage(analysis, everything.slice(0, 3));
    // What the question names is the best evidence of what it is about: leave the named concepts
    // only when their passages cover the question poorly and the whole knowledge clearly better.
    let ranked: Ranked[];
    const poolNeeds = strict ? MIN_COVERAGE : MIN_POOL_COVERAGE;
    if (fromPool.length > 0 && (!specific || poolCoverage >= poolNeeds)) {
      const clearlyBetter = specific && allCoverage >= MIN_COVERAGE && allCoverage >= poolCoverage + 0.3;
      ranked = clearlyBetter ? everything : fromPool;
    } else if (allCoverage >= MIN_COVERAGE) ranked = everything;
    else return this.dontKnow(analysis);
    // A technique's definition answers "what is it", not "how long" or "what rank"; a practice's
    // definition is itself the answer ("Few: most recipes train for 1 to 5 epochs").
    const definitionsFit = type === 'general' || type === 'define' || type === 'evidence';
    // A specific question ("which retriever did the RAG paper use?") wants a claim, not the
    // paper's summary, whose title and names match almost any question about it.
    if (specific)
      ranked = ranked
        .map((r) => (r.passage.kind === 'summary' ? { ...r, score: r.score * SUMMARY_WEIGHT } : r))
        .sort((a, b) => b.score - a.score || a.index - b.index);
    ranked = ranked.filter(
      (r) =>
        r.passage.kind !== 'definition' ||
        definitionsFit ||
        this.concepts.get(r.passage.owner)?.category === 'practice',
    );
    // What an earlier part of the message already showed is not this part's answer.
    ranked = ranked.filter((r) => !shown.has(r.passage.text));
    // "When would we need to fine-tune?" asks nothing beyond a practice: its definition is the answer.
    const practiceDefinition =
      specific || analysis.entities.papers.length > 0
        ? undefined
        : ranked.find(
            (r) =>
              r.passage.kind === 'definition' &&
              analysis.entities.concepts.includes(r.passage.owner) &&
              this.concepts.get(r.passage.owner)?.category === 'practice',
          );
    if (practiceDefinition)
      ranked = [
        { ...practiceDefinition, score: Math.max(practiceDefinition.score, ranked[0]?.score ?? 0) },
        ...ranked.filter((r) => r !== practiceDefinition),
      ];
    // A gap answers only what it is about: one shared word ("name") is not a reason to decline.
    // "What chunk size did the paper use?" is answered by the setup it reports.
    const leading = ranked[0];
    if (
      leading?.passage.kind === 'gap' &&
      (this.coverage(analysis, [leading]) < GAP_COVERAGE || asksSetup(analysis))
    )
      ranked = ranked.filter((r) => r.passage.kind !== 'gap');
    const top = ranked[0]?.score ?? 0;
    // A gap that does not lead takes no place among the claims shown.
    const leads = ranked[0]?.passage.kind === 'gap';
    const chosen = distinct(
      ranked.filter((r) => r.score >= top * KEEP_RATIO && (leads || r.passage.kind !== 'gap')),
    );
    // An answer that restates findings without any figure ("retrieval lets you update the index")
    // takes the figure behind them ("70% with the matching index against 12%"), from the same source.
    if (
      type !== 'define' &&
      chosen.length > 0 &&
      chosen[0]?.passage.kind !== 'gap' &&
      !chosen.some(hasFigure)
    ) {
      const sources = new Set(chosen.flatMap((r) => [r.passage.owner, ...r.passage.sources]));
      const figure = ranked.find(
        (r) =>
          r.passage.kind === 'claim' &&
          hasFigure(r) &&
          r.score >= top * FIGURE_RATIO &&
          r.passage.sources.some((id) => sources.has(id)) &&
          !chosen.includes(r),
      );
      if (figure) chosen.splice(Math.min(chosen.length, MAX_PASSAGES - 1), 1, figure);
    }
    const first = chosen[0];
    if (!first) return this.dontKnow(analysis);
    // The best match says the sources do not give this: say so, then what they do give.
    if (first.passage.kind === 'gap') return this.declineWith(first, chosen.slice(1), shown);
    const body: Segment[] = [];
    const cites: string[] = [];
    const answers = chosen.filter((r) => r.passage.kind !== 'gap');
    // Only what the question itself names leads with its definition, not what its context names.
    const definition = answers.find(
      (r) => r.passage.kind === 'definition' && analysis.entities.concepts.includes(r.passage.owner),
    );
    if (definition && answers.length > 1 && type !== 'define') {
      // A definition reads as the lead paragraph, the claims as the list under it.
      body.push({ type: 'paragraph', text: definition.passage.text });
      shown.add(definition.passage.text);
      cites.push(...definition.passage.sources.slice(0, 1));
    }
    const rest = answers.filter((r) => r !== definition || body.length === 0);
    if (rest.length > 0) {
      body.push({ type: 'list', items: rest.map((r) => this.line(r.passage, shown)) });
      cites.push(...rest.flatMap((r) => r.passage.sources));
    }
    return { body, cites, declined: false };
  }

  /** "I don't know: <what the sources say they lack>", then what they do say. */
  private declineWith(gap: Ranked, others: Ranked[], shown: Set<string>): Composed {
    shown.add(gap.passage.text);
    const related = others
      .filter(
        (r) => r.passage.kind !== 'gap' && r.passage.kind !== 'definition' && !shown.has(r.passage.text),
      )
      .slice(0, 2);
    const body: Segment[] = [{ type: 'paragraph', text: `${DECLINE}: ${lowerFirst(gap.passage.text)}` }];
    if (related.length > 0) {
      body.push({ type: 'paragraph', text: 'What my sources do say:' });
      body.push({ type: 'list', items: related.map((r) => this.line(r.passage, shown)) });
    }
    return {
      body,
      cites: [...gap.passage.sources, ...related.flatMap((r) => r.passage.sources)],
      declined: true,
      gap: true,
    };
  }

  /**
   * A question about what the sources say they lack, whatever its type ("bge or OpenAI
   * embeddings, which retrieves better?", "does Azure let us upload raw text?"): the gap that
   * covers its specific words and outranks every claim about the same things answers it.
   */
  private gapFirst(analysis: QuestionAnalysis, shown: Set<string>): Composed | undefined {
    const owners = [
      ...analysis.entities.concepts,
      ...analysis.entities.papers,
      ...(analysis.pointer ? [...analysis.contextEntities.concepts, ...analysis.contextEntities.papers] : []),
    ];
    const beyond = this.beyondNames(analysis);
    // "Which models does Bedrock tune?": a provider's own features are never in the sources.
    const provider =
      analysis.entities.concepts.includes('hosted-fine-tuning') &&
      CAPABILITY.test(analysis.text) &&
      (VENDOR.test(analysis.text) || analysis.borrowed);
    // "What chunk size did the paper use?" is answered by the setup, not declined as a setting.
    // A paper that says its own setup is not in the sources ("LIMIT's recipe is not in the sources
    // I have") still answers "what learning rate did LIMIT use?" with that.
    const setup = asksSetup(analysis);
    if (owners.length === 0 || (!provider && beyond.length === 0)) return undefined;
    const ranked = this.rank(analysis, this.poolOf(owners), undefined, owners).filter(
      (r) => !shown.has(r.passage.text),
    );
    const gap = ranked.find(
      (r) => r.passage.kind === 'gap' && (!provider || r.passage.owner === 'hosted-fine-tuning'),
    );
    if (!gap) return undefined;
    if (setup && !provider && !analysis.entities.papers.includes(gap.passage.owner)) return undefined;
    const claim = ranked.find((r) => r.passage.kind !== 'gap');
    const covered = this.coverage(analysis, [gap], beyond) >= GAP_FIRST_COVERAGE;
    if (provider || (covered && (!claim || gap.score >= claim.score)))
      return this.declineWith(gap, ranked, shown);
    return undefined;
  }

  /**
   * The passages of these concepts and entries, and of the entries a concept rests on (its
   * sources): "can RAG answer when retrieval misses?" is answered by the RAG paper's own figure.
   */
  private poolOf(ids: string[]): number[] {
    const sources = ids.flatMap((id) => this.concepts.get(id)?.sources ?? []);
    return unique([...ids, ...sources].flatMap((id) => this.byOwner.get(id) ?? []));
  }

  // ---- honest scope -----------------------------------------------------------------------------

  private uncovered(analysis: QuestionAnalysis, shown: Set<string>): Composed {
    const names = joinNames(analysis.unknown);
    const others = analysis.entities.concepts.filter(
      (id) => this.concepts.get(id)?.category !== 'distinction',
    );
    const body: Segment[] = [
      {
        type: 'paragraph',
        text: `${DECLINE} ${names}: there is nothing on ${analysis.unknown.length > 1 ? 'them' : 'it'} in my sources, so I can't say what ${analysis.unknown.length > 1 ? 'they do' : 'it does'} or how ${analysis.unknown.length > 1 ? 'they compare' : 'it compares'}${others.length > 0 ? ` with ${joinNames(others.map((id) => this.reader.conceptName(id)))}` : ''}.`,
      },
    ];
    const cites: string[] = [];
    const first = others[0] ? this.concepts.get(others[0]) : undefined;
    if (first) {
      body.push({
        type: 'paragraph',
        text: `What I can tell you about ${first.name}: ${first.definition.trim()}`,
      });
      shown.add(first.definition.trim());
      cites.push(...first.sources.slice(0, 1));
    } else {
      body.push({ type: 'paragraph', text: this.capabilities() });
    }
    return { body, cites, declined: true };
  }

  /** Whether something is lawful or allowed by a licence: no source says, and it is not the advisor's to say. */
  private legal(analysis: QuestionAnalysis, shown: Set<string>): Composed {
    const body: Segment[] = [
      {
        type: 'paragraph',
        text: `${DECLINE} whether that is allowed: it is a legal question (terms of service, licences, copyright or data protection), and none of my sources, research papers and engineering guides, answers it. Ask someone who can give legal advice.`,
      },
    ];
    const named = analysis.entities.concepts
      .map((id) => this.concepts.get(id))
      .find((concept) => concept && concept.category !== 'distinction' && concept.category !== 'practice');
    if (named && !shown.has(named.definition.trim())) {
      body.push({
        type: 'paragraph',
        text: `What my sources do cover is how well it works. ${named.definition.trim()}`,
      });
      shown.add(named.definition.trim());
      return { body, cites: named.sources.slice(0, 1), declined: true };
    }
    body.push({ type: 'paragraph', text: this.capabilities() });
    return { body, cites: [], declined: true };
  }

  /** Serving or deployment code: none of the sources gives it, so say so and what they do cover. */
  private operations(): Composed {
    return this.declineWithCapabilities(
      "I can't give you that: serving, deployment and infrastructure code (Docker, Kubernetes, vLLM set-ups and the like) is outside my sources, which are research papers and fine-tuning guides. Those tools' own documentation is the place for it.",
    );
  }

  /** Something other than adapting language models: say so, and what the advisor is for. */
  private offTopic(): Composed {
    return this.declineWithCapabilities(
      "I can't answer that: it is outside what I cover. I advise on adapting language models (whether to prompt, retrieve or fine-tune, and how), from research papers and fine-tuning guides.",
    );
  }

  /** A job to do rather than advice to give: the advisor does not write documents, translate or train. */
  private errand(): Composed {
    return this.declineWithCapabilities(
      "I can't do that for you: I give advice on adapting a model (which method, how much data, what it needs and costs), but I don't write documents, translate texts or run training jobs. I can answer questions you have while you do it.",
    );
  }

  /** A decline that needs no passage: why, then what the advisor can tell instead. */
  private declineWithCapabilities(why: string): Composed {
    return {
      body: [
        { type: 'paragraph', text: why },
        { type: 'paragraph', text: this.capabilities() },
      ],
      cites: [],
      declined: true,
    };
  }

  /** Which of today's models to fine-tune: no source ranks them, but they say how to choose one. */
  private modelPick(analysis: QuestionAnalysis, shown: Set<string>): Composed {
    const models = this.reader.comparedModels(analysis.text);
    const body: Segment[] = [
      {
        type: 'paragraph',
        text: `${DECLINE} which current model to pick${models.length > 0 ? ` between ${joinNames(models)}` : ''}: my sources are papers and guides that do not compare or rank today's models. What they do say is how to choose one.`,
      },
    ];
    const cites: string[] = [];
    const choosing = this.concepts.get('base-vs-instruct');
    if (choosing && !shown.has(choosing.definition.trim())) {
      body.push({ type: 'paragraph', text: choosing.definition.trim() });
      shown.add(choosing.definition.trim());
    }
    const more = this.rank(analysis, this.byOwner.get('base-vs-instruct') ?? [], 'how-to')
      .filter((r) => r.passage.kind === 'claim' && !shown.has(r.passage.text))
      .slice(0, 2);
    if (more.length > 0) body.push({ type: 'list', items: more.map((r) => this.line(r.passage, shown)) });
    cites.push(...(choosing?.sources.slice(0, 1) ?? []), ...more.flatMap((r) => r.passage.sources));
    return { body, cites, declined: true };
  }

  private gapOnly(analysis: QuestionAnalysis, shown: Set<string>): Composed | undefined {
    const gapOnly = (concept: string) => {
      const passages = (this.byOwner.get(concept) ?? []).map((index) => this.passages[index]);
      const claims = passages.filter((passage) => passage && passage.kind !== 'definition');
      return claims.length > 0 && claims.every((passage) => passage?.kind === 'gap');
    };
    const id = analysis.entities.concepts.find(gapOnly);
    if (!id) return undefined;
    const ranked = this.rank(analysis, this.poolOf([id]), undefined, [id]);
    const gap = ranked.find((r) => r.passage.kind === 'gap');
    // "We serve German users, but our pairs are English only": a word of a gap-only topic next to
    // a topic the sources cover declines only when the gap covers the question at least as well.
    const others = [
      ...analysis.entities.concepts.filter((concept) => !gapOnly(concept)),
      ...analysis.entities.papers,
    ];
    if (
      gap &&
      others.some(
        (other) =>
          this.coverage(analysis, this.rank(analysis, this.poolOf([other]), undefined, [other]).slice(0, 3)) >
          this.coverage(analysis, ranked.slice(0, 3)),
      )
    )
      return undefined;
    return gap ? this.declineWith(gap, ranked, shown) : undefined;
  }

  /** "Axolotl or LLaMA-Factory, which is better?": two tools' own docs, set against each other. */
  private comparesTools(analysis: QuestionAnalysis): boolean {
    const guides = analysis.entities.papers.filter((id) => this.entries.get(id)?.kind === 'guide');
    return (
      guides.length >= 2 &&
      /\b(better|best|which|faster|recommend|prefer|vs|versus|or)\b/i.test(analysis.text)
    );
  }

  /** Which vendor, service or tool to pick: no source compares them, so say so and what they do give. */
  private product(analysis: QuestionAnalysis, shown: Set<string>): Composed {
    const body: Segment[] = [
      {
        type: 'paragraph',
        text: `${DECLINE} which to pick: my sources do not compare or recommend vendors, services or tools. They are research papers and the tools' and vendors' own guides, and I can tell you what each of those reports.`,
      },
    ];
    const cites: string[] = [];
    const named = analysis.entities.papers
      .map((id) => this.entries.get(id))
      .filter((entry) => entry !== undefined);
    for (const entry of named.slice(0, 2)) {
      body.push({ type: 'paragraph', text: `${entryName(entry)}: ${entry.summary.trim()}` });
      cites.push(entry.id);
    }
    const concept = analysis.entities.concepts
      .map((id) => this.concepts.get(id))
      .find((item) => item && item.category !== 'distinction');
    if (named.length === 0 && concept && !shown.has(concept.definition.trim())) {
      body.push({
        type: 'paragraph',
        text: `What I can tell you about ${concept.name}: ${concept.definition.trim()}`,
      });
      shown.add(concept.definition.trim());
      cites.push(...concept.sources.slice(0, 1));
    }
    return { body, cites, declined: true };
  }

  private price(analysis: QuestionAnalysis, shown: Set<string>): Composed {
    // "what will a vector DB cost per month?", "how much will OpenAI charge to fine-tune?": neither
    // is priced from GPU hours, so run times would be figures beside the point.
    // The whole message: "which is cheaper, together.ai or openai? per million tokens".
    const asked = [analysis.text, ...(analysis.parts ?? []).map((part) => part.text)].join(' ');
    if (NOT_PRICED_BY_GPU_HOURS.test(asked.toLowerCase())) {
      return {
        body: [
          {
            type: 'paragraph',
            text: `${DECLINE} what that would cost: none of my sources gives prices for hosted services, storage or serving, and they depend on your provider and usage. Your provider's price list is the place to look.`,
          },
          {
            type: 'paragraph',
            text: 'What I can answer: how much data each method needs, how long published training runs took on which GPUs, and how much GPU memory each method needs.',
          },
        ],
        cites: [],
        declined: true,
      };
    }
    const body: Segment[] = [
      {
        type: 'paragraph',
        text: `${DECLINE} what it would cost in money: none of my sources gives a price, and prices depend on your provider. What they do report is how long runs took on which hardware, which you can price at your provider's hourly rates:`,
      },
    ];
    // Times on named hardware are what a price is made from; memory tables are not.
    const pool = this.byOwner.get('training-cost') ?? [];
    const ranked = this.rank(analysis, pool, 'cost-hardware')
      // Runs of a size a team might price, not a 512-core TPU pod.
      .filter((r) => r.passage.kind === 'claim' && !/\bTPU/.test(r.passage.text))
      .slice(0, 3);
    body.push({ type: 'list', items: ranked.map((r) => this.line(r.passage, shown)) });
    body.push({
      type: 'paragraph',
      text: 'I can also say how much GPU memory each method needs for 7B, 13B or 70B models.',
    });
    return { body, cites: ranked.flatMap((r) => r.passage.sources), declined: true };
  }

  private forecast(analysis: QuestionAnalysis, shown: Set<string>): Composed {
    const measure = this.concepts.get('held-out-evaluation');
    const body: Segment[] = [
      {
        type: 'paragraph',
        text: RESULT_ASKED.test(analysis.text)
          ? `${DECLINE} what your model will score: that depends on your base model, data and evaluation, and no source gives a figure for your case, so I can't predict it.`
          : `${DECLINE} whether it will work for you: that depends on your base model, your data and the bar you set, and no source can tell that in advance: it is something to measure.`,
      },
    ];
    // "The README says 99.3% of ChatGPT; can we expect that?": what that figure measured, and on what.
    const named = unique([
      ...analysis.entities.concepts,
      ...analysis.entities.papers,
      ...analysis.contextEntities.concepts,
      ...analysis.contextEntities.papers,
    ]);
    const cited =
      named.length > 0
        ? this.rank(analysis, this.poolOf(named), 'evidence', named)
            .filter(
              (r) => r.passage.kind === 'claim' && /\d/.test(r.passage.text) && !shown.has(r.passage.text),
            )
            .slice(0, 2)
        : [];
    const cites: string[] = [];
    if (cited.length > 0) {
      body.push({ type: 'paragraph', text: 'What the figure you cite measured, in its own setting:' });
      body.push({ type: 'list', items: cited.map((r) => this.line(r.passage, shown)) });
      cites.push(...cited.flatMap((r) => r.passage.sources));
    }
    if (measure) {
      body.push({
        type: 'paragraph',
        text: `What I can suggest is measuring it. ${measure.definition.trim()}`,
      });
      shown.add(measure.definition.trim());
    }
    return { body, cites: [...cites, ...(measure ? measure.sources.slice(0, 1) : [])], declined: true };
  }

  private dontKnow(analysis: QuestionAnalysis): Composed {
    const named = analysis.entities.papers.map((id) => this.entries.get(id)?.short).filter(Boolean);
    return {
      body: [
        {
          type: 'paragraph',
          text:
            named.length > 0
              ? `${DECLINE}: my notes on ${named.join(' and ')} do not cover that, and I only answer from the research I can cite.`
              : `${DECLINE}: nothing in my knowledge base answers that, and I only answer from the research I can cite.`,
        },
        { type: 'paragraph', text: this.capabilities() },
      ],
      cites: [],
      declined: true,
      nothingNew: true,
    };
  }

  private capabilities(): string {
    const papers = this.content.knowledge
      .filter((entry) => entry.kind === 'paper')
      .map((entry) => entry.short);
    return `I can tell you about the fine-tuning techniques (continued pretraining, SFT, instruction tuning, RLHF, DPO, LoRA, QLoRA, RAG, prompting) and the kinds of data they use; how much data, which settings and how much GPU memory they need; and what the papers found: ${papers.slice(0, -1).join(', ')} and ${papers.at(-1)}.`;
  }

  // ---- the user's recommendation ----------------------------------------------------------------

  private notYet(topic: string): Composed {
    return {
      body: [
        {
          type: 'paragraph',
          text: `I can answer that once I have a recommendation for you (${topic}). Let's finish the questions first; it takes a minute.`,
        },
      ],
      cites: [],
      declined: false,
    };
  }

  private whyPrimary(rec: Recommendation): Composed {
    const reasons = this.present.topReasons(rec, rec.primary, 4);
    const runnerUp = rec.ranking[1];
    const body: Segment[] = [
      { type: 'paragraph', text: `${this.present.strategyTitle(rec.primary)} comes first for you because:` },
      { type: 'list', items: reasons },
    ];
    if (runnerUp) {
      body.push({
        type: 'paragraph',
        text: `It scored ${rec.ranking[0]?.score} against ${runnerUp.score} for ${this.present.strategyName(runnerUp.strategy)}, the runner-up.`,
      });
    }
    return { body, cites: this.citesOf(rec, rec.primary, 4), declined: false };
  }

  private whyNot(target: StrategyId, rec: Recommendation): Composed {
    if (target === rec.primary) {
      return {
        body: [
          {
            type: 'paragraph',
            text: `${this.present.strategyTitle(target)} is my top pick for you, so here is why:`,
          },
          { type: 'list', items: this.present.topReasons(rec, target, 4) },
        ],
        cites: this.citesOf(rec, target, 4),
        declined: false,
      };
    }
    const rank = rec.ranking.findIndex((entry) => entry.strategy === target) + 1;
    const score = rec.ranking[rank - 1]?.score ?? 0;
    const top = rec.ranking[0]?.score ?? 0;
    const against = this.present.reasonsAgainst(rec, target, 3);
    const body: Segment[] = [
      {
        type: 'paragraph',
        text: `${this.present.strategyTitle(target)} ranks ${ordinal(rank)} for you (score ${score} against ${top} for ${this.present.strategyName(rec.primary)}).${rec.complementary.includes(target) ? ` It is still part of the plan, alongside ${this.present.strategyName(rec.primary)}.` : ''}`,
      },
    ];
    if (against.length > 0) {
      body.push({ type: 'heading', text: `What counts against ${this.present.strategyName(target)}` });
      body.push({ type: 'list', items: against });
    } else {
      body.push({
        type: 'paragraph',
        text: `Nothing in your answers counts against ${this.present.strategyName(target)}; ${this.present.strategyName(rec.primary)} simply fits better.`,
      });
    }
    body.push({ type: 'heading', text: `What favours ${this.present.strategyName(rec.primary)}` });
    body.push({ type: 'list', items: this.present.topReasons(rec, rec.primary, 2) });
    const flips = rec.flips.filter((flip) => flip.primary === target);
    if (flips.length > 0) {
      body.push({ type: 'heading', text: `When ${this.present.strategyName(target)} would win` });
      body.push({ type: 'list', items: flips.slice(0, 3).map((flip) => flip.text) });
    }
    return {
      body,
      cites: [...this.citesOf(rec, target, 3, -1), ...this.citesOf(rec, rec.primary, 2)],
      declined: false,
    };
  }

  /**
   * The goal a "what if" names when the dialogue core found no answer to change: a behaviour
   * (voice, tone, format) or facts, added to the current goal when the question says "too" or
   * "also", instead of it otherwise.
   */
  private goalOf(analysis: QuestionAnalysis, context: FollowupContext): Answer | undefined {
    const current = context.answers.goal?.value;
    if (!context.recommendation || current === undefined) return undefined;
    const named = analysis.entities.concepts.includes('alignment')
      ? 'alignment'
      : analysis.entities.concepts.includes('knowledge-injection')
        ? 'knowledge'
        : undefined;
    if (!named || named === current || current === 'both') return undefined;
    const adds = /\b(too|also|as well|in addition|on top|besides|plus)\b/i.test(analysis.text);
    const value = adds && (current === 'knowledge' || current === 'alignment') ? 'both' : named;
    return { value, source: 'user', quote: analysis.text };
  }

  /** What-if: re-run the recommendation with the answers the question names, without saving them. */
  whatIf(context: FollowupContext): Composed {
    // A unit is said with its amount ("2,000 pairs"), not as a change of its own.
    const changes = Object.entries(context.hypothetical).filter(
      ([slot]) => slot !== 'dataUnit' && slot !== 'extraDataUnit',
    );
    if (changes.length === 0) {
      return {
        body: [
          {
            type: 'paragraph',
            text: 'I could not tell which of your answers that changes. I can re-run the advice with a different goal, kind or amount of data, domain, style sensitivity, how often the facts change, or number of tasks; for example “what if we had 10k examples?” or “what if the facts changed weekly?”. Other factors, such as model size, are not part of my scoring; ask about them and I will tell you what the research says.',
          },
        ],
        cites: [],
        declined: false,
      };
    }
    const answers = { ...context.answers, ...context.hypothetical };
    const hypothetical = recommend(this.advice, answers);
    const profile = hypothetical.profile;
    const described = changes
      .map(
        ([slot, answer]) =>
          `${this.advice.flow.slots[slot]?.label.toLowerCase() ?? slot}: ${describeValue(this.advice.flow, slot, answer.value, profile)}`,
      )
      .join(', ');
    const current = context.recommendation?.primary;
    const verdict =
      current === undefined
        ? `${this.present.strategyTitle(hypothetical.primary)} would come first.`
        : current === hypothetical.primary
          ? `${this.present.strategyTitle(hypothetical.primary)} would still come first.`
          : `${this.present.strategyTitle(hypothetical.primary)} would come first instead of ${this.present.strategyName(current)}.`;
    const alongside = hypothetical.complementary.filter((id) => id !== hypothetical.primary);
    const body: Segment[] = [
      {
        type: 'paragraph',
        text: `With ${described}: ${verdict}${alongside.length > 0 ? ` The plan adds ${joinNames(alongside.map((id) => this.present.strategyName(id)))} alongside it.` : ''}`,
      },
      { type: 'list', items: this.present.topReasons(hypothetical, hypothetical.primary, 2) },
    ];
    for (const id of alongside.slice(0, 1)) {
      const reasons = this.present.topReasons(hypothetical, id, 2);
      if (reasons.length > 0) {
        body.push({ type: 'paragraph', text: `Why ${this.present.strategyName(id)}:` });
        body.push({ type: 'list', items: reasons });
      }
    }
    const missing = Object.keys(profile).filter((slot) => !(slot in answers) && slot !== 'dataUnit');
    if (missing.length > 0 || hypothetical.assumptions.length > 0) {
      body.push({
        type: 'paragraph',
        text: `Assuming: ${hypothetical.assumptions.join(' ') || 'the defaults for questions not yet answered.'}`,
      });
    }
    body.push({
      type: 'paragraph',
      text: 'Your saved answers are unchanged; say “actually …” to adopt this.',
    });
    return { body, cites: this.citesOf(hypothetical, hypothetical.primary, 2), declined: false };
  }

  /** A reply for the "what if" path of the dialogue core: the advice re-run with the changed answers. */
  whatIfReply(context: FollowupContext): QuestionReply {
    const composed = this.whatIf(context);
    return {
      ...this.present.reply('answer', composed.body, { citations: unique(composed.cites) }),
      responses: ['answer.what-if'],
    };
  }

  /** "What did LIMA show?": the summary, the findings first, and what it means. */
  private paper(ids: string[], shown: Set<string>): Composed {
    const body: Segment[] = [];
    for (const id of ids.slice(0, 2)) {
      const entry = this.entries.get(id);
      if (!entry) continue;
      body.push({ type: 'heading', text: `${entryName(entry)}: ${entry.title}` });
      body.push({ type: 'paragraph', text: entry.summary.trim() });
      const numbers = headlineNumbers(entry, 4).filter((number) => !shown.has(number.text));
      for (const number of numbers) shown.add(number.text);
      body.push({ type: 'list', items: numbers.map((n) => withReliability(n.text, n.reliability)) });
      if (entry.implications[0]) body.push({ type: 'paragraph', text: `For you: ${entry.implications[0]}` });
    }
    return { body, cites: ids.slice(0, 2), declined: false };
  }

  // ---- ranking ----------------------------------------------------------------------------------

  /**
   * Passages by relevance to the question: term match (BM25 or TF-IDF), more for the facet the
   * question's type wants and for passages that belong to what the question names.
   */
  private readonly scored = new WeakMap<QuestionAnalysis, Map<number, number>>();
  private rank(analysis: QuestionAnalysis, pool?: number[], facet?: Facet, owners: string[] = []): Ranked[] {
    // One analysis is ranked several times (its pool, then everything): score its terms once.
    let scores = this.scored.get(analysis);
    if (!scores) {
      scores = this.ranker.scores([...analysis.terms, ...analysis.contextTerms]);
      this.scored.set(analysis, scores);
    }
    const candidates = pool ?? [...scores.keys()];
    const named = new Set(owners);
    const ranked: Ranked[] = [];
    for (const index of candidates) {
      const passage = this.passages[index];
      if (!passage) continue;
      const base = scores.get(index) ?? 0;
      if (pool === undefined && base === 0) continue;
      let score = base + (pool ? 0.5 : 0);
      if (facet && passage.facets.includes(facet)) score *= FACET_BOOST;
      if (named.has(passage.owner)) score *= passage.ownerKind === 'entry' ? 2 : 1.5;
      if (passage.ownerKind === 'concept') score *= 1.1;
      // "What exact MMLU score did LIMIT get?": what the sources say they lack is the answer.
      if (analysis.asksExact && passage.kind === 'gap') score *= 2;
      ranked.push({ passage, index, score });
    }
    return ranked.sort((a, b) => b.score - a.score || a.index - b.index);
  }

  /** Whether the question asks something beyond the names it uses ("InstructGPT" + "1.3B vs 175B"). */
  private specific(analysis: QuestionAnalysis): boolean {
    return this.beyondNames(analysis).length > 0;
  }

  /** The question's own words, less the names of what it names. */
  private beyondNames(analysis: QuestionAnalysis): string[] {
    // "Which retriever did the RAG paper use?": of a paper, a concept named is what is asked.
    const names = new Set([
      ...analysis.nameWords.papers,
      ...(analysis.entities.papers.length > 0 ? [] : analysis.nameWords.concepts),
    ]);
    return analysis.asked.filter((term) => !names.has(term));
  }

  private readonly names = new Map<string, string[]>();
  private nameStems(id: string): string[] {
    let stems = this.names.get(id);
    if (!stems) {
      const concept = this.concepts.get(id);
      const entry = this.entries.get(id);
      const text = concept
        ? [concept.name, ...concept.aliases].join(' ')
        : entry
          ? [entry.short, ...entry.aliases].join(' ')
          : '';
      stems = this.reader.stemsOf(text);
      this.names.set(id, stems);
    }
    return stems;
  }

  /**
   * The share of the question's words (weighted by rarity, names included) that the passages
   * contain: low when the question asks about something the knowledge does not hold.
   */
  private coverage(analysis: QuestionAnalysis, ranked: Ranked[], words = analysis.asked): number {
    const full = this.coverageOf(analysis, ranked, words);
    // A story is told in its own words: what it names is enough for the passages to cover.
    return analysis.focus.length > 0 && words === analysis.asked
      ? Math.max(full, this.coverageOf(analysis, ranked, analysis.focus))
      : full;
  }

  private coverageOf(analysis: QuestionAnalysis, ranked: Ranked[], words: string[]): number {
    // The words that name what the question names are covered by that thing's own passages
    // ("distill GPT-4 outputs" names imitation models, whose passages never say "distill").
    const named = new Set([...analysis.entities.concepts, ...analysis.entities.papers]);
    const naming = new Set(
      unique(ranked.map((r) => r.passage.owner))
        .filter((owner) => named.has(owner))
        .flatMap((owner) => this.nameStems(owner)),
    );
    const asked = words;
    const wanted = asked.filter((term) => this.ranker.has(term));
    // Words the knowledge never uses count against an answer ("cosine similarity cutoff"), but
    // less than a known rare word, and not short chat words ("wat", "ppl") or figures.
    const unknownWords = asked.filter(
      (term) => !this.ranker.has(term) && !naming.has(term) && term.length > 3 && !/^\d/.test(term),
    ).length;
    const inPassages = new Set([...ranked.flatMap((r) => r.passage.terms), ...naming]);
    const total =
      wanted.reduce((sum, term) => sum + this.ranker.idf(term), 0) + unknownWords * UNKNOWN_WORD_WEIGHT;
    if (total === 0) return ranked.length > 0 ? 1 : 0;
    const covered = wanted
      .filter((term) => inPassages.has(term))
      .reduce((sum, term) => sum + this.ranker.idf(term), 0);
    return covered / total;
  }

  /** One passage as a list item, with its citation, and said to be secondary when it is. */
  private line(passage: Passage, shown: Set<string>): string {
    shown.add(passage.text);
    const text =
      passage.ownerKind === 'entry' ? withReliability(passage.text, passage.reliability) : passage.text;
    return this.present.cited(text, passage.sources);
  }

  private citesOf(rec: Recommendation, strategy: StrategyId, count: number, sign: 1 | -1 = 1): string[] {
    return strongestReasons(rec.reasons, strategy, count, sign).flatMap((reason) => reason.cites);
  }
}

/** Whether a passage states a figure (a number beyond a name's own, such as "Tülu 2" or "GPT-4"). */
function hasFigure(r: Ranked): boolean {
  return /(?<![\p{L}-]\s?)\d/u.test(
    r.passage.text.replace(/\b(Tülu|Tulu|GPT|Llama|Llama-|Flan-T|PaLM)[\s-]?\d(\.\d)?\b/g, ''),
  );
}

/** Asks what a paper or source itself did ("what chunk size did the paper use?"), not for a figure it lacks. */
function asksSetup(analysis: QuestionAnalysis): boolean {
  return SETUP.test(normalise(analysis.text)) && !analysis.asksExact;
}

function ordinal(n: number): string {
  const suffix =
    n % 10 === 1 && n % 100 !== 11
      ? 'st'
      : n % 10 === 2 && n % 100 !== 12
        ? 'nd'
        : n % 10 === 3 && n % 100 !== 13
          ? 'rd'
          : 'th';
  return `${n}${suffix}`;
}

/** Words that mark a finding (a comparison or a change), as opposed to a detail of the setup. */
const RESULT =
  /\d%|\bvs\.?\b|\bagainst\b|\bfrom [\d.,]+ to\b|\b(beat|outperform|preferred|improv|rose|fell|lifted|raised|reached|won|higher|lower|drop|hurt|helped|gain)/i;

/** "What did X show?": the findings first, primary sources before secondary, setup details last. */
function headlineNumbers(entry: KnowledgeEntry, count: number): KnowledgeEntry['numbers'] {
  const weight = (number: KnowledgeEntry['numbers'][number]) =>
    (RESULT.test(number.text) ? 2 : 0) + (number.reliability === 'primary' ? 1 : 0);
  return [...entry.numbers].sort((a, b) => weight(b) - weight(a)).slice(0, count);
}

function withReliability(text: string, reliability: string): string {
  return reliability === 'secondary' && !/\bsecondary\b/i.test(text) ? `${text} (secondary source)` : text;
}

/** The same sentence never twice in one reply, whichever part of the question brought it. */
function dedupeSegments(body: Segment[]): Segment[] {
  const seen = new Set<string>();
  const out: Segment[] = [];
  for (const segment of body) {
    if (segment.type === 'list') {
      const items = segment.items.filter((item) => !seen.has(item));
      for (const item of items) seen.add(item);
      if (items.length > 0) out.push({ type: 'list', items });
    } else if (segment.type === 'paragraph') {
      if (seen.has(segment.text)) continue;
      seen.add(segment.text);
      out.push(segment);
    } else {
      out.push(segment);
    }
  }
  // Lists that end up next to each other read as one.
  const merged: Segment[] = [];
  for (const segment of out) {
    const last = merged.at(-1);
    if (segment.type === 'list' && last?.type === 'list')
      merged[merged.length - 1] = { type: 'list', items: [...last.items, ...segment.items] };
    else merged.push(segment);
  }
  out.splice(0, out.length, ...merged);
  // A heading left with nothing under it goes too.
  return out.filter(
    (segment, index) => segment.type !== 'heading' || (out[index + 1] && out[index + 1]?.type !== 'heading'),
  );
}

/** Whether two sentences say mostly the same thing (a guidance line and a passage on one finding). */
/** Passages in order, without one that says the same as a passage before it (an entry's figure and a concept's restatement of it). */
function distinct(ranked: Ranked[], limit = MAX_PASSAGES): Ranked[] {
  const kept: Ranked[] = [];
  for (const r of ranked) {
    if (kept.length >= limit) break;
    if (
      !kept.some(
        (k) =>
          (overlaps(k.passage.text, r.passage.text, NEAR_DUPLICATE) &&
            overlaps(r.passage.text, k.passage.text, NEAR_DUPLICATE)) ||
          restates(k.passage, r.passage),
      )
    )
      kept.push(r);
  }
  return kept;
}

/** The share of words two passages must share to say the same thing. */
const NEAR_DUPLICATE = 0.7;
/** The share of a figureless passage's words found in an earlier one from the same sources. */
const RESTATED = 0.5;

/**
 * "If facts must go into the weights, train on many paraphrases …" after the passage that says so
 * with Ovadia's figures: the same claim from the same sources, told again without the numbers.
 */
function restates(earlier: Passage, later: Passage): boolean {
  const same =
    later.sources.length > 0 &&
    later.sources.length === earlier.sources.length &&
    later.sources.every((source) => earlier.sources.includes(source));
  if (!same || /\d/.test(later.text) || !/\d/.test(earlier.text)) return false;
  return overlaps(earlier.text, later.text, RESTATED);
}

/** The terms of a sentence, worked out once: comparisons run over many candidate pairs. */
const termSets = new Map<string, Set<string>>();
function termSet(text: string): Set<string> {
  let set = termSets.get(text);
  if (!set) {
    set = new Set(terms(text));
    if (termSets.size < 5_000) termSets.set(text, set);
  }
  return set;
}

function overlaps(a: string, b: string, share = 0.5): boolean {
  const x = termSet(a);
  const y = termSet(b);
  if (y.size === 0) return false;
  // A passage with figures the other lacks adds something ("282 tasks" vs "282 of 1,836 tasks").
  const figures = (text: string) => text.match(/(?<![\w-])\d[\d,.]*/g) ?? [];
  const theirs = new Set(figures(a));
  if (figures(b).some((figure) => !theirs.has(figure))) return false;
  return [...y].filter((term) => x.has(term)).length / Math.min(x.size, y.size) >= share;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) && !/^(I|LIMA|LIMIT|RAG|DPO|FLAN|LoRA|QLoRA)\b/.test(text)
    ? text.charAt(0).toLowerCase() + text.slice(1)
    : text;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function joinNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
