import { type Language, slotNameKey as nameKey } from '../../content/language-schema.js';
import { type GpuMention, type GpuReader, overlapsAny } from './gpus.js';
import { negatedAt, PhraseIndex, type PhraseMatch } from './phrases.js';
import { parseNumberWords, parseQuantities } from './quantity.js';
import type { Reading } from './readings.js';
import { taskListClauses } from './task-list.js';
import { type Analysis, clauseAt, stem } from './text.js';
import type { DataVocabulary } from './vocabulary.js';

type CueTag = { slot: string; value: string; strength: 'strong' | 'weak' | 'answer' | 'topic' };

/** A bare "yes" or "no" only ever answers the question just asked. */
/** Nouns for models: a short answer right before one describes the model ("general models"). */
const MODEL_NOUNS = new Set([
  'model',
  'models',
  'llm',
  'llms',
  'lms',
  'chatbots',
  'assistants',
  'gpts',
  'ais',
]);
const REPLY_ONLY = new Set(['yes', 'no', 'nope', 'yeah', 'yep', 'none', 'nothing', 'not yet', 'zero']);
/** Bare yes and no: replies only as the reply's first words. */
const YES_NO = new Set(['yes', 'no', 'nope', 'yeah', 'yep', 'nah', 'yup']);

/** How many words after a number may stand before the thing counted ("1.2k input-output examples"). */
const NOUN_REACH = 6;
/** How far from an ambiguous noun a hint may stand ("tickets, each with the agent's reply"). */
const HINT_REACH = 8;
/** How far after a noun of text a hint may make it examples ("notes coded by certified coders"). */
const OVERRIDE_REACH = 4;

/** Which sentence an offset is in: hints never reach across a sentence. */
function sentenceIndex(text: string, offset: number): number {
  return (text.slice(0, offset).match(/[.!?\n]\s/g) ?? []).length;
}

/** Words of context a quote keeps around the cue, within its clause ("pricing changes every couple of weeks"). */
const QUOTE_CONTEXT = 3;

/** A quote never runs across these: "in our fixed format and we have" is two thoughts. */
const QUOTE_STOPS = new Set(['and', 'or', 'so', 'then', 'because', 'while', 'plus', 'but']);
/** A thought this short is quoted whole. */
const QUOTE_WHOLE = 10;

/** The cue's words with a little of their clause around them: what a reason quotes back. */
function quoteSpan(analysis: Analysis, from: number, to: number): { start: number; end: number } {
  const { tokens } = analysis;
  const clause = tokens[from]?.clause;
  const joins = (index: number) => QUOTE_STOPS.has(tokens[index]?.word ?? '');
  // The thought the cue belongs to: its clause, cut at "and", "so", "because" …
  let first = from;
  while (first > 0 && tokens[first - 1]?.clause === clause && !joins(first - 1)) first -= 1;
  let last = to - 1;
  while (last < tokens.length - 1 && tokens[last + 1]?.clause === clause && !joins(last + 1)) last += 1;
  // Short enough to quote whole ("pricing changes every couple of weeks"); otherwise the words
  // around the cue, so a quote never runs on into another topic.
  if (last - first + 1 > QUOTE_WHOLE) {
    first = Math.max(first, from - QUOTE_CONTEXT);
    last = Math.min(last, to - 1 + QUOTE_CONTEXT);
  }
  return { start: tokens[first]?.start ?? 0, end: tokens[last]?.end ?? tokens[first]?.end ?? 0 };
}

/** Words that place a message in translation work: "we translate contracts", "our translation memory". */
const TRANSLATION_WORK = /\b(translat\w*|locali[sz]\w*|MT|machine translation|post-edit\w*|subtitl\w*)\b/i;
/** The domain cues that, in translation, name terms to use rather than language to understand. */
const TERM_CUES = new Set(['terminology', 'vocabulary', 'glossary', 'term list', 'our terminology']);

/**
 * "Generic MT ignores our terminology": a translator's terminology is the client's preferred terms,
 * an output the model must keep to (alignment), not a language it cannot read (domain).
 */
function translatedTerms(analysis: Analysis, match: PhraseMatch<CueTag>): boolean {
  if (match.tag.slot !== 'goal' || match.tag.value !== 'domain' || !TERM_CUES.has(match.phrase.toLowerCase()))
    return false;
  // In the same sentence: "models barely read the language, let alone its terminology. Later we
  // want translation" is a language to learn first; the translation is for later.
  const at = analysis.tokens[match.from]?.start ?? 0;
  const own = sentenceIndex(analysis.text, at);
  const sentence = analysis.text
    .split(/(?<=[.!?\n])\s/)
    .filter((_, index) => index === own)
    .join(' ');
  return TRANSLATION_WORK.test(sentence);
}

const TASK_COUNT =
  /\b([2-9]|\d{2,}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen|dozens of|several|multiple|many)\s+(different\s+|separate\s+|distinct\s+)?(tasks|jobs|use cases|task types)\b/i;

/** A reply this short that names an activity names one task ("summaries", "tax Q&A"). */
const TASK_NAME_WORDS = 4;
const LIST_SEPARATOR = /,|;|\/|\+|\band\b|\bor\b|\betc\b|\bplus\b/i;

/**
 * Asked "one task or many?", a short noun phrase names one task and a list names several:
 * "code review suggestions" is one task however plural it sounds; "drafting, summaries and
 * extraction" is many. Cue phrases ("just one", "all kinds of tasks") still decide first.
 */
function tasksNamed(analysis: Analysis): Reading[] {
  const text = analysis.text.trim();
  const words = analysis.tokens.length;
  if (words === 0 || words > 12) return [];
  // "is 400 enough?" asks something; it names no task.
  if (
    /\?\s*$/.test(text) &&
    /^\W*(is|are|does|do|can|could|should|would|will|how|what|why|which)\b/i.test(text)
  )
    return [];
  // "one task. and the template is mandatory, partners reject anything else": one task said in so
  // many words is no list, and a list is read in the first sentence only.
  if (/\b(one|a single|single|just one|only one)\s+(task|job|use case)\b/i.test(text)) return [];
  const first = text.split(/[.!?]\s+/)[0] ?? text;
  const items = first.split(LIST_SEPARATOR).filter((part) => /\p{L}{3,}/u.test(part));
  // "nine tasks", "12 jobs": a count of tasks is many tasks, however short the reply.
  const counted = TASK_COUNT.test(text);
  const value =
    items.length >= 3 || counted ? 'many' : words <= TASK_NAME_WORDS && items.length === 1 ? 'single' : null;
  if (!value) return [];
  return [
    {
      slot: 'taskScope',
      value,
      quote: text,
      start: 0,
      end: analysis.text.length,
      strength: 'strong',
      via: 'rule',
      firm: true,
    },
  ];
}

/** What "X style" compares a thing to: "GPT-4 style models", "DPO-style pairs", "RLHF style data". */
const LIKENED_THINGS = new Set([
  'model',
  'models',
  'data',
  'dataset',
  'datasets',
  'pairs',
  'comparisons',
  'prompts',
  'prompting',
  'tuning',
  'training',
  'approach',
  'setup',
  'pipeline',
  'format',
]);

/** Whether the word "style" at a token means "like" ("GPT-4 style models"), not a house style. */
function likeStyle(analysis: Analysis, index: number): boolean {
  if (analysis.tokens[index]?.word !== 'style') return false;
  const next = analysis.tokens[index + 1]?.word ?? '';
  const before = analysis.tokens[index - 1]?.word ?? '';
  return LIKENED_THINGS.has(next) && !/^(our|the|house|brand|writing|their|your|my)$/.test(before);
}

/** Words before "many", "much" or "often" that make it a measure of something, not an answer. */
const DEGREE_BEFORE = new Set(['how', 'so', 'too', 'as', 'that']);
const MEASURED = new Set(['many', 'much', 'often']);

/** "~20 internal tasks", "a dozen different jobs": a count of tasks of at least a mixture's size. */
const MANY_TASKS_COUNTED =
  /\b(\d{1,3}|a dozen|dozens of|(?:twenty|thirty|forty|fifty)(?:-[a-z]+)?|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen)\s+(?:[\p{L}-]+\s+)?(tasks|jobs|task types|use cases)\b/iu;

/**
 * Wherever it is said, a count of tasks ("we run ~20 internal tasks", "20 tasks, fixed set though,
 * not a general assistant") is many tasks: a fixed set of twenty is still a mixture, even when it
 * is not a general-purpose assistant. Small counts ("two tasks: summarise and tag") decide nothing.
 */
function tasksCounted(analysis: Analysis): Reading[] {
  const match = MANY_TASKS_COUNTED.exec(analysis.text);
  if (!match?.[1]) return [];
  const word = match[1].toLowerCase();
  // "a dozen", "dozens of": a dozen or more.
  const count = /dozen/.test(word) ? 12 : (parseNumberWords(word) ?? 0);
  if (count < MIXTURE_TASKS) return [];
  const start = match.index;
  return [
    {
      slot: 'taskScope',
      value: 'many',
      quote: match[0],
      start,
      end: start + match[0].length,
      strength: 'strong',
      via: 'rule',
      firm: true,
    },
  ];
}

/** Answers that, compared with each other ("4 responses each, best to worst"), are preference data. */
/** "clinician-edited notes", "corrected summaries": text people fixed is the output they wanted. */
const EDITED_BEFORE =
  /(\b\p{L}+-(edited|corrected|reviewed|approved|annotated|labell?ed|tagged|coded|graded)|\b(edited|corrected|rewritten|approved|hand-written|handwritten|annotated|labell?ed|hand-labell?ed|tagged|graded))\s+([\p{L}-]+\s+)?$/iu;
/** "our writers made a set of stories", "writers wrote …": text people wrote for the task. */
const AUTHORED_BEFORE =
  /(\b(wrote|written|made|produced|created|crafted|authored|drafted)\s+(\p{L}+\s+){0,4}|\b\p{L}+-(written|made|authored|crafted)\s+([\p{L}-]+\s+)?)$/iu;
/** "… stories from prompts", "summaries written from intake forms": an output made from an input. */
const FROM_INPUT_AFTER =
  /^\s+((that|which)\s+)?(\p{L}+\s+)?(wrote|written|made)?\s*(from|for each|based on)\s+\p{L}/iu;

/**
 * Text people wrote or fixed as the wanted output is a demonstration, not raw text: edited or
 * corrected text always; a noun of either kind when authored ("we wrote a bunch of dialogue"); a
 * noun of text when made from an input ("our writers made a set of stories from prompts").
 */
function authoredOutput(text: string, start: number, end: number, kinds: readonly string[]): boolean {
  if (!kinds.includes('raw-text') || !kinds.every((kind) => kind === 'raw-text' || kind === 'demonstrations'))
    return false;
  const sentenceStart = Math.max(
    0,
    ...['.', '!', '?', '\n'].map((mark) => text.lastIndexOf(mark, start - 1) + 1),
  );
  const lead = text.slice(Math.max(sentenceStart, start - 70), start);
  if (EDITED_BEFORE.test(lead)) return true;
  if (
    !AUTHORED_BEFORE.test(lead) &&
    !/^\s+(that|which)?\s*\p{L}*\s*(wrote|written|made)\b/iu.test(text.slice(end, end + 30))
  )
    return false;
  return kinds.includes('demonstrations') || FROM_INPUT_AFTER.test(text.slice(end, end + 40));
}

/** Right before a number, words that spread an amount over things: "across 35 questions", "from 12 sites". */
const SPREAD_BEFORE = /\b(across|from|among|spanning|covering|per|over)\s+(about |around |roughly |~)?$/i;
/** Right after a one-word amount ("400 of them"), or a few words on ("a few thousand of them"). */
const POINTS_BACK_NEXT = /^\S+\s+(of them|of those|of these|in total|total)\b\s*([\p{L}-]+)?/iu;
const POINTS_BACK_NEAR = /^(?:\S+\s+){1,3}?(of them|of those|of these|in total|total)\b\s*([\p{L}-]+)?/iu;
/** After a number, words that point back at the things already spoken of. */
const ANAPHORIC_AFTER =
  /^\s*(such|of (those|these|them|that kind|each)|like (that|those|this))\b\s*([\p{L}-]+)?/iu;
/** What gives answers rather than holds facts: "answers from our research assistant". */
const ANSWERING_SYSTEMS = new Set([
  'assistant',
  'bot',
  'chatbot',
  'model',
  'models',
  'agents',
  'system',
  'llm',
  'copilot',
]);
/** Words that join a second thing to a list ("answers and a big set of comparisons"). */
const JOINS = new Set(['and', 'plus', 'also']);
/** The words that open a new noun phrase after a join. */
const NEW_THING = new Set([
  'a',
  'an',
  'the',
  'some',
  'our',
  'their',
  'another',
  'lots',
  'many',
  'years',
  'also',
]);
const ANSWER_NOUNS = new Set([
  'prompt',
  'response',
  'answer',
  'completion',
  'output',
  'reply',
  'generation',
  'draft',
]);

/** What one item of preference data compares: "two replies", "3 candidates". */
const COMPARED_NOUNS = new Set([
  ...ANSWER_NOUNS,
  'candidate',
  'option',
  'version',
  'variant',
  'choice',
  'summary',
]);

/** A rate next to an amount makes it a workload: "300 tickets a day", "every quarter I get ~2,000". */
const PERIOD = '(day|night|week|month|quarter|year|hour|minute|shift|semester)';
const WORKLOAD_AFTER = new RegExp(`^\\s*([\\p{L}'-]+\\s+){0,3}(a|an|per|every|each)\\s+${PERIOD}\\b`, 'iu');
const WORKLOAD_BEFORE = new RegExp(
  `\\b(every|each|per|a)\\s+${PERIOD},?\\s+(i|we|they)\\s+(get|receive|handle|process|see|field)\\s+(about\\s+|around\\s+|roughly\\s+|~)?$`,
  'iu',
);

/** Right after a counted thing, its output attached: "diffs paired with the comment", "…with their fixes". */
const PAIRED_AFTER =
  /^\s*([\p{L}'-]+\s+){0,3}(paired with|together with|along with|annotated with|labell?ed with|tagged with|matched with|and (the|their) (corrected|fixed|final|approved|gold))\b/iu;
/** Questions answered by a degree ("very", "a bit", "rarely"), where the opening words are the answer. */
const GRADED = new Set(['styleSensitivity', 'knowledgeChange', 'domainDistance']);

/** Inside a counted phrase, words that make the things counted checked answers: "3.5k confirmed diagnoses". */
const CHECKED =
  /\b(confirmed|verified|approved|validated|labell?ed|annotated|gold|graded|hand[- ]?coded|corrected|accepted|reviewed|signed[- ]off)\b/i;

/** Nouns that, right after a data noun, make it a modifier of a tool: "review bot", "ticket pipeline". */
const TOOL_HEADS = new Set(
  'bot bots model models assistant assistants system systems tool tools pipeline pipelines app apps team teams process workflow workflows platform feature features engine service project classifier generator agent agents api ui queue dashboard product'.split(
    ' ',
  ),
);

/** After an amount, its items have their outputs: "1.5k of them have a summary attached". */
const OUTPUT_ATTACHED =
  /^\s*(of (them|those|these|which)\s+)?(have|has|had|come with|came with|with|include|includes)\s+(a |an |the |their |its |one |written )?([\p{L}'-]+\s+){0,2}(summary|summaries|reply|replies|answer|answers|label|labels|output|outputs|translation|translations|annotation|annotations|response|responses|caption|captions|resolution|resolutions|json)\b/iu;

/** "is SFT demonstrations", "are preference pairs": after an amount, what kind it is. */
const KIND_STATED_AFTER =
  /^\s*(is|are|was|were)\s+(all\s+|just\s+|the\s+|our\s+)?([\p{L}-]+\s+)?(sft|demonstrations?|demos?|examples?|pairs?|preferences?|prefs?|comparisons?|rankings?|documents?|docs|raw|text|tokens|labell?ed|unlabell?ed|instructions?|conversations?|transcripts?|tickets?)\b/iu;

/** Labelling verbs right before a bare number: "I've hand-tagged 15", "we annotated ~300". */
const LABELLED_BARE =
  /\b(i|we|they|i've|we've|they've|have|has)\s+(already\s+)?(hand[\s-]?)?(tagged|labell?ed|annotated|coded|graded)\s+(about\s+|around\s+|roughly\s+|maybe\s+|~)?$/i;

/** Right before a small count, these make it what one item compares: "picks between two lines". */
const COMPARING =
  /\b(between|better of|best of|pick(s|ed)?|choose|chose|compares?|ranks?|ranked)\s+(the\s+)?$/i;

/** Units a limit on the output's length is given in. */
const LENGTH_UNITS = new Set(['word', 'sentence', 'line', 'token', 'paragraph', 'page', 'character']);
const LIMIT_WORDS =
  'under|less than|fewer than|at most|max|maximum|up to|within|no more than|below|not over|not more than|limit of|limited to|capped at|<|≤';
/** The limit opens the amount ("under 20 words") or stands just before it ("max. ~3 sentences"). */
const LIMIT = new RegExp(String.raw`^\W*(${LIMIT_WORDS})(\b|\s|\d)`, 'i');
const LIMIT_BEFORE = new RegExp(String.raw`(^|\W)(${LIMIT_WORDS})\W{0,3}(~|about\s+|around\s+)?$`, 'i');
/** "never more than 80 words", "no longer than": a negated excess is a limit too. */
const NEGATED_EXCESS = /\b(never|not|no|nothing)\s+(more|longer|over)(\s+than)?\s*$/i;
const EXCESS = /^\W*(more than|over|longer than)\b/i;

/**
 * Head nouns that make a count the size of a label set, not of data: "one of our 40 internal
 * clause codes", "25 categories". Labels and tags count a label set only after "one of".
 */
const LABEL_SET_NOUNS = new Set([
  'code',
  'category',
  'class',
  'intent',
  'bucket',
  'taxonomy',
  'topic',
  'field',
]);
const LABEL_NOUNS = new Set(['label', 'tag']);
const ONE_OF_BEFORE =
  /\b(one|any|each|some|several|two|three) of (the|our|their|its|these|those)?\s*(~|about\s+|around\s+)?$/i;

/** A clause this short ("which matters somewhat") may take its topic from the clause before. */
const SHORT_CLAUSE = 4;

/** Counts below this are details of the task ("two candidate replies") unless owned ("we have 6"). */
const SMALL_COUNT = 10;
const OWNED =
  /\b(have|has|got|only|just|collected|wrote|written|saved|labelled|labeled|tagged|annotated|graded)\s+(about |around |roughly |like |maybe |only |just )?$/i;

/** Right before an amount, these set it aside: "60k, not 200k", "instead of 20k". */
const REJECTED_AMOUNT =
  /\b(not|instead of|rather than|(didn'?t|did not|never) (say|said|mean|meant)( that)?( we (have|had|got))?)\s+(the\s+)?(~|about\s+|around\s+|roughly\s+)?$/i;
const PROMPT_SHOTS_BEFORE = /\b(few[- ]?shot|one[- ]?shot|in[- ]context|shots?)\b[^.;!?]{0,12}$/i;
/** "prompting with our tone doc + 10 examples": what a prompt holds, joined to it in one clause. */
const PROMPT_HOLDS_BEFORE =
  /\b(prompt(s|ing|ed)?|system (prompt|message)s?)\b[^.;!?,]{0,40}(\bwith\b|\bplus\b|\bincluding\b|\busing\b|\band\b|\+)((?!\b(have|has|had|got|collected|own|wrote|labell?ed)\b)[^.;!?,]){0,25}$/i;
const PROMPT_SHOTS_AFTER = /^\s*(in (the|a|our|my) (system )?prompt|in[- ]context|as shots|as few[- ]?shot)/i;
/** "the paper used billions of tokens", "LIMA trained on 1,000": someone else's data, not the user's. */
const OTHERS_DATA =
  /\b(the (paper|papers|authors|study|studies|researchers)|they|lima|limit|alpaca|tulu|tülu|flan|instructgpt|gururangan|ovadia|alpagasus|openai|meta|google)\b[^.,;!?]{0,25}\b(used|uses|use|trained on|trains on|train on|had|has|needed|needs|took|collected|fine-?tuned on)\s+(only\s+|just\s+|about\s+|around\s+|roughly\s+|~)?$/i;

/** "invoice->json", "ticket → reply pairs", "report/JSON pairs": an input joined to its output. */
const PREFERENCE_PAIR =
  /\b(chosen|preferred|winner|better|good|accepted)\s?(\/|vs\.?|versus|-|and)\s?(rejected|dispreferred|loser|worse|bad|dismissed)\b/i;
const LABELLED_ITEMS =
  /(?<!un)\b(labell?ed|annotated|hand[- ]?labell?ed|tagged|categori[sz]ed|classified)\s+\p{L}/iu;
const INPUT_TO_OUTPUT =
  /\w(->|→|=>)\w|\p{L}\s(->|→|=>)\s(?!(we|i|they|it|so|then|you|our|that|this|want|need)\b)\p{L}|\w\s?(->|→|=>|\/)\s?\w+([\s-]\w+)?\s+(pairs?|examples?|mappings?|samples?|demonstrations?)\b/iu;

/** "8b", "1.3B", "70B": how models are sized; with "model" or "params" next, never an amount of data. */
const MODEL_SIZE = /^\d+(\.\d+)?\s*[bm]\b/i;
const MODEL_AFTER =
  /^[\s-]*([a-z]+[\s-]+)?(model|models|params?|parameters?|llm|checkpoint|base|instruct)\b/i;

/** After an amount, these make it a number being talked about, not an amount had: "the 3k number was …". */
const DISCUSSED_AMOUNT = /^\s*(number|figure|count|estimate)\b/i;
/** "the 3k was just last month's batch", "the 150k is wrong": the amount talked about, set aside. */
const DISCUSSED_BEFORE = /\bthe\s+(~|about\s+)?$/i;
const DISCUSSED_AFTER = /^\s*(was|were|is|are)\b/i;

/** Before or after an amount, these make it the size of one item: "each is maybe a page or two". */
const PER_ITEM_BEFORE =
  /\beach (one )?(is|was|has|runs|being)?\s*(maybe |about |around |roughly |like |only |just )?(a |an )?$/i;
const PER_ITEM_AFTER =
  /^\s*((tokens?|words?|pages?|characters?|chars?|lines?)\s+)?(each|apiece|long|in length|per (doc|document|item|file|page|example|article|note|judgment|judgement|case|record))\b/i;

/** Techniques whose settings share words with data ("LoRA rank" is not a ranking). */
const SETTING_OF = new Set(['lora', 'qlora', 'adapter', 'adapters', 'dora']);
/** Values that a list of three or more things can name by itself. */
const MANY_VALUES = new Set(['multitask', 'many']);
/** Fewer tasks than this, counted, are one job's parts rather than a mixture of tasks. */
const MIXTURE_TASKS = 4;
/** Counting these says how many tasks there are, not how much data. */
const TASK_COUNTS = new Set(['task', 'dataset']);

/**
 * The precise layer of understanding: cue phrases from flows/language.yaml (negation-aware and
 * clause-scoped) and amounts of data from the quantity parser and the shared vocabulary. Pure.
 */
export class SlotRules {
  private readonly cues: PhraseIndex<CueTag>;
  private readonly answerCues: PhraseIndex<CueTag>;
  private readonly scopeWords: PhraseIndex<string>;
  private readonly kindHints: PhraseIndex<string>;
  private readonly pairedHints: PhraseIndex<string>;
  private readonly dismissals: PhraseIndex<true>;
  private readonly drifts: PhraseIndex<true>;
  /** The GPUs each message names, found once per analysis: enum readings and amounts both need them. */
  private readonly gpusNamed = new WeakMap<Analysis, GpuMention[]>();

  /** slot -> [value, stems of the words one of which the classifier needs to read it]. */
  private readonly modelNeeds = new Map<string, [string, string[]][]>();

  /** A slot's names ("already tried", "style"), normalised, to the slot. */
  private readonly slotsByName = new Map<string, string>();

  constructor(
    language: Language,
    readonly vocabulary: DataVocabulary,
    /** Per slot and value, the words that name the value itself ("far", "specialised"): firm answers. */
    private readonly valueNames: Record<string, Record<string, string[]>> = {},
    private readonly gpus?: GpuReader,
  ) {
    for (const [slot, names] of Object.entries(language.slotNames))
      for (const name of names) this.slotsByName.set(nameKey(name), slot);
    for (const [slot, byValue] of Object.entries(language.modelNeeds)) {
      this.modelNeeds.set(
        slot,
        Object.entries(byValue).map(([value, words]) => [value, words.map((word) => stem(word))]),
      );
    }
    const cueSpecs: { phrase: string; tag: CueTag }[] = [];
    for (const [slot, byValue] of Object.entries(language.slots)) {
      for (const [value, cues] of Object.entries(byValue)) {
        for (const phrase of cues.strong) cueSpecs.push({ phrase, tag: { slot, value, strength: 'strong' } });
        for (const phrase of cues.weak ?? [])
          cueSpecs.push({ phrase, tag: { slot, value, strength: 'weak' } });
      }
    }
    this.cues = new PhraseIndex(cueSpecs);
    const answerSpecs: { phrase: string; tag: CueTag }[] = [];
    for (const [slot, byValue] of Object.entries(language.answers)) {
      for (const [value, phrases] of Object.entries(byValue)) {
        for (const phrase of phrases) answerSpecs.push({ phrase, tag: { slot, value, strength: 'answer' } });
      }
    }
    this.answerCues = new PhraseIndex(answerSpecs);
    this.scopeWords = new PhraseIndex(
      Object.entries(language.scopes).flatMap(([slot, words]) =>
        words.map((phrase) => ({ phrase, tag: slot })),
      ),
    );
    this.dismissals = new PhraseIndex(language.dismissals.map((phrase) => ({ phrase, tag: true as const })));
    this.drifts = new PhraseIndex(language.drifts.map((phrase) => ({ phrase, tag: true as const })));
    this.pairedHints = new PhraseIndex(
      vocabulary.source.pairedHints.map((phrase) => ({ phrase, tag: 'demonstrations' })),
    );
    this.kindHints = new PhraseIndex(
      Object.entries(vocabulary.source.kindHints).flatMap(([kind, phrases]) =>
        (phrases ?? []).map((phrase) => ({ phrase, tag: kind })),
      ),
    );
  }

  /** The slot a user's name for it means ("what we tried" → tried), if it names one. */
  slotNamed(name: string): string | undefined {
    return this.slotsByName.get(nameKey(name));
  }

  /** Every enum reading the cues give, negated ones left out. */
  enumReadings(analysis: Analysis, awaiting: string | null): Reading[] {
    // A reply that grades something ("matters a lot", "very") is not naming tasks.
    const grades = this.answerCues.find(analysis).some((match) => GRADED.has(match.tag.slot));
    const listed = awaiting === 'taskScope' && !grades ? tasksNamed(analysis) : [];
    const readings = [
      ...listed,
      ...(listed.length === 0 ? tasksCounted(analysis) : []),
      ...this.cueReadings(analysis, awaiting),
    ];
    const gpus = this.gpuMentions(analysis, awaiting === 'gpu' || awaiting === 'platform');
    if (!this.gpus || gpus.length === 0) return readings;
    // A named GPU says which class it is better than the cue words inside its name ("80 gb").
    return [
      ...readings.filter(
        (reading) => reading.slot !== 'gpu' || !overlapsAny(gpus, reading.start, reading.end),
      ),
      ...this.gpus.readings(gpus),
    ];
  }

  /** The GPUs the message names ("got a 3090", "2x A100 80GB"); bare model numbers only when GPUs were asked about. */
  gpuMentions(analysis: Analysis, gpuAsked = false): GpuMention[] {
    if (!this.gpus) return [];
    const known = this.gpusNamed.get(analysis);
    if (known) return known;
    const found = this.gpus.find(analysis.text, {
      gpuAsked,
      isDataNoun: (word) => this.vocabulary.isDataNoun(word),
    });
    this.gpusNamed.set(analysis, found);
    return found;
  }

  /**
   * Clauses that dismiss what they name ("the tone is fine", "the facts come from the ticket"):
   * what they name is what the user does not need.
   */
  dismissedClauses(analysis: Analysis): Set<number> {
    return new Set(
      this.dismissals
        .find(analysis)
        .filter((match) => !match.negated)
        .map((match) => match.clause),
    );
  }

  /**
   * What a message says the user does NOT have or want ("the pdf is not examples", "not about
   * facts"): negated cues and data nouns, as slot and value with their position.
   */
  /**
   * The values of a slot the classifier may not read in this reply: those whose needed words
   * (language.yaml `modelNeeds`) it lacks.
   */
  unlicensed(analysis: Analysis, slot: string): Set<string> {
    const stems = new Set(analysis.tokens.map((token) => token.stem));
    const out = new Set<string>();
    // "NER data, sentiment data, a translation set and some QA": a list of things names many tasks.
    const listed = analysis.text.split(LIST_SEPARATOR).filter((part) => /\p{L}{2,}/u.test(part)).length >= 3;
    for (const [value, needs] of this.modelNeeds.get(slot) ?? []) {
      if (listed && MANY_VALUES.has(value)) continue;
      if (!needs.some((need) => stems.has(need))) out.add(value);
    }
    return out;
  }

  negatedReadings(analysis: Analysis): { slot: string; value: string; start: number }[] {
    const cues = this.cueMatches(analysis, null)
      .filter((match) => match.negated)
      .map((match) => ({
        slot: match.tag.slot,
        value: match.tag.value,
        start: analysis.tokens[match.from]?.start ?? 0,
      }));
    const nouns = analysis.tokens.flatMap((token, index) => {
      const kinds = negatedAt(analysis.tokens, index) ? this.vocabulary.kindsOf(token.word) : null;
      // "not examples": a noun of any kind, negated, is "not demonstrations".
      const kind =
        kinds === null ? null : kinds.length === 0 ? 'demonstrations' : kinds.length === 1 ? kinds[0] : null;
      return kind ? [{ slot: 'dataKind', value: kind, start: token.start }] : [];
    });
    return [...cues, ...nouns];
  }

  private endsBeforePeople(analysis: Analysis, match: { from: number; to: number }): boolean {
    const last = analysis.tokens[match.to - 1]?.word;
    const next = analysis.tokens[match.to]?.word;
    // "answers from our patient-question assistant": the words matched name the assistant's job.
    if (next && ANSWERING_SYSTEMS.has(next) && match.to - match.from > 2) return true;
    if (!next || (last !== 'our' && last !== 'the' && last !== 'their')) return false;
    // "old answers from our support team", "paired answers from our patient-question assistant":
    // answers people or a model gave, not a source of facts.
    return analysis.tokens
      .slice(match.to, match.to + 4)
      .some(
        (token) =>
          token.word === 'team' || ANSWERING_SYSTEMS.has(token.word) || this.vocabulary.isPeople(token.word),
      );
  }

  private cueReadings(analysis: Analysis, awaiting: string | null): Reading[] {
    const dismissed = this.dismissedClauses(analysis);
    // "it turns into a generic assistant": what follows the drift is the failure described.
    const drifts = this.drifts.find(analysis).filter((match) => !match.negated);
    const describesDrift = (match: { clause: number; from: number }) =>
      drifts.some((drift) => drift.clause === match.clause && drift.from <= match.from);
    // "write listings, answer buyer questions, suggest prices": a task's name is not a need.
    const listed = taskListClauses(analysis);
    return (
      this.cueMatches(analysis, awaiting)
        // Dismissals speak about what is missing ("the tone is fine"): they set aside goal cues only;
        // "any reasonable answer is fine" still says how much style matters.
        .filter(
          (match) =>
            !match.negated &&
            !describesDrift(match) &&
            !(match.tag.slot === 'goal' && (dismissed.has(match.clause) || listed.has(match.clause))) &&
            // "GPT-4 style models": "style" meaning "like" is no style.
            !(match.to - match.from === 1 && likeStyle(analysis, match.from)) &&
            // "lora rank 16", "adapter rank": a setting of the technique, not rankings of answers.
            !(match.tag.slot === 'dataKind' && SETTING_OF.has(analysis.tokens[match.from - 1]?.word ?? '')) &&
            // "old answers from our team": a cue ending in "our"/"the" followed by people names who
            // answered, not a source of facts ("answers from our docs").
            !this.endsBeforePeople(analysis, match),
        )
        .map((match) => {
          const start = analysis.tokens[match.from]?.start ?? 0;
          const end = analysis.tokens[match.to - 1]?.end ?? start;
          const window = quoteSpan(analysis, match.from, match.to);
          const strength: Reading['strength'] =
            match.tag.strength === 'answer'
              ? match.tag.slot === awaiting
                ? 'answer'
                : 'scoped'
              : match.tag.strength;
          // A short answer quotes itself ("very"), never its neighbours ("very noisy").
          const quote =
            match.tag.strength === 'answer' && match.tag.slot === awaiting
              ? analysis.text.slice(start, end)
              : analysis.text.slice(window.start, window.end);
          const reading: Reading = {
            slot: match.tag.slot,
            value: translatedTerms(analysis, match) ? 'alignment' : match.tag.value,
            quote,
            start,
            end,
            strength,
            via: 'rule' as const,
          };
          // The value's own name as the answer ("low-ish", "high"): nothing the classifier guesses beats it.
          const names = this.valueNames[match.tag.slot]?.[match.tag.value] ?? [match.tag.value];
          if (match.tag.strength === 'answer' && names.includes(match.phrase.toLowerCase())) {
            reading.firm = true;
            reading.ownName = true;
          }
          // "one task. and the template is mandatory, …": the reply opens with the option's own
          // words ("One task" is the button's label), so it is that option.
          // "Behaviour: use our SDK conventions …": a cue set before a colon heads the reply as
          // its answer, and the rest explains it.
          const headed = /^\s*[:—–]/.test(analysis.text.slice(end));
          if (
            match.tag.slot === awaiting &&
            match.from === 0 &&
            (names.includes(analysis.tokens[0]?.word ?? '') || headed) &&
            match.tag.strength !== 'weak'
          )
            reading.ownName = true;
          // "really important! the whole point is it should sound like us": a degree that opens the
          // reply to "how much does it matter?" is the answer; what follows only explains it.
          if (
            match.tag.strength === 'answer' &&
            match.tag.slot === awaiting &&
            GRADED.has(awaiting) &&
            match.from <= 1 &&
            !YES_NO.has(match.phrase)
          )
            reading.firm = true;
          return reading;
        })
    );
  }

  /**
   * Amounts of data, each with the kinds its noun suggests. A bare number counts only as the
   * answer to an amount question (`bareNumbersCount`); counts of tasks or datasets never do.
   */
  amounts(analysis: Analysis, bareNumbersCount: boolean): Reading[] {
    const readings: Reading[] = [];
    const gpus = this.gpuMentions(analysis);
    const quantities = parseQuantities(analysis.text, (word) => this.vocabulary.isDataNoun(word));
    const tokensCounted = quantities.some((quantity) => quantity.unit === 'tokens');
    for (const quantity of quantities) {
      // "30k segment pairs from our translators, and reviewers compared two versions for 5k
      // segments": words in another amount's clause describe that amount.
      const othersClauses = new Set(
        quantities
          .filter((other) => other !== quantity && other.noun !== null && other.value >= SMALL_COUNT)
          .map((other) => clauseAt(analysis, other.start)),
      );
      othersClauses.delete(clauseAt(analysis, quantity.start));
      const counted = quantities.filter((other) => other.noun !== null && other.value >= SMALL_COUNT);
      const others = counted.includes(quantity) ? counted : [...counted, quantity];
      // "two responses, one picked": the word "one" is a count of one thing, never a body of data.
      if (quantity.value === 1 && /^one\b/i.test(quantity.raw)) continue;
      // "got a 3090", "two RTX 4090s": the hardware, not an amount of data.
      if (overlapsAny(gpus, quantity.start, quantity.end)) continue;
      if (OTHERS_DATA.test(analysis.text.slice(Math.max(0, quantity.start - 60), quantity.start))) continue;
      // "one of our 40 internal clause codes": the label set's size, whatever the words before.
      // The head may follow the data noun the parser stopped at: "40 internal clause codes".
      const headWord = /^[\s-]*([\p{L}]+)/u.exec(analysis.text.slice(quantity.end))?.[1] ?? quantity.noun;
      const countedHead = headWord ? this.vocabulary.singular(headWord) : null;
      const headIsLabelSet = countedHead !== null && LABEL_SET_NOUNS.has(countedHead);
      if (
        countedHead !== null &&
        (headIsLabelSet ||
          (quantity.noun !== null && LABEL_SET_NOUNS.has(this.vocabulary.singular(quantity.noun))) ||
          (LABEL_NOUNS.has(countedHead) &&
            ONE_OF_BEFORE.test(analysis.text.slice(Math.max(0, quantity.start - 20), quantity.start))))
      )
        continue;
      // "few-shot with 5 examples", "3 examples in the prompt": shots in a prompt, not data to train on.
      if (
        PROMPT_SHOTS_BEFORE.test(analysis.text.slice(Math.max(0, quantity.start - 30), quantity.start)) ||
        PROMPT_HOLDS_BEFORE.test(analysis.text.slice(Math.max(0, quantity.start - 80), quantity.start)) ||
        PROMPT_SHOTS_AFTER.test(analysis.text.slice(quantity.end, quantity.end + 25))
      )
        continue;
      // "an SFT'd llama-3 8b chat model": a model's size, not 8 billion chats.
      if (
        MODEL_SIZE.test(quantity.raw) &&
        MODEL_AFTER.test(analysis.text.slice(quantity.end, quantity.end + 30))
      )
        continue;
      // "each is maybe a page or two", "500 words apiece": the size of one item, not how many there are.
      if (
        PER_ITEM_BEFORE.test(analysis.text.slice(Math.max(0, quantity.start - 30), quantity.start)) ||
        PER_ITEM_AFTER.test(analysis.text.slice(quantity.end, quantity.end + 20))
      )
        continue;
      // "~500k notes unlabeled and 4k note->code pairs": what follows an amount describes it only
      // up to the next amount, which its own words describe.
      const nextStart = Math.min(
        ...quantities.filter((other) => other.start >= quantity.end).map((other) => other.start),
      );
      const after = (chars: number) =>
        analysis.text.slice(quantity.end, Math.min(quantity.end + chars, nextStart));
      let noun =
        this.countedNoun(analysis, quantity.raw, quantity.end, quantity.noun) ??
        this.nounBefore(analysis, quantity.start);
      // "12k PR diffs paired with the comment a reviewer left": a thing counted with its output
      // attached is a count of examples, whatever the thing is called.
      // "25 of those", "50,000 such pairs": the things already spoken of, of no new kind.
      // "~60k of those picks" names its kind after all: only a noun of no kind ("such pairs") points back.
      const anaphor = ANAPHORIC_AFTER.exec(after(30));
      const named = anaphor?.[4] ? this.vocabulary.lemma(anaphor[4].toLowerCase()) : null;
      // "help center articles (about 400 of them)": the noun pointed back at is in the same sentence.
      const anaphoric =
        anaphor !== null &&
        (named === null || (this.vocabulary.kindsOf(named)?.length ?? 0) === 0) &&
        this.nounBefore(analysis, quantity.start) === null &&
        // "1.5k of them have a summary attached": what they carry says what they are.
        !OUTPUT_ATTACHED.test(after(70));
      const pairedAfter =
        !noun &&
        !anaphoric &&
        (PAIRED_AFTER.test(after(40)) || INPUT_TO_OUTPUT.test(quantity.raw + after(40)));
      // "3.5k confirmed diagnoses", "900 approved rewrites": things checked by people are labels.
      const checked = !noun && !pairedAfter && CHECKED.test(quantity.raw);
      if (pairedAfter || checked) noun = 'example';
      if (noun && TASK_COUNTS.has(noun)) {
        // "25 labelled datasets", "a dozen tasks": datasets for many tasks, of no stated size. A
        // few tasks ("two specific tasks: summarise and tag") are a task's parts, not a mixture.
        if (quantity.value >= (noun === 'dataset' ? 2 : MIXTURE_TASKS)) {
          readings.push({
            slot: 'dataKind',
            value: 'multitask',
            quote: quantity.raw,
            start: quantity.start,
            end: quantity.end,
            strength: 'strong',
            via: 'rule',
          });
        }
        continue;
      }
      // "IEC 61131", "ISO 9001", "RFC 2616": a number after an acronym names a standard.
      if (
        /^\d+$/.test(quantity.raw) &&
        /\b[A-Z]{2,6}[- ]?$/.test(analysis.text.slice(Math.max(0, quantity.start - 8), quantity.start)) &&
        !(quantity.noun && this.vocabulary.isDataNoun(quantity.noun))
      )
        continue;
      // "about 3,400 tickets, from our team of 25 agents", "Four thousand, from 6 nurses": a count
      // of people says who made the data, never how much there is.
      if (quantity.noun && quantity.unit !== 'tokens' && this.vocabulary.isPeople(quantity.noun)) continue;
      // "2,400 marked answers across 35 questions": after another amount, a count behind "across"
      // or "from" says how that data is spread, not a second body of it.
      if (
        SPREAD_BEFORE.test(analysis.text.slice(Math.max(0, quantity.start - 12), quantity.start)) &&
        quantities.some(
          (other) =>
            other.end <= quantity.start &&
            other.value > quantity.value &&
            sentenceIndex(analysis.text, other.start) === sentenceIndex(analysis.text, quantity.start),
        )
      )
        continue;
      // "20M tokens, not 200M", "the 3k number was page views": the amount set aside is the one
      // being corrected, not a second one; it says which saved amount the correction replaces.
      const rejected =
        REJECTED_AMOUNT.test(analysis.text.slice(Math.max(0, quantity.start - 24), quantity.start)) ||
        DISCUSSED_AMOUNT.test(analysis.text.slice(quantity.end, quantity.end + 20)) ||
        DISCUSSED_AMOUNT.test(quantity.noun ?? '') ||
        (DISCUSSED_BEFORE.test(analysis.text.slice(Math.max(0, quantity.start - 12), quantity.start)) &&
          DISCUSSED_AFTER.test(analysis.text.slice(quantity.end, quantity.end + 8)) &&
          // "the 60k is SFT demonstrations" says what the amount is, not that it is set aside.
          !KIND_STATED_AFTER.test(analysis.text.slice(quantity.end, quantity.end + 40)));
      // "I've hand-tagged 15", "we labelled about 200": a bare number after labelling counts them.
      const labelled =
        !noun && LABELLED_BARE.test(analysis.text.slice(Math.max(0, quantity.start - 30), quantity.start));
      if (!noun && !bareNumbersCount && !rejected && !labelled) continue;
      // "notes across 4 hospitals, roughly 2B tokens": beside a count of tokens, a number followed
      // by a word that is not data counts something else.
      if (
        !noun &&
        !rejected &&
        !labelled &&
        quantity.unit !== 'tokens' &&
        tokensCounted &&
        quantity.noun !== null &&
        !this.vocabulary.isDataNoun(quantity.noun)
      )
        continue;
      // "steps under 20 words", "at most 3 sentences": a length limit of the output, not data.
      if (
        noun &&
        LENGTH_UNITS.has(noun) &&
        (LIMIT.test(quantity.raw) ||
          LIMIT_BEFORE.test(analysis.text.slice(Math.max(0, quantity.start - 20), quantity.start)) ||
          NEGATED_EXCESS.test(analysis.text.slice(Math.max(0, quantity.start - 20), quantity.start)) ||
          (EXCESS.test(quantity.raw) &&
            /\b(never|not|no)\s*$/i.test(
              analysis.text.slice(Math.max(0, quantity.start - 10), quantity.start),
            )))
      )
        continue;
      // "~2,000 survey answers every quarter", "we get 300 tickets a day": the workload the model
      // will face, not data the user has; it counts only when it answers the amount question.
      if (
        !bareNumbersCount &&
        (WORKLOAD_AFTER.test(analysis.text.slice(quantity.end, quantity.end + 40)) ||
          WORKLOAD_BEFORE.test(analysis.text.slice(Math.max(0, quantity.start - 40), quantity.start)))
      )
        continue;
      // "context, two replies, which won", "3 candidate answers": how many outputs one item
      // compares, never how many items there are, whichever question is open.
      if (
        quantity.value < SMALL_COUNT &&
        ((noun && COMPARED_NOUNS.has(noun)) ||
          COMPARING.test(analysis.text.slice(Math.max(0, quantity.start - 25), quantity.start))) &&
        !OWNED.test(analysis.text.slice(Math.max(0, quantity.start - 25), quantity.start))
      )
        continue;
      // "the better of two summaries", "after 3-4 turns", "one-line bullets": small counts are
      // details of the task, not the data, unless they answer the amount question ("we have 6").
      if (
        quantity.value < SMALL_COUNT &&
        !bareNumbersCount &&
        !OWNED.test(analysis.text.slice(Math.max(0, quantity.start - 25), quantity.start))
      )
        continue;
      // "20k invoice->json pairs": an arrow between two things is an input and its output.
      // "~20k chosen/rejected pairs" pairs two answers, one preferred: not an input and its output.
      const ranked = PREFERENCE_PAIR.test(quantity.raw + after(40));
      const arrow = !ranked && INPUT_TO_OUTPUT.test(quantity.raw + after(40));
      // "800 labeled claims": the items carry their labels, whatever they are called.
      const labelledItems = !ranked && LABELLED_ITEMS.test(quantity.raw);
      // "1.5k of them have a physician-written summary attached": those items carry their outputs.
      const outputAttached = OUTPUT_ATTACHED.test(after(70));
      const kinds = anaphoric
        ? []
        : ranked
          ? ['preferences']
          : arrow || labelled || pairedAfter || checked || outputAttached || labelledItems
            ? ['demonstrations']
            : noun
              ? this.resolveKinds(analysis, noun, quantity.start, quantity.end, othersClauses, others)
              : [];
      // "5k of those pairs": the noun pointed back with is part of the amount, not a kind of its own.
      const end = anaphoric && named !== null && anaphor ? quantity.end + anaphor[0].length : quantity.end;
      const reading: Reading = {
        slot: 'dataSize',
        value: quantity.value,
        quote: analysis.text.slice(quantity.start, end),
        start: quantity.start,
        end,
        strength: 'strong',
        via: 'rule',
        unit: quantity.unit,
        kinds: quantity.unit === 'tokens' ? ['raw-text'] : kinds,
      };
      if (quantity.vague) reading.vague = quantity.vague;
      // The kind read from how the items are built (an arrow, outputs attached, checked by people).
      if (arrow || labelled || pairedAfter || checked || outputAttached || labelledItems || ranked)
        reading.firm = true;
      const usual = noun ? this.vocabulary.kindsOf(noun) : null;
      if (
        !arrow &&
        !labelled &&
        !pairedAfter &&
        !checked &&
        quantity.unit !== 'tokens' &&
        usual &&
        usual.length === 1 &&
        kinds.length === 1 &&
        kinds[0] === usual[0]
      )
        reading.nounDefault = true;
      if (rejected) reading.rejected = true;
      // "3,000 response pairs", "50k instruction examples": the head noun fits any kind, so a kind
      // stated next to it ("chosen vs rejected", "across task types") says more than its modifier.
      const head = quantity.noun ? this.vocabulary.lemma(quantity.noun) : null;
      if (
        head !== null &&
        !arrow &&
        (this.vocabulary.kindsOf(head)?.length ?? 0) === 0 &&
        quantity.unit !== 'tokens'
      )
        reading.headGeneric = true;
      if (anaphoric) reading.headGeneric = true;
      readings.push(reading);
    }
    return readings;
  }

  /**
   * The kinds a data noun suggests, narrowed by hints next to it when it could be several. A
   * hint right after a noun of text can also make it examples: "2,500 abstracts annotated with
   * the parameters", "60,000 notes coded by certified coders" are input -> output pairs.
   */
  resolveKinds(
    analysis: Analysis,
    noun: string,
    start: number,
    end: number,
    /** Clauses that hold other amounts: their hints are theirs. */
    othersClauses: ReadonlySet<number> = new Set(),
    /** Every amount in the message, this one included: a hint describes the amount it follows. */
    amounts: { start: number; end: number }[] = [],
  ): readonly string[] {
    const kinds = this.vocabulary.kindsOf(noun) ?? [];
    if (authoredOutput(analysis.text, start, end, kinds)) return ['demonstrations'];
    const tokens = analysis.tokens;
    const from = tokens.findIndex((token) => token.end > start);
    const toIndex = tokens.findIndex((token) => token.start >= end);
    const last = toIndex === -1 ? tokens.length : toIndex;
    const sentence = (index: number) => sentenceIndex(analysis.text, tokens[index]?.start ?? 0);
    const own = sentence(from);
    const hints = this.kindHints
      .find(analysis)
      .filter(
        (hint) =>
          !hint.negated &&
          sentence(hint.from) === own &&
          !othersClauses.has(tokens[hint.from]?.clause ?? -1) &&
          (amounts.length < 2 || this.describes(tokens, hint, amounts, start)),
      );
    const around = hints.filter((hint) => hint.to > from - HINT_REACH && hint.from < last + HINT_REACH);
    const textual = kinds.every((kind) => kind === 'raw-text' || kind === 'demonstrations');
    const after = this.pairedHints
      .find(analysis)
      .filter((hint) => !hint.negated && hint.from >= last && hint.from < last + OVERRIDE_REACH);
    if (kinds.length >= 2) {
      const hinted = [
        ...new Set([...around, ...after].filter((hint) => kinds.includes(hint.tag)).map((hint) => hint.tag)),
      ];
      if (hinted.length === 1) return hinted;
    }
    if (textual && kinds.length >= 1) {
      const hinted = [...new Set(after.map((hint) => hint.tag))];
      if (hinted.length === 1) return hinted;
    }
    // "4k cases where devs accepted one comment and dismissed another": a noun of any kind takes
    // the one kind the words right around it name.
    if (kinds.length === 0) {
      // What follows the noun describes it ("cases where …"); what comes before may describe
      // another amount in the sentence.
      // The counted noun itself ("pairs", "examples") is no hint about what it counts; its
      // modifiers are ("25k pref pairs").
      // What follows counts only in the noun's own clause: "we have lawyer-made examples, and a
      // senior lawyer also ranked two …" ranks other things than the examples.
      const ownClause = tokens[from]?.clause;
      const beside = around.filter(
        (hint) =>
          !(hint.from >= last - 1 && hint.to <= last) &&
          (hint.from < from || tokens[hint.from]?.clause === ownClause),
      );
      const following = beside.filter((hint) => hint.from >= last);
      for (const group of [following, beside]) {
        const hinted = [...new Set(group.map((hint) => hint.tag))];
        if (hinted.length === 1) return hinted;
      }
    }
    // "3,000 prompts, 4 responses each, best to worst": answers that were compared are preferences.
    // "lawyer-written model answers and a big set where users compared two answers": the words of
    // comparison past an "and" that starts a new thing describe that thing.
    const joinedApart = (hint: { from: number; to: number }) =>
      tokens
        .slice(Math.min(hint.to, last), Math.max(hint.from, from))
        .some(
          (token, offset, between) => JOINS.has(token.word) && NEW_THING.has(between[offset + 1]?.word ?? ''),
        );
    if (ANSWER_NOUNS.has(noun) && around.some((hint) => hint.tag === 'preferences' && !joinedApart(hint)))
      return ['preferences'];
    return kinds;
  }

  /** Whether a hint describes the amount starting at `start`, of the several in the message. */
  private describes(
    tokens: Analysis['tokens'],
    hint: { from: number; to: number },
    amounts: { start: number; end: number }[],
    start: number,
  ): boolean {
    const span = { start: tokens[hint.from]?.start ?? 0, end: tokens[hint.to - 1]?.end ?? 0 };
    return describedAmount(span, amounts, (offset) => clauseAt({ tokens }, offset))?.start === start;
  }

  /** Ambiguous data nouns named anywhere in the text ("100k chat transcripts"), with their kinds. */
  dataNouns(analysis: Analysis): { noun: string; start: number; end: number; kinds: readonly string[] }[] {
    const found: { noun: string; start: number; end: number; kinds: readonly string[] }[] = [];
    const gpus = this.gpuMentions(analysis);
    // "an A10G instance", "the 4090 box": the word after a GPU names the machine, not data.
    const hardware = (start: number) => gpus.some((gpu) => start >= gpu.start && start <= gpu.end + 3);
    for (const [index, token] of analysis.tokens.entries()) {
      const lemma = this.vocabulary.lemma(token.word);
      // "we haven't logged any ratings yet": data named after a negation is data they lack.
      if (!lemma || negatedAt(analysis.tokens, index) || hardware(token.start)) continue;
      // "a warm-but-brief way of replying": the last word of a hyphenated adjective is no noun.
      if (/\p{L}-(but|and|or|yet)-$/iu.test(analysis.text.slice(Math.max(0, token.start - 12), token.start)))
        continue;
      // "a code review bot", "our ticket pipeline": the noun names what a tool works on, not data.
      const toolNamed = analysis.tokens
        .slice(index + 1, index + 3)
        .some((next) => next.clause === token.clause && TOOL_HEADS.has(next.word));
      if (toolNamed) continue;
      // "never more than 60 words", "3 sentences max": a measure of the output, not text had;
      // "2M words of transcripts" counts text, and stays.
      const previous = analysis.tokens[index - 1];
      const next = analysis.tokens[index + 1];
      const measure =
        LENGTH_UNITS.has(lemma) &&
        previous !== undefined &&
        /\d/.test(previous.word) &&
        !(next?.word === 'of' && next.clause === token.clause);
      if (measure) continue;
      found.push({
        noun: lemma,
        start: token.start,
        end: token.end,
        kinds: this.resolveKinds(analysis, lemma, token.start, token.end),
      });
    }
    return found;
  }

  /** The vocabulary noun a number counts, if one follows it closely ("5k labelled support tickets"). */
  private countedNoun(analysis: Analysis, raw: string, end: number, own: string | null): string | null {
    const ownLemma = own ? this.vocabulary.lemma(own) : null;
    const rawWords = raw.toLowerCase().match(/[\p{L}]+/gu) ?? [];
    // "12 different partner labs": the number counts the thing named, which is not data; the
    // nouns further on belong to other phrases.
    if (own && !ownLemma && !rawWords.some((word) => this.vocabulary.lemma(word))) return null;
    // "300 dialog samples": when the head noun fits any kind, a noun before it that names one says more.
    if (ownLemma && (this.vocabulary.kindsOf(ownLemma)?.length ?? 0) > 0) return ownLemma;
    const specific = rawWords
      .map((word) => this.vocabulary.lemma(word))
      .find(
        (lemma) => lemma !== null && lemma !== ownLemma && (this.vocabulary.kindsOf(lemma)?.length ?? 0) > 0,
      );
    if (specific) return specific;
    if (ownLemma) return ownLemma;
    const startToken = analysis.tokens.findIndex((token) => token.start >= end);
    // The noun must be in the number's own clause: "wrapped at 72. there are 20k commits".
    const clause = [...analysis.tokens].reverse().find((token) => token.end <= end)?.clause;
    const after = (startToken === -1 ? [] : analysis.tokens.slice(startToken, startToken + NOUN_REACH))
      .filter((token) => token.clause === clause)
      .map((token) => token.word);
    for (const word of [...rawWords, ...after]) {
      const lemma = this.vocabulary.lemma(word);
      if (lemma) return lemma;
    }
    return null;
  }

  /**
   * The data noun a number refers back to: "articles (about 400 of them)", "the demonstrations are
   * 3000", "tickets: ~2k". Only across a few linking words in the same sentence.
   */
  private nounBefore(analysis: Analysis, start: number): string | null {
    const before = analysis.text.slice(Math.max(0, start - 60), start);
    const sentence = before.split(/[.!?\n]/).at(-1) ?? '';
    const after = analysis.text.slice(start, start + 30);
    // "5k of those pairs" names what it counts itself: only a bare "of those" points back at a noun.
    const pointer = (pattern: RegExp) => pattern.exec(after);
    const pointsBack = (match: RegExpExecArray | null) =>
      match !== null && !(match[2] && this.vocabulary.isDataNoun(match[2].toLowerCase()));
    const linked =
      /\b(\p{L}+)\s*(\(|:|=|-|–|—|is|are|was|were|number|count|total|come to|comes to|around|about|roughly|approx|~)\s*(\p{L}+\s+)?$/iu.exec(
        sentence,
      );
    if (linked?.[1]) {
      const lemma = this.vocabulary.lemma(linked[1]);
      if (lemma) return lemma;
    }
    const lastNoun = (span: string) => {
      for (const word of (span.match(/\p{L}+/gu) ?? []).reverse()) {
        const lemma = this.vocabulary.lemma(word);
        if (lemma) return lemma;
      }
      return null;
    };
    if (pointsBack(pointer(POINTS_BACK_NEXT))) {
      const lemma = lastNoun(sentence);
      if (lemma) return lemma;
    }
    // "… release notes like our tech writers do. we have a few thousand of them": with nothing in
    // its own sentence to point back at, the amount counts what the sentence before named.
    if (pointsBack(pointer(POINTS_BACK_NEAR)) && lastNoun(sentence) === null) {
      const previous =
        analysis.text
          .slice(Math.max(0, start - 200), start)
          .split(/[.!?\n]/)
          .slice(-2, -1)[0] ?? '';
      return lastNoun(previous);
    }
    return null;
  }

  /** Cues found anywhere, plus short answers where they apply: to the question asked, or next to a topic word. */
  private cueMatches(analysis: Analysis, awaiting: string | null): PhraseMatch<CueTag>[] {
    const matches = this.cues.find(analysis, (tag) => tag.slot);
    // "GPT-4 style models", "DPO-style data": "style" that means "like" names no style topic.
    const scopes = this.scopeWords
      .find(analysis)
      .filter((scope) => !(scope.tag === 'styleSensitivity' && likeStyle(analysis, scope.from)));
    const scopedClauses = new Map<string, Set<number>>();
    for (const scope of scopes) {
      const clauses = scopedClauses.get(scope.tag) ?? new Set<number>();
      clauses.add(scope.clause);
      scopedClauses.set(scope.tag, clauses);
    }
    const usedScopes: PhraseMatch<string>[] = [];
    for (const answer of this.answerCues.find(analysis, (tag) => tag.slot)) {
      const { slot } = answer.tag;
      if (slot !== awaiting && REPLY_ONLY.has(answer.phrase)) continue;
      // "yes" and "no" answer when they open the reply; "there are no examples" further on does not.
      if (YES_NO.has(answer.phrase) && answer.from > 1) continue;
      // "a lot of agent-rating data" counts something; it is no answer "a lot" to how often.
      if (slot !== awaiting && analysis.tokens[answer.to]?.word === 'of') continue;
      // "a vocabulary that general models mangle": a word describing the models is no answer
      // about the text ("general", "normal", "off the shelf" models).
      if (
        slot !== awaiting &&
        slot === 'domainDistance' &&
        MODEL_NOUNS.has(analysis.tokens[answer.to]?.word ?? '')
      )
        continue;
      // "how many examples", "so many tasks": a degree of something else, never the answer "many".
      if (
        MEASURED.has(answer.phrase.toLowerCase()) &&
        DEGREE_BEFORE.has(analysis.tokens[answer.from - 1]?.word ?? '')
      )
        continue;
      // "in our house style, which matters somewhat": the topic may sit in the clause just before,
      // when the answer's own clause is no more than that answer.
      const scoped = scopedClauses.get(slot);
      const clauseWords = analysis.tokens.filter((token) => token.clause === answer.clause).length;
      // "the facts of our database, in the exact format of a note, the sections are fixed": the
      // clause before speaks last of the format, so "fixed" is about it, not about the facts.
      const lastTopicBefore = scopes
        .filter((scope) => scope.clause === answer.clause - 1)
        .reduce<PhraseMatch<string> | undefined>(
          (last, scope) => (!last || scope.from > last.from ? scope : last),
          undefined,
        );
      const applies =
        slot === awaiting ||
        scoped?.has(answer.clause) ||
        (lastTopicBefore?.tag === slot && clauseWords <= SHORT_CLAUSE);
      if (!applies) continue;
      // A short answer must not override a cue for the same slot that it is part of.
      if (matches.some((m) => m.tag.slot === slot && m.from <= answer.from && m.to >= answer.to)) continue;
      matches.push(answer);
      // The topic words next to an answer ("high, the tone has to match") name its subject.
      usedScopes.push(
        ...scopes.filter((scope) => scope.tag === slot && Math.abs(scope.clause - answer.clause) <= 1),
      );
    }
    // "high, the tone has to match" is about how much style matters, not a new goal: a goal cue
    // that served as the topic of another answer may fill an empty goal but never replaces one.
    const topical = (match: PhraseMatch<CueTag>) =>
      match.tag.slot === 'goal' &&
      usedScopes.some((scope) => scope.from <= match.from && scope.to >= match.to);
    const weighed = matches.map((match) =>
      topical(match) ? { ...match, tag: { ...match.tag, strength: 'topic' as const } } : match,
    );
    return weighed.filter(
      (match) =>
        !weighed.some(
          (other) =>
            other !== match &&
            other.tag.slot === match.tag.slot &&
            other.from <= match.from &&
            other.to >= match.to &&
            other.to - other.from > match.to - match.from,
        ),
    );
  }
}

/**
 * The amount words describe: the one they sit inside, else the last one before them, else the
 * first (words before every amount lead into it).
 */
export function describedAmount<T extends { start: number; end: number }>(
  item: { start: number; end: number },
  amounts: T[],
  /** The clause of an offset: an amount in the words' own clause comes first. */
  clauseOf?: (offset: number) => number,
): T | undefined {
  if (clauseOf) {
    const own = amounts.filter((amount) => clauseOf(amount.start) === clauseOf(item.start));
    if (own.length > 0 && own.length < amounts.length) return describedAmount(item, own);
  }
  const inside = amounts.find((amount) => item.start < amount.end && item.end > amount.start);
  if (inside) return inside;
  const before = amounts.filter((amount) => amount.end <= item.start).at(-1);
  return before ?? [...amounts].sort((a, b) => a.start - b.start)[0];
}
