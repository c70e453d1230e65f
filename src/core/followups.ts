import { entryName, type KnowledgeEntry, type StrategyId } from '../content/knowledge-schema.js';
import { whenHolds } from './flow/conditions.js';
import { profileOf } from './flow/engine.js';
import type { KnowledgeIndex } from './knowledge/retrieval.js';
import type { Question } from './nlu/question-form.js';
import type { Presenter } from './present.js';
import { type Advice, describeValue, recommend, strongestReasons } from './recommend/recommend.js';
import type { Answer, Recommendation, Reply, Segment } from './types.js';

export interface FollowupContext {
  answers: Record<string, Answer>;
  /** The current recommendation, when the flow is complete. */
  recommendation: Recommendation | null;
  /** The answers a "what if" question would set, read from the question itself. */
  hypothetical: Record<string, Answer>;
}

/** Answers questions about the advice and the research, always from the knowledge base, with citations. */
export class Followups {
  constructor(
    private readonly advice: Advice,
    private readonly present: Presenter,
    private readonly index: KnowledgeIndex,
    private readonly knowledge: KnowledgeEntry[],
  ) {}

  answer(question: Question, text: string, context: FollowupContext): Reply {
    switch (question.form) {
      case 'what-if':
        return this.whatIf(context);
      case 'why-not':
        return this.whyNot(question.strategies, context);
      case 'why':
        return question.strategies[0] && question.strategies[0] !== context.recommendation?.primary
          ? this.whyNot(question.strategies, context)
          : this.why(context);
      case 'compare':
        return this.compare(question.strategies, context);
      case 'how-much-data':
        return this.howMuchData(question.strategies[0] ?? context.recommendation?.primary, context);
      case 'paper':
        return this.paper(question.papers);
      case 'strategy':
        return this.strategy(question.strategies[0], context);
      case 'general':
        return this.retrieve(text, question.papers);
    }
  }

  private notYet(topic: string): Reply {
    return this.present.reply('info', [
      {
        type: 'paragraph',
        text: `I can answer that once I have a recommendation for you (${topic}). Let's finish the questions first; it takes a minute.`,
      },
    ]);
  }

  private why(context: FollowupContext): Reply {
    const rec = context.recommendation;
    if (!rec) return this.notYet('why it comes first');
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
    return this.present.reply('answer', body, { citations: this.citesOf(rec, rec.primary, 4) });
  }

  private whyNot(strategies: StrategyId[], context: FollowupContext): Reply {
    const rec = context.recommendation;
    const target = strategies.find((id) => id !== rec?.primary) ?? strategies[0];
    if (!target) return this.why(context);
    if (!rec) return this.strategy(target, context);
    if (target === rec.primary) {
      return this.present.reply(
        'answer',
        [
          {
            type: 'paragraph',
            text: `${this.present.strategyTitle(target)} is my top pick for you, so here is why:`,
          },
          { type: 'list', items: this.present.topReasons(rec, target, 4) },
        ],
        { citations: this.citesOf(rec, target, 4) },
      );
    }
    const rank = rec.ranking.findIndex((entry) => entry.strategy === target) + 1;
    const score = rec.ranking[rank - 1]?.score ?? 0;
    const top = rec.ranking[0]?.score ?? 0;
    const against = this.present.reasonsAgainst(rec, target, 3);
    const forPrimary = this.present.topReasons(rec, rec.primary, 2);
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
    body.push({ type: 'list', items: forPrimary });
    const flips = rec.flips.filter((flip) => flip.primary === target);
    if (flips.length > 0) {
      body.push({ type: 'heading', text: `When ${this.present.strategyName(target)} would win` });
      body.push({ type: 'list', items: flips.slice(0, 3).map((flip) => flip.text) });
    }
    const cites = [...this.citesOf(rec, target, 3, -1), ...this.citesOf(rec, rec.primary, 2)];
    return this.present.reply('answer', body, { citations: [...new Set(cites)] });
  }

  private compare(strategies: StrategyId[], context: FollowupContext): Reply {
    const rec = context.recommendation;
    const pair = strategies.slice(0, 2);
    const body: Segment[] = [];
    const cites: string[] = [];
    for (const id of pair) {
      const strategy = this.advice.strategies.get(id);
      if (!strategy) continue;
      body.push({ type: 'heading', text: this.present.strategyTitle(id) });
      const items = [strategy.what.trim()];
      const firstGuidance = strategy.guidance.find((item) => whenHolds(item.when, rec?.profile ?? {}));
      if (firstGuidance) {
        items.push(`Data: ${this.present.cited(firstGuidance.text.trim(), firstGuidance.cites)}`);
        cites.push(...firstGuidance.cites);
      }
      if (rec) {
        const rank = rec.ranking.findIndex((entry) => entry.strategy === id) + 1;
        items.push(
          `For you: ranked ${ordinal(rank)} of ${rec.ranking.length} (score ${rec.ranking[rank - 1]?.score}).`,
        );
        const pro = this.present.topReasons(rec, id, 1)[0];
        const con = this.present.reasonsAgainst(rec, id, 1)[0];
        if (pro) items.push(`For: ${pro}`);
        if (con) items.push(`Against: ${con}`);
        cites.push(...this.citesOf(rec, id, pro ? 1 : 0), ...this.citesOf(rec, id, con ? 1 : 0, -1));
      }
      body.push({ type: 'list', items });
    }
    if (rec) {
      const [a, b] = pair.map((id) => rec.ranking.findIndex((entry) => entry.strategy === id));
      if (a !== undefined && b !== undefined && pair[0] && pair[1]) {
        const winner = a <= b ? pair[0] : pair[1];
        body.push({
          type: 'paragraph',
          text: `For your situation, ${this.present.strategyName(winner)} fits better.`,
        });
      }
    } else {
      body.push({
        type: 'paragraph',
        text: 'Answer a few questions and I will say which fits your situation.',
      });
    }
    return this.present.reply('answer', body, { citations: [...new Set(cites)] });
  }

  private howMuchData(strategy: StrategyId | undefined, context: FollowupContext): Reply {
    if (!strategy) {
      return this.present.reply('answer', [
        {
          type: 'paragraph',
          text: 'It depends on the strategy. Ask me about one (“how much data does SFT need?”), or finish the questions and I will answer for your recommendation.',
        },
      ]);
    }
    const profile = context.recommendation?.profile ?? profileOf(this.advice.flow, context.answers);
    const items = (this.advice.strategies.get(strategy)?.guidance ?? []).filter((item) =>
      whenHolds(item.when, profile),
    );
    return this.present.reply(
      'answer',
      [
        {
          type: 'paragraph',
          text: `How much data ${this.present.strategyTitle(strategy)} needs, from the research:`,
        },
        { type: 'list', items: items.map((item) => this.present.cited(item.text.trim(), item.cites)) },
      ],
      { citations: [...new Set(items.flatMap((item) => item.cites))] },
    );
  }

  private paper(ids: string[]): Reply {
    const body: Segment[] = [];
    for (const id of ids.slice(0, 2)) {
      const entry = this.present.entry(id);
      if (!entry) continue;
      body.push({ type: 'heading', text: `${entryName(entry)}: ${entry.title}` });
      body.push({ type: 'paragraph', text: entry.summary.trim() });
      body.push({
        type: 'list',
        items: headlineNumbers(entry, 4).map((number) => withReliability(number.text, number.reliability)),
      });
      if (entry.implications[0]) body.push({ type: 'paragraph', text: `For you: ${entry.implications[0]}` });
      if (entry.unverified.length > 0)
        body.push({ type: 'paragraph', text: `Not verified: ${entry.unverified.join(' ')}` });
    }
    return this.present.reply('answer', body, { citations: ids.slice(0, 2) });
  }

  private strategy(id: StrategyId | undefined, context: FollowupContext): Reply {
    const strategy = id ? this.advice.strategies.get(id) : undefined;
    if (!id || !strategy) return this.retrieve('');
    const body: Segment[] = [
      { type: 'heading', text: strategy.name },
      { type: 'paragraph', text: strategy.what.trim() },
    ];
    const rec = context.recommendation;
    const guidance = strategy.guidance.filter((item) => whenHolds(item.when, rec?.profile ?? {})).slice(0, 2);
    body.push({
      type: 'list',
      items: guidance.map((item) => this.present.cited(item.text.trim(), item.cites)),
    });
    if (rec) {
      const rank = rec.ranking.findIndex((entry) => entry.strategy === id) + 1;
      body.push({ type: 'paragraph', text: `For you it ranks ${ordinal(rank)} of ${rec.ranking.length}.` });
    }
    return this.present.reply('answer', body, {
      citations: [...new Set(guidance.flatMap((item) => item.cites))],
    });
  }

  /** What-if: re-run the recommendation with the answers the question names, without saving them. */
  whatIf(context: FollowupContext): Reply {
    const changes = Object.entries(context.hypothetical).filter(([slot]) => slot !== 'dataUnit');
    if (changes.length === 0) {
      return this.present.reply('clarify', [
        {
          type: 'paragraph',
          text: 'I could not tell which of your answers that changes. I can re-run the advice with a different goal, kind or amount of data, domain, style sensitivity, how often the facts change, or number of tasks; for example “what if we had 10k examples?” or “what if the facts changed weekly?”. Other factors, such as model size, are not part of my scoring; ask about them and I will tell you what the research says.',
        },
      ]);
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
    const body: Segment[] = [
      { type: 'paragraph', text: `With ${described}: ${verdict}` },
      { type: 'list', items: this.present.topReasons(hypothetical, hypothetical.primary, 2) },
    ];
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
    return this.present.reply('answer', body, {
      citations: [...new Set(this.citesOf(hypothetical, hypothetical.primary, 2))],
    });
  }

  /** Free questions: TF-IDF over the knowledge base, or an honest "I don't know". */
  retrieve(text: string, papers: string[] = []): Reply {
    const passages = this.index.search(text, papers);
    if (passages.length === 0) {
      const named = papers.map((id) => this.present.entry(id)?.short).filter(Boolean);
      return this.unknown([
        {
          type: 'paragraph',
          text:
            named.length > 0
              ? `I don't know: my notes on ${named.join(' and ')} do not cover that, and I only answer from the research I can cite.`
              : "I don't know: nothing in my knowledge base answers that, and I only answer from the research I can cite.",
        },
        {
          type: 'paragraph',
          text: `I can tell you about ${this.topics()}, and about ${[...this.advice.strategies.values()].map((s) => s.short).join(', ')}: when each fits and how much data it needs.`,
        },
      ]);
    }
    const body: Segment[] = [];
    for (const passage of passages) {
      body.push({ type: 'heading', text: entryName(passage.entry) });
      body.push({
        type: 'list',
        items: passage.sentences.map((sentence) =>
          sentence.secondary ? `${sentence.text} (secondary source)` : sentence.text,
        ),
      });
    }
    return this.present.reply('answer', body, { citations: passages.map((passage) => passage.entry.id) });
  }

  /** "I don't know": marked, so the dialogue can tell an unanswerable question from an answer. */
  private unknown(body: Segment[]): Reply {
    const reply = this.present.reply('answer', body);
    reply.responses = ['answer.unknown'];
    return reply;
  }

  private topics(): string {
    const papers = this.knowledge.filter((entry) => entry.kind === 'paper').map((entry) => entry.short);
    return `the papers ${papers.slice(0, -1).join(', ')} and ${papers.at(-1)}`;
  }

  /** The citations behind the reasons a reply shows. */
  private citesOf(rec: Recommendation, strategy: StrategyId, count: number, sign: 1 | -1 = 1): string[] {
    return strongestReasons(rec.reasons, strategy, count, sign).flatMap((reason) => reason.cites);
  }
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
  return reliability === 'secondary' ? `${text} (secondary source)` : text;
}
