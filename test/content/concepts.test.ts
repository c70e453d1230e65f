import type { Concept, KnowledgeEntry } from '../../src/content/knowledge-schema';
import { realAdvisor, realContent } from '../support/advisor';
import { figures } from '../support/figures';

/**
 * Concepts are explained in our own words from the knowledge entries: every figure they state
 * must be in an entry they cite, every link a reader is shown must go where the entry says, and
 * the topics practitioners ask about must be covered.
 */

const content = realContent();
const entries = new Map(content.knowledge.map((entry) => [entry.id, entry]));
const concepts = new Map(content.concepts.map((concept) => [concept.id, concept]));

function entryText(entry: KnowledgeEntry): string {
  return [entry.title, entry.summary, ...entry.numbers.map((n) => n.text), ...entry.implications].join('\n');
}

/** Names that contain digits but state no figure ("GPT-4", "Flan 2021"). */
const NAMES = /\b(RTX [34]090|[34]090|GPT-[34](\.5)?|Flan 20(21|22)|Llama-?2|T5|P3|T0|NIV2)\b/g;
const figuresIn = (text: string) => figures(text.replace(NAMES, ''));

function known(ids: string[]): Set<number> {
  return new Set(ids.flatMap((id) => figures(entryText(entries.get(id) as KnowledgeEntry))));
}

const statements = content.concepts.flatMap((concept: Concept) => [
  { where: `${concept.id} definition`, text: concept.definition, cites: concept.sources },
  ...concept.passages.map((passage, index) => ({
    where: `${concept.id} passage ${index}`,
    text: passage.text,
    cites: passage.sources,
  })),
]);

describe('concepts', () => {
  test.each(statements.map((statement) => [statement.where, statement] as const))(
    '%s states only figures found in the entries it cites',
    (_where, statement) => {
      const allowed = known(statement.cites);
      const unknown = figuresIn(statement.text).filter((value) => !allowed.has(value));
      expect({ text: statement.text, unknown }).toEqual({ text: statement.text, unknown: [] });
    },
  );

  test('the techniques, goals, kinds of data and everyday questions of issue 10 are covered', () => {
    const required = [
      // techniques and the two goals
      'continued-pretraining',
      'instruction-tuning',
      'sft',
      'rlhf',
      'dpo',
      'ppo',
      'lora',
      'qlora',
      'knowledge-injection',
      'alignment',
      'knowledge-vs-alignment',
      'instruction-tuning-vs-fine-tuning',
      'prompting-vs-instruction-tuning',
      // data
      'dataset-kinds',
      'unlabelled-text',
      'labelled-task-data',
      'instruction-datasets',
      'natural-instructions',
      'p3',
      'flan-2021-muffin',
      'unnatural-instructions',
      'alpaca-data',
      'evol-instruct',
      'sharegpt',
      'preference-data',
      // where knowledge comes from, imitation, evaluation
      'superficial-alignment',
      'imitation-models',
      'evaluate-knowledge-vs-style',
      // findings §17–18
      'how-many-examples',
      'lora-vs-full-fine-tuning',
      'lora-rank',
      'epochs',
      'gpu-memory',
      'sft-before-dpo',
      'dpo-beta',
      'base-vs-instruct',
      'forgetting',
      'completion-only-loss',
      'eos-token',
      'held-out-evaluation',
    ];
    expect(required.filter((id) => !concepts.has(id))).toEqual([]);
  });

  test('each of the six strategies has its concept', () => {
    for (const strategy of content.strategies)
      expect(content.concepts.find((concept) => concept.strategy === strategy.id)?.id).toBe(strategy.id);
  });

  test('no review note or unverified figure is written where users read it', () => {
    for (const statement of statements) expect(statement.text).not.toMatch(/not verified|unverified/i);
  });
});

/** The pages the fact sheet names for each guide: a guide links to its own page, nowhere else. */
const GUIDE_PAGES: Record<string, string> = {
  'anyscale-form-not-facts': 'https://www.anyscale.com/blog/fine-tuning-is-for-form-not-facts',
  'google-tuning-guide': 'https://ai.google.dev/docs/model_tuning_guidance',
  'manning-reliable-ai': 'https://livebook.manning.com/learn/building-reliable-ai-systems/chapter-5',
  'microsoft-optimize-guide':
    'https://learn.microsoft.com/en-gb/training/modules/optimize-generative-ai-model-performance/5-compare-combine-strategies',
  'openai-accuracy-guide': 'https://platform.openai.com/docs/guides/optimizing-llm-accuracy',
  'openai-sft-guide': 'https://developers.openai.com/docs/guides/distillation',
  'qlora-readme': 'https://github.com/artidoro/qlora',
  'qlora-paper-settings': 'https://github.com/johnsmith0031/alpaca_lora_4bit/issues/113',
  'llamafactory-readme': 'https://github.com/hiyouga/LlamaFactory',
  'axolotl-choosing-method': 'https://github.com/axolotl-ai-cloud/axolotl/blob/main/docs/choosing_method.qmd',
  'unsloth-requirements':
    'https://unsloth.ai/docs/get-started/fine-tuning-for-beginners/unsloth-requirements',
  'unsloth-lora-guide':
    'https://unsloth.ai/docs/get-started/fine-tuning-llms-guide/lora-hyperparameters-guide',
  'open-instruct-lora': 'https://github.com/allenai/open-instruct/issues/5',
  'dpo-reference-code': 'https://github.com/eric-mitchell/direct-preference-optimization',
  'stanford-alpaca': 'https://github.com/tatsu-lab/stanford_alpaca',
  'fastchat-memory': 'https://github.com/lm-sys/FastChat/issues/1110',
  'databricks-fine-tuning':
    'https://docs.databricks.com/aws/en/large-language-models/foundation-model-training',
  'trl-dpo-beta-issue': 'https://github.com/huggingface/trl/issues/1627',
  'trl-eos-issue': 'https://github.com/huggingface/trl/issues/1623',
  'trl-completion-only-issue': 'https://github.com/huggingface/trl/issues/1507',
  'axolotl-docs-issue': 'https://github.com/axolotl-ai-cloud/axolotl/issues/927',
};

describe('links', () => {
  test.each(content.knowledge.map((entry) => [entry.id, entry] as const))(
    '%s links where the entry says',
    (_id, entry) => {
      if (entry.kind === 'paper') {
        expect(entry.url).toBe(`https://arxiv.org/abs/${entry.arxiv}`);
      } else {
        expect(entry.url).toBe(GUIDE_PAGES[entry.id]);
      }
    },
  );

  test('the links a reply shows are the entries’ own (plain text, Slack and web build them from the entry)', () => {
    const { presenter } = realAdvisor();
    for (const entry of content.knowledge) {
      const line: string = presenter.sourceLine(entry.id);
      expect(line).toContain(entry.kind === 'paper' ? `arXiv ${entry.arxiv}` : entry.url);
    }
  });
});
