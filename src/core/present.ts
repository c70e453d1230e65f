import type { Strategy } from '../content/advice-schema.js';
import type { KnowledgeEntry, StrategyId } from '../content/knowledge-schema.js';
import { displayedReasons, stagesOf, strongestReasons } from './recommend/recommend.js';
import type { Choice, Recommendation, Reply, ReplyKind, Segment } from './types.js';

/** Turns advisor results into channel-neutral replies: rich segments plus a plain-text rendering. */
export class Presenter {
  private readonly entries: Map<string, KnowledgeEntry>;

  constructor(
    knowledge: KnowledgeEntry[],
    private readonly strategies: Map<StrategyId, Strategy>,
  ) {
    this.entries = new Map(knowledge.map((entry) => [entry.id, entry]));
  }

  entry(id: string): KnowledgeEntry | undefined {
    return this.entries.get(id);
  }

  strategyName(id: StrategyId): string {
    return this.strategies.get(id)?.short ?? id;
  }

  strategyTitle(id: StrategyId): string {
    return this.strategies.get(id)?.name ?? id;
  }

  /** "LIMA 2023": how a citation appears inline. */
  citeLabel(id: string): string {
    const entry = this.entries.get(id);
    if (!entry) return id;
    return entry.year === undefined ? entry.short : `${entry.short} ${entry.year}`;
  }

  cited(text: string, cites: string[]): string {
    return cites.length > 0 ? `${text} [${cites.map((id) => this.citeLabel(id)).join('; ')}]` : text;
  }

  /** One line per source: what a reader needs to find the paper. */
  sourceLine(id: string): string {
    const entry = this.entries.get(id);
    if (!entry) return id;
    const authors = entry.authors.length > 1 ? `${entry.authors[0]} et al.` : entry.authors[0];
    const where = entry.arxiv ? `arXiv ${entry.arxiv}` : entry.url;
    const byline = [authors, entry.year].filter((part) => part !== undefined).join(', ');
    const line = `${entry.short}: “${entry.title}”${byline ? `, ${byline}` : ''}`;
    // "Kadous et al." already ends the sentence.
    return `${line}${line.endsWith('.') ? '' : '.'} ${where}`;
  }

  reply(
    kind: ReplyKind,
    body: Segment[],
    options: {
      awaiting?: string | null;
      choices?: Choice[];
      recommendation?: Recommendation | null;
      citations?: string[];
    } = {},
  ): Reply {
    const citations = options.citations ?? [];
    const withSources: Segment[] =
      citations.length > 0 ? [...body, { type: 'sources', ids: citations }] : body;
    return {
      kind,
      text: this.plain(withSources, options.choices ?? []),
      body: withSources,
      awaiting: options.awaiting ?? null,
      choices: options.choices ?? [],
      recommendation: options.recommendation ?? null,
      citations,
    };
  }

  /** Plain text for terminals, notifications and the transcript: headings, bullets, sources. */
  plain(body: Segment[], choices: Choice[] = []): string {
    const blocks = body.map((segment) => {
      switch (segment.type) {
        case 'heading':
          return segment.text;
        case 'paragraph':
          return segment.text;
        case 'list':
          return segment.items.map((item) => `• ${item}`).join('\n');
        default:
          return `Sources:\n${segment.ids.map((id) => `• ${this.sourceLine(id)}`).join('\n')}`;
      }
    });
    if (choices.length > 0) blocks.push(`Options: ${choices.map((choice) => choice.label).join(' | ')}`);
    return blocks.join('\n\n');
  }

  recommendation(recommendation: Recommendation, lead?: string, options: { invite?: boolean } = {}): Reply {
    const { primary } = recommendation;
    // Saved before plans existed, a recommendation has no stages: its complements are read as them.
    const stages = stagesOf(recommendation);
    const later = stages.slice(1);
    const complementary = later.map((stage) => stage.strategy);
    const body: Segment[] = [];
    if (lead) body.push({ type: 'paragraph', text: lead });
    const then =
      later.length > 0
        ? `, then ${later.map((stage) => this.strategyName(stage.strategy)).join(', then ')}`
        : '';
    body.push({ type: 'heading', text: `Recommendation: ${this.strategyTitle(primary)}${then}` });
    body.push({
      type: 'paragraph',
      text: `${this.strategies.get(primary)?.what.trim() ?? ''} Confidence: ${recommendation.confidence}.`,
    });
    const [lead0] = stages;
    if (later.length === 0 && lead0?.start)
      body.push({ type: 'paragraph', text: this.cited(sentenceCase(lead0.start.text), lead0.start.cites) });
    if (later.length > 0) {
      body.push({ type: 'heading', text: 'The plan, in order' });
      body.push({
        type: 'list',
        items: stages.map((stage, index) =>
          index === 0
            ? `${index + 1}. ${this.strategyTitle(stage.strategy)}: ${stage.start ? this.cited(stage.start.text, stage.start.cites) : 'start here.'}`
            : `${index + 1}. ${this.strategyTitle(stage.strategy)}${stage.why ? `: ${this.cited(stage.why, stage.cites)}` : '.'}`,
        ),
      });
    }
    body.push({ type: 'heading', text: 'Ranking' });
    body.push({
      type: 'list',
      items: recommendation.ranking.map(
        (entry, index) =>
          `${index + 1}. ${this.strategyTitle(entry.strategy)}: ${entry.score}${recommendation.reasons.some((r) => r.strategy === entry.strategy && r.ruleId.startsWith('requires-')) ? ' (not yet possible)' : ''}`,
      ),
    });
    body.push({ type: 'heading', text: `Why ${this.strategyName(primary)}` });
    const displayed = displayedReasons(recommendation.reasons, primary, complementary);
    body.push({
      type: 'list',
      items: displayed.forPrimary.map((reason) => this.cited(reason.text, reason.cites)),
    });
    for (const id of complementary) {
      const reason = displayed.forComplement.get(id);
      const why = reason ? this.cited(reason.text, reason.cites) : undefined;
      const blocked = recommendation.reasons.find(
        (r) => r.strategy === id && r.ruleId.startsWith('requires-'),
      );
      // Nothing to add to what the plan already says of this stage: no empty section.
      if (!why && !blocked) continue;
      body.push({
        type: 'heading',
        text: `${blocked ? 'Next step' : 'Then'}: ${this.strategyTitle(id)}`,
      });
      body.push({ type: 'paragraph', text: [why, blocked?.text].filter(Boolean).join(' ') });
    }
    body.push({ type: 'heading', text: 'Data guidance' });
    body.push({
      type: 'list',
      items: recommendation.guidance.map((item) => this.cited(item.text, item.cites)),
    });
    if (recommendation.caveats.length > 0) {
      body.push({ type: 'heading', text: 'Caveats' });
      body.push({
        type: 'list',
        items: recommendation.caveats.map((item) => this.cited(item.text, item.cites)),
      });
    }
    if (recommendation.flips.length > 0) {
      body.push({ type: 'heading', text: 'What would change this' });
      body.push({ type: 'list', items: recommendation.flips.slice(0, 3).map((flip) => flip.text) });
    }
    if (recommendation.assumptions.length > 0) {
      body.push({ type: 'heading', text: 'Assumptions' });
      body.push({ type: 'list', items: recommendation.assumptions });
    }
    // A copy shown elsewhere (App Home, a shared message) is read, not answered.
    if (options.invite ?? true) {
      // The example "why not …?" names the best strategy outside the plan, never one in it.
      const planned = new Set(stages.map((stage) => stage.strategy));
      const outside = recommendation.ranking.find((entry) => !planned.has(entry.strategy))?.strategy ?? 'rag';
      body.push({
        type: 'paragraph',
        text: `Ask me anything about it: “why not ${this.strategyName(outside)}?”, “how much data do I need?”, “what if we had 10k examples?”, or say “start over”.`,
      });
    }
    return this.reply('recommendation', body, { recommendation, citations: recommendation.citations });
  }

  /** The strongest reasons in favour of a strategy, with their citations. */
  topReasons(recommendation: Recommendation, strategy: StrategyId, count: number): string[] {
    return strongestReasons(recommendation.reasons, strategy, count).map((reason) =>
      this.cited(reason.text, reason.cites),
    );
  }

  /** The reasons against a strategy, strongest first. */
  reasonsAgainst(recommendation: Recommendation, strategy: StrategyId, count: number): string[] {
    return strongestReasons(recommendation.reasons, strategy, count, -1).map((reason) =>
      this.cited(reason.text, reason.cites),
    );
  }
}

/** "keep the retrieval …" standing alone as a paragraph: "Keep the retrieval …". */
function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
