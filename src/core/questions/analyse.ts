import type { Concept, KnowledgeEntry, StrategyId } from '../../content/knowledge-schema.js';
import { asksWithoutMark, MODEL_MISBEHAVES, SKIPS_STAGE } from '../nlu/sentences.js';
import {
  editDistance,
  expand,
  GENERIC,
  isFolded,
  normalise,
  STOPWORDS,
  sentences,
  stem,
  stripMarkup,
  type Word,
  words,
} from './text.js';

export const QUESTION_TYPES = [
  'define',
  'compare',
  'why',
  'why-not',
  'how-much-data',
  'what-if',
  'how-to',
  'evidence',
  'risks',
  'cost-hardware',
  'training-choice',
  'general',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface QuestionEntities {
  /** The advisor's strategies the question is about ("why not RAG?"). */
  strategies: StrategyId[];
  /** Knowledge entries named: papers and guides ("what did LIMA show?"). */
  papers: string[];
  /** Concepts named, most specific first ("qlora", "dpo-beta"). */
  concepts: string[];
  /** The named concepts that are training techniques (LoRA, PPO, QLoRA …). */
  techniques: string[];
}

export interface QuestionAnalysis {
  type: QuestionType;
  /** The question as read: without markup and without the sentences of context before it. */
  text: string;
  /** Sentences before the question ("We're building a support bot."), kept for terms. */
  context: string;
  entities: QuestionEntities;
  /** For a question that points at its context: the stems of the names the context uses. */
  focus: string[];
  /** The stems of the question's own words that name a concept or a paper. */
  nameWords: { concepts: string[]; papers: string[] };
  /** What the statements around the question name; they widen the passages considered. */
  contextEntities: QuestionEntities;
  /** The question only points at its context ("is that normal?"), which says what is asked. */
  pointer: boolean;
  /** What it names comes from its context or the part before it, not from its own words. */
  borrowed: boolean;
  /** Names of methods the knowledge has no entry for ("RAFT", "ORPO"). */
  unknown: string[];
  /** Asks for a price in money, which no source gives. */
  asksPrice: boolean;
  /** Asks whether something is legal or allowed by a licence or terms of service: no source says. */
  asksLegal: boolean;
  /** Asks for serving, deployment or infrastructure code ("write me a docker-compose for vLLM"): no source gives it. */
  asksOperations: boolean;
  /**
   * Asks the advisor to do a job rather than advise ("can you draft the email to my boss", "run
   * the training for me", "translate our FAQ"): it advises, it does not write, translate or train.
   */
  asksErrand: boolean;
  /** About something other than adapting language models (stocks, crypto, the weather, lunch). */
  offTopic: boolean;
  /** Asks which product, vendor or tool to pick ("can you recommend a labelling vendor?"): no source compares them. */
  asksProduct: boolean;
  /** Asks which of today's models to pick ("Llama 3.1 or Qwen 2.5?"): no source ranks them. */
  asksModelPick: boolean;
  /** Sets two model sizes against each other ("a 13B with LoRA or a 70B with QLoRA?"). */
  comparesSizes: boolean;
  /** Asks for an exact figure ("the exact MMLU score", "need the number"): gaps in the sources matter. */
  asksExact: boolean;
  /** Asks to predict the user's own result ("what MMLU should we expect?"), which no source can. */
  asksForecast: boolean;
  /** Asks about the user's own case ("for us", "for my case", "should we"). */
  personal: boolean;
  /** Stems of the words that say what is asked, for retrieval. */
  terms: string[];
  /** Stems of the context's words: they help ranking but are not what must be answered. */
  contextTerms: string[];
  /** Stems of the question's own words that say what it asks (no context, no generic words). */
  asked: string[];
  /** Further questions in the same message ("… and how many examples?"), each read on its own. */
  parts: QuestionAnalysis[];
}

/**
 * Methods practitioners ask about that the knowledge has no entry for. Naming them lets the
 * advisor say plainly that it cannot compare them, instead of answering about the nearest
 * neighbour (RAFT is not RAG). Any unknown all-capitals name in a method's place is caught too.
 */
/** "besides the win rate", "apart from MMLU": a few words set aside, up to the end of the clause. */
const SET_ASIDE =
  /\b(besides|apart from|aside from)\s+(?:the\s+)?(?:[\w/-]+\s+){0,3}[\w/-]+(?=\s*([?.,!;]|$))/gi;

const UNCOVERED_METHODS = [
  'raft',
  'grpo',
  'orpo',
  'kto',
  'ipo',
  'simpo',
  'cpo',
  'rlaif',
  'rlvr',
  'spin',
  'dora',
  'ia3',
  'reft',
  'loftq',
  'galore',
  'relora',
  'prefix tuning',
  'prefix-tuning',
  'prompt tuning',
  'p-tuning',
  'soft prompts',
  'constitutional ai',
  'self-rag',
  'graphrag',
  'model merging',
  'mergekit',
  'pruning',
  'mixture of experts',
  'moe',
  'speculative decoding',
  'knowledge editing',
  'rome',
  'memit',
  // Extending the context window: no source covers it.
  'rope scaling',
  'rope',
  'yarn',
  'position interpolation',
  'longlora',
  'context extension',
  'flash attention',
  'flashattention',
  'quantization aware training',
  'qat',
  'gptq',
  'awq',
  // Other kinds of model than the text models the sources study.
  'stable diffusion',
  'diffusion model',
  'diffusion models',
  'image generation',
  'text-to-image',
  'whisper',
  'speech recognition',
  'text-to-speech',
  'tts',
  'asr',
  'vision model',
  'vision-language',
  'vlm',
  'multimodal',
  'resnet',
  'resnet-50',
  'cnn',
  'yolo',
  'computer vision',
  'image classifier',
  'image classification',
  'object detection',
];

/** All-capitals words that are not method names. */
const COMMON_ACRONYMS = new Set([
  'AI',
  'API',
  'APIS',
  'LLM',
  'LLMS',
  'GPU',
  'GPUS',
  'CPU',
  'TPU',
  'ML',
  'NLP',
  'QA',
  'FAQ',
  'PDF',
  'PDFS',
  'JSON',
  'XML',
  'HTML',
  'CSV',
  'SQL',
  'URL',
  'OK',
  'US',
  'USA',
  'UK',
  'EU',
  'HR',
  'IT',
  'CEO',
  'CTO',
  'USD',
  'EUR',
  'GB',
  'TB',
  'MB',
  'VRAM',
  'RAM',
  'SLA',
  'SDK',
  'UI',
  'UX',
  'CRM',
  'ERP',
  'PII',
  'GDPR',
  'ETA',
  'TL',
  'DR',
  'TLDR',
  'ASAP',
  'FYI',
  'IMO',
  'IIRC',
  'AFAIK',
  'BTW',
  'AWS',
  'GCP',
  'LOL',
  'I',
]);

/** Words a question uses for what it runs on, where unknown names set against each other are products. */
const INFRASTRUCTURE =
  /\b(index|indexes|embeddings?|vectors?|vector (db|database|store)|database|db|store|storing|storage|hold|serve|serving|host|hosting|deploy\w*|library|libraries|framework|tool|tools|platform|cloud|provider|service)\b/i;
/** Averaging or merging fine-tuned weights ("model soup", TIES): not in the sources. */
const MERGING =
  /\bmerg\w*\b[^.?!]{0,60}\b(with|two|several|multiple|both|together|into one|into a single|community)\b|\baverag(e|es|ed|ing) (the )?(weights|checkpoints?|models?|adapters?|loras?)\b|\bmodel soups?\b|\bTIES\b|\btask arithmetic\b|\bslerp\b|\bweight averaging\b/i;
/** Words before a number that do not name a model ("top 5", "rank 64", "2 epochs"). */
const NOT_VERSIONED =
  /^(top|rank|epochs?|step|steps|batch|tier|phase|stage|round|version|layer|layers|lr|alpha|beta|gb|tb|mb|with|than|and|for|from|the|about|around|under|over|only|have|has|had|get|got|use|uses|using|at|on|of|to|in|is|are|was|or|vs|versus)$/i;

/** Capitalised words followed by a number that are not model names ("Step 2", "Table 6"). */
const NOT_MODELS =
  /^(Step|Table|Section|Chapter|Figure|Fig|Version|Top|Part|Phase|Stage|Rule|Tier|Day|Week|Month|Year|Q|Option|Epoch|Epochs|Batch|Rank|Layer|Round|Turn|Issue|Appendix|Eq|Item|Level|Grade|Class|Python|Node)$/;

/** Concepts whose names say "fine-tuning" generally; in a recommendation that is SFT. */
export const UMBRELLA_STRATEGY: Record<string, StrategyId> = { 'fine-tuning': 'sft' };

const PAPER_WORDS =
  /\b(paper|papers|authors?|study|studies|showed?|shown|shows|find|found|findings?|results?|report(s|ed)?|et al|rafailov)\b/;

interface Phrase {
  stems: string[];
  /** The words as written, so "completely" does not match "completions" by their shared stem. */
  words: string[];
  target: { kind: 'concept' | 'entry'; id: string };
}

interface Match {
  from: number;
  to: number;
  target: Phrase['target'];
}

/** Question types by their wording, tried in this order; the first that fits wins. */
const WHAT_IF =
  /\b(what if|what about if|how about if|(?<!\bi )suppose|supposing|imagine|if we (had|have|got|get|used|use|only had|switch|switched|doubled|move|moved)|if i (had|have)|what would happen if|would it change if|would that change if|and if we|let's say we|(and |but )?if (later|then|now|one day|eventually|someday|at some point),? (we|i)|if (we|i) (later|also|then|eventually) (want|need|add|get|have|had))\b/;
const PRICE =
  /[$€£]\s?\d|\d\s?(k\s)?(usd|dollars?|euros?|bucks)\b|\b(the )?(price|pricing) (of|for|to|per)\b|\bwhat (price|prices)\b|\b(dollars?|usd|euros?|bucks|priced|invoice|billing|per hour|hourly rate|in money|cost us|cost me|costs us|would it cost|will it cost|does it cost|much money|charge|charges|charging|fees?|per million tokens|per 1m tokens|renting|rent|rental)\b|\bhow much (would|will|does|did|do|is)\b[^?]*\bcost\b|\bwhat (does|would|will|did|do) [^?]*\bcost\b|\bcost per\b/;
/** Whether something is lawful or permitted: terms of service, licences, copyright, privacy law. */
const LEGAL =
  /\b(is (it|this|that) (even )?(legal|lawful|allowed|permitted)|legally|illegal|unlawful|terms of (service|use)|tos|licen[cs]e (allow|allows|let|lets|permit|permits|terms|restrict\w*)|commercially|licensing terms|under (the|its|their) licen[cs]e|copyright(-?wise)?|copyrighted|infring\w*|commercial(ly)? use|sell (it |the model |the weights |them )?commercially|gdpr|hipaa|(are|am|is) (we|i|it|this|that) (even )?(allowed|permitted) to|(we|i)'?re (even )?allowed to|privacy (policy|law|laws|rules|regulations?)|data protection|paywall(ed)?|fair use|sued|sue (us|me|them)|lawsuits?|liable|liability|legal (risks?|exposure|trouble|problems?|issues?|questions?|concerns?)|legal problem\w*|consent|fda|ema|regulators?|regulatory (approval|submission|acceptance)|(accept|approve)\w*\b[^?]*\bsubmissions?|data retention|retain (our|the|my) (data|training|transcripts?|files?)|keep (our|my) (training )?data)\b/;
/** Code or configuration to serve, deploy or run something: outside what the sources cover. */
const OPERATIONS =
  /\b(write|give|generate|make|create|draft|share|send)( me| us)? (a |an |the |some )?[^?.]{0,30}\b(docker-?compose|dockerfile|docker file|kubernetes|k8s|helm chart|terraform|nginx|systemd|ci pipeline|github action|deployment (file|config|script|manifest)|serving (code|config|script)|config file|yaml file|bash script|shell script)\b|\b(how (do|can|should) (i|we) (deploy|serve|host|scale|autoscale|containeri[sz]e|dockeri[sz]e))\b/;
/** A job for the advisor itself: writing a document, translating, running or hosting training. */
const ERRAND =
  /\b(can|could|would|will) you (also |just |please |pls |maybe |then )?(write|draft|compose|translate|run|execute|launch|host|book|order|send|email|do the|handle the|build|code up|make)\b(?! (down |out |up )?(a |an |the |my |our )?(plan|recommendation|summary|recap|comparison|checklist|decision|case|guess|estimate))|\b(write|draft|compose) (me |us )?(a |an |the |my )?(cover letter|email|e-mail|letter|memo|blog post|linkedin post|tweet|essay|contract|proposal|slide|slides|deck|pitch)\b|\b(translate) (our|my|the|this|these|all)\b[^?]{0,40}\binto\b|\b(run|train|host) (it|the training|the job|the fine-?tun\w*|the model|this|that) (for (me|us)|on your)\b|\bon your (servers?|gpus?|machines?|side)\b/;
/** Subjects outside adapting language models: money markets, shopping, the weather, food. */
const OFF_TOPIC =
  /\b((?<!\b(in|of|out of|our|product|inventory|warehouse) )stocks?(?! (levels?|chang\w*|counts?|updat\w*|status|availability|data|information|info|moves)\b)|stock market|shares in|share prices?|stock prices?|crypto|cryptocurrenc\w*|bitcoin|btc|ethereum|altcoins?|memecoins?|what coin|which coin|nvda|tsla|the weather|weather (today|tomorrow|forecast|in)|forecast for (today|tomorrow|the weekend)|rain(ing)? (today|tomorrow)|(lunch|dinner|breakfast|cooking|restaurants?)(?!-)|exchange rate|horoscope|lottery|sports? (score|results?)|football score)\b/;
/**
 * A broken build or cluster to debug ("my docker build keeps failing") or access control to set up
 * ("row-level access in the RAG index"): infrastructure, not fine-tuning.
 */
const BROKEN_INFRASTRUCTURE =
  /\b(docker|dockerfile|kubernetes|k8s|helm|nginx|ingress|terraform)\b[^?.]{0,40}\b(fail\w*|errors?|broken|crash\w*|won'?t|doesn'?t work|keeps)\b|\bno space left on device\b|\b(access control|row-level|rbac|acls?|permissions|authenticat\w*|sso|single sign-on|encrypt\w*)\b[^?]*\b(set up|setup|configure|implement|enforce|restrict)\b|\b(set up|setup|configure|implement|enforce)\b[^?]*\b(access control|row-level|rbac|acls?|permissions|authenticat\w*|sso|encrypt\w*)\b/;
/** Which current model to pick ("Llama 3.1 or Qwen 2.5?", "the best open model right now"): no source ranks them. */
const MODEL_PICK =
  /\b(which|what)\b[^?]*\b(base|model|llm|checkpoint)\b[^?]*\b(best|better)\b[^?]*\b(llama|mistral|qwen|gemma|phi|deepseek|falcon|olmo)\b[^?]*\b(or|vs\.?|versus)\b|\b(which|what)( one)? (is|'s|are) (better|best|stronger|smarter|the best)\b[^?]*\b(claude|gpt-?\d[\w.-]*|gpt|chatgpt|gemini|llama|mistral|qwen|deepseek|grok|copilot)\b|\b(claude|gpt-?\d[\w.-]*|chatgpt|gemini|llama|mistral|qwen|deepseek|grok)\b,? (or|vs\.?|versus) (claude|gpt-?\d[\w.-]*|chatgpt|gemini|llama|mistral|qwen|deepseek|grok)\b[^?]*\b(better|best|right now|today|for coding|currently)\b|\b(which|what|best|pick|choose|recommend)\b[^?]*\b(open|open-weights?|base|foundation)?\s?(models?|llms?|checkpoints?)\b[^?]*\b(right now|today|these days|currently|at the moment|nowadays|latest|newest|in 20\d\d)\b|\b(best|top|strongest|leading) (open |open-weights? |base |foundation )?(models?|llms?) (right now|today|these days|currently|at the moment|nowadays|to (fine-?tune|finetune|start from))\b/;
/** Which vendor, service or tool to choose. */
const PRODUCT =
  /\b(recommend|suggest|which|best|good|pick|choose|cheapest|fastest)\b[^?]*\b(vendors?|compan(y|ies)|services?|providers?|tools?|librar(y|ies)|frameworks?|platforms?|products?|software|apps?|agenc(y|ies)|startups?|laptops?|computers?|workstations?|vector (db|dbs|databases?|stores?|search)|vector ?dbs?|databases?)\b/;
/** Tools people choose between: the sources compare none of them ("argilla or label studio?", "unsloth vs axolotl"). */
const TOOL_NAMES =
  'argilla|label ?studio|prodigy|doccano|labelbox|scale ai|unsloth|axolotl|llama-?factory|torchtune|deepspeed|fsdp|vllm|tgi|ollama|lm studio|langchain|llama-?index|haystack|pinecone|weaviate|qdrant|chroma|milvus|pgvector|wandb|weights (and|&) biases|mlflow';
const TOOL_CHOICE = new RegExp(
  `\\b(${TOOL_NAMES})\\b[^?]*\\b(or|vs\\.?|versus|compared to|than)\\s+(${TOOL_NAMES})\\b`,
);
/** Asks for an exact figure, which the sources may say they do not give. */
const EXACT =
  /\b(exact|exactly|precise|precisely|specific (number|score|figure)|the (exact )?(number|score|figure)s?|per-benchmark|per benchmark|how many points)\b/;
/** A piece that leads into the question rather than stating something ("In the LIMIT paper, …"). */
const LEAD_IN = /^(in|for|on|with|about|regarding|according to|from|after|before|given|per)\b/i;
/** "What MMLU score should we expect?": a forecast of the user's own result. */
const FORECAST =
  /\b(is (this|it|that) (actually |even |really )?(gonna|going to) work|will (this|it|that) (actually |even |really )?work|would (this|it|that) (actually |even |really )?work|(does|do) (this|it|we) (even )?stand a chance|what are (our|my) chances|how likely (is|are) (it|this|we)|(is|will) (this|it) (be )?worth it in the end)\b|\b(expect|predict|prediction|forecast|estimate|guess|will we get|would we get)\b[^?]*\b(score|scores|accuracy|mmlu|benchmark|win rate|results?|performance|bleu)\b|\b(score|accuracy|mmlu|win rate)\b[^?]*\b(should we expect|will we get|would we get|can we expect)\b/;
/** "Will we get the same?" after a result someone cites: a forecast of the user's own run. */
const SAME_FOR_US =
  /\b(will|would|could|can|should) (we|i) (get|see|expect|reach|hit|match|replicate|reproduce)\b[^?]*\b(same|similar|that|this|those|such|something like|kind of|kinda)\b|\b(expect|hope for) (that|the same|similar|something similar|that kind|that kinda)\b/;
const RESULT_WORDS =
  /\b(score|scores|scored|accuracy|mmlu|alpacaeval|mt-bench|benchmark|win rate|points?|results?|performance|bleu|of chatgpt|of gpt-4)\b|\d%|\+\d/;
const COMPARE =
  /\b(compare|compared|comparing|comparison|versus|vs|difference|differences|differ|differs|different from|distinguish|better than|worse than|better for|as good as|works? as well as|instead of|rather than|ahead of|beats?|outperforms?|superior to|inferior to|or(?! (not|no|what|so|something|anything)\b)(?! (will|would|might|could) (that|it|this)\b)|same as|same thing|relate|related|relationship|fancy name|another name|(a |an )?(kind|type|form|flavou?r|version|variant|subset|special case) of)\b/;
const WHY_NOT =
  /\bwhy (not|isn'?t|aren'?t|wouldn'?t|shouldn'?t|don'?t|didn'?t|no)\b|\b(shouldn'?t|can'?t|couldn'?t) (we|i) (just|simply|instead)\b|\bwhat about\b|\bhow about\b|\bis(n'?t)? \w+ (not )?(better|worse)\b|\bwhy (is|was) \w+ (ranked|so|lower|last)\b/;
const WHY =
  /^(so |ok |okay |and |but )*why\b|\bwhy (did|do|does|is|are|would|was|should) (you|it|that|this|we|i)\b|\bwhat makes\b|\breasons? (for|behind)\b|\bexplain (the|your|this|that) (recommendation|choice|ranking|pick)\b|\bhow come\b|\bwhen (should|would|do|does|is it|are|to|will)\b|\bwhy\b/;
/** "Good enough", "accurate enough": a bar of quality, not an amount of data. */
const QUALITY_ENOUGH =
  /\b(good|well|accurate|fast|reliable|strong|close|safe|smart|consistent|robust|cheap|quick|useful|usable|solid|decent|ready) enough\b/g;
/** "How is that possible?", "how could a 1.3B beat a 175B?": why a result came out as it did. */
const HOW_POSSIBLE =
  /\bhow (is|was|would|can|could) (it|that|this) (even )?(be )?possible\b|\bhow (can|could|did|does|do|would) (a |an |the )?[\w.-]+( [\w.-]+)? (beat|outperform|match|win over|do better than|be better than|be preferred)\b/;
const HOW_MUCH =
  /\bhow (much|many|big|large|small)\b|\b(start|begin|go) (smaller|small|with fewer|with less)\b|\b(fewer|less) (data|examples?|samples?|pairs?|demonstrations?)\b|\bneed all\b|\b(minimum|enough|sufficient) (number of )?\w*\s?(data|examples?|samples?|pairs?|demonstrations?)\b|\bdataset size\b|\bhow few\b/;
const DATA_NOUN =
  /\b(data|dataset|datasets|examples?|samples?|pairs?|demonstrations?|descriptions?|documents?|docs|tokens?|conversations?|dialogues?|rows?|records?|instructions?|prompts?|responses?|labels?|annotations?|comparisons?|preferences?|tickets?|items?)\b|\b(need|write|collect|gather|label|annotate|require|enough)\b/;
const TRAINING_WORDS =
  /\b(epochs?|learning rates?|lr|rank|alpha|beta|batch sizes?|warm-?up|hyper-?parameters?|settings?|config|configuration|lora or full|full or lora|base (model )?or (an? )?(instruct|chat)|(instruct|chat) or base|which (base )?model|start from|starting point|completions? only|train on (the )?(prompt|completion)s?|mask(ing)?|eos|chat template|loss|checkpoints?|optimi[sz]er|adam|target modules|quanti[sz]|steps|dropout|sequence length|context length|max length|(lora|qlora|peft|adapters?) (is |be )?(fine|ok|okay|enough|good enough|sufficient|alright|viable) for)\b/;
const HOW_TO =
  /\bhow (do|can|should|would|could|to|does one|do you)\b(?!.*\b(work|works|differ|compare)\b)|^[\w-]+( [\w-]+)? how\b|\bwhat (can|should|do|could) (i|we) do\b|\bbest practices?\b|\btips?\b|\bmitigat\w*|\bprevent\w*|\bavoid\w*|\b(keep|stop) \w+( \w+)? from\b|\bfix(es|ed)?\b|\bwhat to do\b|\bany advice\b|\bguidance\b|\brecipe\b/;
/** Words that ask what may go wrong, beside hardware (not "does it fail to fit?"). */
const HARDWARE_RISKS =
  /\b(go wrong|goes wrong|risks?|downsides?|pitfalls?|gotchas?|drawbacks?|caveats?|trade-?offs?|watch out|set expectations|what to expect|quality (hit|cost|loss))\b/;
const RISKS =
  /\b(risks?|risky|downsides?|drawbacks?|disadvantages?|pitfalls?|gotchas?|caveats?|side[- ]effects?|go wrong|goes wrong|dangers?|dangerous|harm|harms|hurts?|break|breaks|degrades?|forget|forgets|forgetting|forgot|hallucinat\w*|regress\w*|worse|cons|trade-?offs?|limitations?|problems?|fail|fails|failure|watch out|careful|safe|lose|loses|losing)\b/;
/** "Will the model get wordier?", "does DPO make answers longer?": a side effect to expect. */
const WILL_CHANGE =
  /\b(will|would|does|do|can|could|might) (it|that|this|dpo|sft|lora|training|fine-?tuning|finetuning|the (model|answers?|responses?|outputs?|bot|assistant)|our (model|bot|assistant)|my (model|bot|assistant)|answers?|responses?) (get|become|start|stop|turn|grow|make (it|the \w+|answers?|responses?|outputs?)|end up)\b/;
const EVIDENCE =
  /\b(what did|did \w+( \w+)? (show|find|report)|evidence|proof|prove[sn]?|studies|study|research|papers?|sources?|results?|findings?|showed?|shown|found|according to|benchmarks?|numbers|data (say|show)|does \w+ (really )?(work|help))\b/;
const DEFINE =
  /^(so |ok |okay |and |but |hey |hi )*(what('s| is| are| was| were| exactly is| exactly are)(?! (the |a |an )?(best|right|ideal|optimal|recommended|typical|usual|correct|good|minimum|maximum)\b)|whats|define|definition|meaning|explain|describe|eli5|tell me( more)? about|overview|intro(duction)?)\b|\bwhat (is|are|does) (a |an |the )?\w+( \w+)?( \w+)? (mean|stand for)\b|\bhow does \w+( \w+)? work\b|\b(kinds|types|sorts|categories|forms) of\b|\b(exist|are there|is there)\??$/;

/** A question that asks what something is ("what's FLAN", "is Alpaca …"). */
const WHAT_IS = /^(so |ok |okay |and |but |hey |hi )*(what('s| is| are| was| exactly is)|whats|is|are)\b/;
/** The kinds of thing a name may be: "a model, a dataset or a method?" asks what it is. */
const CATEGORY_NOUNS = new Set(
  [
    'model',
    'dataset',
    'data',
    'method',
    'technique',
    'paper',
    'algorithm',
    'benchmark',
    'framework',
    'library',
    'tool',
    'collection',
    'recipe',
    'thing',
    'people',
    'use',
    'call',
  ].map((word) => stem(word)),
);

/** "… and how many examples?", "…; also, what beta?": where a second question starts. */
/** "two things: …", "quick q - …": a label for the questions that follow, not part of them. */
const QUESTIONS_AHEAD =
  /^\s*((two|three|2|3|a couple of|a few|some|couple of|couple) (things|questions|qs|q's)|quick (q|qs|question|questions)|question|q)\s*[:\-–—]\s*/i;
/** A list of a few names joined by "+", "&", "and", "/" or commas, and nothing else. */
const SETTING_JOIN = /\s*(?:\+|&|\/|,|\band\b)\s*/i;
const LISTED_SETTINGS = /^[\p{L}\d.\s-]+(?:\s*(?:\+|&|\/|,|\band\b)\s*[\p{L}\d.\s-]+)+$/iu;
/** Kinds of question a part keeps even when it names only what it asks about. */
const OWN_KIND = new Set<string>(['cost-hardware', 'risks', 'training-choice']);
const SECOND_QUESTION =
  /(?:,|;|\band\b|\balso\b|\bplus\b)\s+(?:(?:also|then|and|honestly|seriously|realistically|btw|so|just|really|frankly|anyway|ok|okay)\b,?\s+)*(?=(?:how|what|which|when|why|is|are|do|does|can|should|would|will|could)\b)/g;

/**
 * Reads a question: its type, the strategies, papers and concepts it names, and what it asks
 * about. Pure and fast (a few dozen microseconds): phrase lookup by first stem, no model.
 */
export class QuestionReader {
  private readonly phrases = new Map<string, Phrase[]>();
  private readonly concepts: Map<string, Concept>;
  private readonly entries: Map<string, KnowledgeEntry>;
  /** Words of names by length, for correcting typos ("qlroa"). */
  private readonly nameWords = new Map<number, string[]>();
  /** Corrections already worked out: people repeat their words, and the search is the costly part. */
  private readonly corrections = new Map<string, Word>();
  private readonly vocabulary: Set<string>;
  private readonly uncovered: Phrase[];
  /** Model names with their version as the sources write them, collapsed ("llama2", "mistral7b", "gpt4"). */
  private readonly names = new Set<string>();

  constructor(
    concepts: Concept[],
    knowledge: KnowledgeEntry[],
    vocabulary: Iterable<string>,
    texts: string[] = [],
  ) {
    for (const text of texts)
      for (const m of text.matchAll(/\b([A-Z][A-Za-z]+)[\s-]?(\d+(?:\.\d+)?[a-z]?)\b/g))
        this.names.add(`${m[1]}${m[2]}`.toLowerCase());
    this.concepts = new Map(concepts.map((concept) => [concept.id, concept]));
    this.entries = new Map(knowledge.map((entry) => [entry.id, entry]));
    const nameWords = new Set<string>();
    const add = (phrase: string, target: Phrase['target']) => {
      const parsed = words(phrase).filter((word) => !FILLERS.has(word.word));
      const first = parsed[0]?.stem;
      if (!first) return;
      for (const word of parsed) if (word.word.length >= 4 && !/\d/.test(word.word)) nameWords.add(word.word);
      const bucket = this.phrases.get(first) ?? [];
      bucket.push({ stems: parsed.map((word) => word.stem), words: parsed.map((word) => word.word), target });
      this.phrases.set(first, bucket);
    };
    for (const concept of concepts) {
      for (const name of [concept.name, ...concept.aliases]) add(name, { kind: 'concept', id: concept.id });
    }
    for (const entry of knowledge) {
      for (const name of [entry.short, ...entry.aliases]) add(name, { kind: 'entry', id: entry.id });
    }
    for (const word of nameWords) {
      const bucket = this.nameWords.get(word.length) ?? [];
      bucket.push(word);
      this.nameWords.set(word.length, bucket);
    }
    this.vocabulary = new Set([...vocabulary, ...[...this.phrases.values()].flat().flatMap((p) => p.stems)]);
    this.uncovered = UNCOVERED_METHODS.map((name) => ({
      stems: words(name).map((word) => word.stem),
      words: words(name).map((word) => word.word),
      target: { kind: 'entry' as const, id: name },
    }));
  }

  /**
   * "epochs + lr?", "rank and alpha?": a short question that only lists settings asks each of
   * them; read as one, the answer would hold only the one whose passages rank first.
   */
  private namedSettings(question: string): string[] | null {
    const bare = question.replace(/\?+\s*$/, '').trim();
    if (words(bare).length > 6 || !LISTED_SETTINGS.test(bare)) return null;
    const pieces = bare.split(SETTING_JOIN).map((piece) => piece.trim());
    if (pieces.length < 2) return null;
    const named = pieces.map((piece) => this.read(`${piece}?`, '', '', []).entities.concepts);
    // Only practices ("epochs", "lr", "beta"): "FT + RAG together?" asks about one combination.
    if (
      !named.every(
        (concepts) => concepts.length === 1 && this.concepts.get(concepts[0] ?? '')?.category === 'practice',
      ) ||
      new Set(named.flat()).size !== pieces.length
    )
      return null;
    return pieces.map((piece) => `${piece}?`);
  }

  analyse(raw: string): QuestionAnalysis {
    // "What is RLHF in plain words?": how to explain is not what to explain.
    // "anything to watch besides the win rate?": what is set aside is not what is asked about.
    const cleaned = stripMarkup(raw)
      .replace(HOW_TO_EXPLAIN, ' ')
      .replace(QUESTIONS_AHEAD, '')
      .replace(SET_ASIDE, ' ');
    const all = sentences(splitNumbered(cleaned));
    // The question is the sentences that ask; what comes before them is context.
    const asking = all.map(asks);
    const first = asking.indexOf(true);
    // A message that asks nothing in so many words ("prompting feels like a cop out") is read whole.
    if (first === -1) return this.read(cleaned, '', '', []);
    // Each question with the statements after it ("What lr for DPO? 8B model on one H100."): they
    // add terms but do not decide what kind of question it is.
    const groups: { question: string; after: string[] }[] = [];
    all.slice(first).forEach((sentence, index) => {
      const last = groups.at(-1);
      if (asking[first + index] || !last) groups.push({ question: sentence, after: [] });
      else last.after.push(sentence);
    });
    const context = all.slice(0, first);
    const analyses: QuestionAnalysis[] = [];
    for (const group of groups) {
      const pieces = this.namedSettings(group.question) ?? splitQuestions(group.question);
      const statements: string[] = [];
      pieces.forEach((piece, index) => {
        // "we only have 20 examples, is it even worth it?": a piece that asks nothing is context;
        // "In the LIMIT paper, what …" is part of the question it leads into.
        if (index < pieces.length - 1 && !asks(piece)) {
          // So are alternatives the next piece picks between ("bge or OpenAI embeddings, which one …?").
          const picks =
            /\b(or|vs\.?|versus)\b/i.test(piece) && /^(which|what('s| is)?)\b/i.test(pieces[index + 1] ?? '');
          if (LEAD_IN.test(piece.trim()) || picks) pieces[index + 1] = `${piece} ${pieces[index + 1]}`;
          else statements.push(piece);
          return;
        }
        analyses.push(
          this.read(piece, [...context, ...statements].join(' '), group.after.join(' '), analyses),
        );
      });
      context.push(...statements, ...group.after);
    }
    const [head, ...rest] = analyses.length > 0 ? analyses : [this.read(cleaned, '', '', [])];
    const main = head as QuestionAnalysis;
    main.parts = rest.filter((part) => part.text.length > 0);
    return main;
  }

  /**
   * One question: `context` is the statements before it, `after` those after it, `previous` the
   * questions before it in the same message ("… and how much data did that take?" refers back).
   */
  private read(text: string, context: string, after: string, previous: QuestionAnalysis[]): QuestionAnalysis {
    const own = this.entitiesOf(text);
    const around = [context, after].filter(Boolean).join(' ');
    const contextEntities = around ? this.entitiesOf(around) : noEntities();
    const parsed = this.correct(words(text), properNouns(text));
    const lower = normalise(text);
    const ownAsked = contentStems(parsed).filter((term) => !GENERIC.has(term));
    // "Related?", "what did I break", "is that real?": the question only points at its context.
    // A short question naming nothing after a long context ("anything obviously off?" under a
    // pasted config) is about that context too.
    const aroundSize = around ? contentStems(words(around)).length : 0;
    const pointer =
      around.length > 0 &&
      isEmpty(own) &&
      (ownAsked.length <= 1 ||
        (ownAsked.length <= 2 && POINTING.test(lower)) ||
        (ownAsked.length <= 3 && aroundSize >= 8));
    // "if we do try baking the facts into the weights, how should we prep the manuals?": the
    // condition before the question is part of what it asks.
    const actsOnContext =
      around.length > 0 && (ACTS_ON_CONTEXT.test(lower) || CONDITION.test(normalise(context)));
    let entities = own;
    const before = previous.at(-1);
    if (isEmpty(own) && before && !isEmpty(before.entities)) {
      // A part naming nothing is about what the part before it named; "both" about all of them.
      entities = BOTH.test(lower)
        ? mergeEntities(previous.map((part) => part.entities))
        : structuredClone(before.entities);
    } else if (isEmpty(own) && around) entities = contextEntities;
    else if (before && POINTING.test(lower) && !isEmpty(before.entities))
      // "is it just fine-tuning with a fancy name?": "it" is what the part before named.
      entities = mergeEntities([
        ...(BOTH.test(lower) ? previous.map((part) => part.entities) : [before.entities]),
        own,
      ]);
    // "whats ORPO and is it better than DPO?": "it" is the method named just before.
    const pointedAt =
      around && POINTING.test(lower)
        ? this.unknownNames(around, this.correct(words(around), properNouns(around)))
        : [];
    const unknown = unique([...this.unknownNames(text, parsed), ...pointedAt]);
    // "which is cheaper, together.ai or openai? per million tokens": a short fragment after the
    // question that names a price makes it a question of price.
    const asksPrice =
      PRICE.test(lower) || (after !== '' && wordsIn(after) <= 6 && PRICE.test(normalise(after)));
    const asksForecast =
      FORECAST.test(lower) || (SAME_FOR_US.test(lower) && RESULT_WORDS.test(normalise(`${around} ${text}`)));
    // "Copyright-wise, are we fine …?": the lead-in says what kind of question it is.
    const asksLegal = LEGAL.test(lower) || (around.length > 0 && LEGAL.test(normalise(around)));
    const asksOperations = OPERATIONS.test(lower) || BROKEN_INFRASTRUCTURE.test(lower);
    const asksErrand = ERRAND.test(lower);
    const offTopic = OFF_TOPIC.test(lower);
    // "which vector store did that paper use?" asks what a study did, not which product to buy.
    const asksProduct =
      (PRODUCT.test(lower) || TOOL_CHOICE.test(lower)) &&
      !/\b(did|does|do|was|were)\b[^?]*\b(use|used|uses|using)\b|\b(paper|papers|study|studies|authors)\b/.test(
        lower,
      );
    const asksModelPick = MODEL_PICK.test(lower) || this.comparedModels(text).length >= 2;
    // "How long will SFT of a 7B on 100k examples take?" asks a figure for the user's own run.
    // "What's FLAN exactly?" asks what it is, not for an exact figure.
    const definesExactly =
      WHAT_IS.test(lower) && !/\b(number|score|figure|size|percent|how (many|much))\b/.test(lower);
    const asksExact =
      (EXACT.test(lower) && !definesExactly) ||
      (/\bhow (long|many ([a-z]*\d*[a-z]*[- ]?)?hours|much time)\b/.test(lower) &&
        (AMOUNT_STATED.test(lower) || /\b(our|my)\b/.test(lower)));
    let type = classify(lower, entities, this.concepts, asksPrice, parsed.length, !isEmpty(own));
    const names = new Set([...own.concepts, ...own.papers].flatMap((id) => this.stemsOf(this.namesOf(id))));
    // "LoRA or QLoRA? It's an 8B on a single 4090.": a statement after a question that says
    // little of its own kind decides it ("isn't 1000 too few? our lead says you need 100k+").
    if (after && (type === 'general' || type === 'compare')) {
      const whole = normalise(`${text} ${after}`);
      const widened = classify(
        whole,
        entities,
        this.concepts,
        PRICE.test(whole),
        parsed.length,
        !isEmpty(own),
      );
      if (widened !== 'what-if' && widened !== 'define') type = widened;
    }
    // "Is Alpaca a model or a dataset?": what a name is, asked through the kinds it might be.
    const kinds = ownAsked.filter((term) => !names.has(term));
    const askedKinds = kinds.length > 0 && kinds.every((term) => CATEGORY_NOUNS.has(term));
    const onlyKinds =
      type !== 'compare' &&
      own.concepts.length + own.papers.length > 0 &&
      WHAT_IS.test(lower) &&
      (askedKinds || kinds.length === 0) &&
      /\b(model|dataset|method|technique|paper|algorithm|benchmark|framework|library|tool|collection|recipe)s?\b/.test(
        lower,
      );
    if (onlyKinds) type = 'define';
    // "was IT wrong to suggest training ChatGPT on the policies?": training on them is fine-tuning.
    if (
      type === 'why-not' &&
      entities.strategies.length === 0 &&
      /\b(train\w*|fine[- ]?tun\w*|finetun\w*)\b/.test(lower)
    )
      entities = { ...entities, strategies: ['sft'] };
    // "fine-tuned on the Tülu-V2-mix": the general word is incidental next to a specific name,
    // except in a comparison ("instruction tuning vs normal fine-tuning").
    if (
      type !== 'compare' &&
      entities.concepts.includes('fine-tuning') &&
      entities.concepts.length + entities.papers.length > 1
    ) {
      const concepts = entities.concepts.filter((id) => id !== 'fine-tuning');
      const strategies = unique(
        concepts.flatMap((id) => {
          const strategy = this.concepts.get(id)?.strategy;
          return strategy ? [strategy] : [];
        }),
      );
      entities = {
        ...entities,
        concepts,
        strategies,
        techniques: entities.techniques.filter((id) => id !== 'fine-tuning'),
      };
    }
    const contextWords = around ? this.correct(words(around)) : [];
    // "… what did Ovadia use?" after a question on learning rates asks Ovadia's learning rate.
    const echoes =
      before !== undefined &&
      !isEmpty(own) &&
      ownAsked.filter((term) => !names.has(term) && !ECHO_VERBS.has(term)).length === 0;
    // A part with a kind of its own ("… and would it be expensive?") asks it of the plan, not of
    // the part before's words.
    const inherited = before && (entities !== own || echoes) && !OWN_KIND.has(type) ? before.terms : [];
    // "We only have 20 examples, is it even worth it?": whether an amount is enough.
    // "… and is 300 examples a waste of GPU time?": an amount the question itself states.
    const asksSource = /\b(source|sources|paper|papers|cite|citation|reference|study|evidence|claim)\b/.test(
      lower,
    );
    const ownAmount =
      ENOUGH.test(lower) &&
      AMOUNT_STATED.test(lower) &&
      !asksSource &&
      type !== 'compare' &&
      type !== 'what-if';
    if (
      ownAmount ||
      ((type === 'general' || type === 'why' || (type === 'evidence' && isEmpty(own) && !asksSource)) &&
        ENOUGH.test(lower) &&
        AMOUNT_STATED.test(normalise(`${around} ${text}`)))
    )
      type = 'how-much-data';
    // "… and which for alignment?" asks the part before's question of another thing.
    // "… and would it be expensive?" has a kind of its own (cost), which it keeps.
    if (echoes && before && parsed.length <= 4 && !OWN_KIND.has(type)) type = before.type;
    const aroundStems = contentStems(contextWords);
    return {
      type,
      text: text.trim(),
      context: around,
      entities,
      contextEntities,
      nameWords: this.nameWordsOf(text),
      // "… makes up order numbers. Why?": what the story names is what the question is about.
      focus: pointer ? this.focusOf(around) : [],
      pointer,
      borrowed: isEmpty(own) && !isEmpty(entities),
      unknown,
      asksPrice,
      asksForecast,
      asksLegal,
      asksOperations,
      asksErrand,
      offTopic,
      asksProduct,
      asksModelPick,
      comparesSizes: own.papers.length === 0 && comparesSizes(normalise(`${around} ${text}`)),
      asksExact,
      personal: /\b(we|our|us|my|i|me|mine|ours)\b/.test(lower),
      // "… accuracy went down. Is that a known thing?": a question that only points back is about its context.
      terms: unique(
        // "how long will the DPO part take?" is answered by runs that "took about 2.75 hours".
        (HOW_LONG.test(lower) ? ['took'] : []).concat(
          expand(
            pointer ||
              actsOnContext ||
              (contentStems(parsed).length <= 2 && /\b(that|this|it|these|those)\b/.test(lower)) ||
              ownAsked.length <= 1
              ? [...contentStems(parsed), ...aroundStems]
              : contentStems(parsed),
          ),
        ),
      ),
      contextTerms: unique(expand([...aroundStems, ...inherited])),
      asked: this.expandAsked(
        unique([
          ...(onlyKinds ? ownAsked.filter((term) => !CATEGORY_NOUNS.has(term)) : ownAsked),
          // Of a pasted error or story, the words the knowledge uses.
          ...(pointer || actsOnContext
            ? aroundStems.filter((term) => !GENERIC.has(term) && this.vocabulary.has(term))
            : []),
          ...(echoes && before && !OWN_KIND.has(type) ? before.asked : []),
          // "… Anything I should monitor?" after a question on DPO asks more about the same thing.
          ...(before &&
          entities !== own &&
          entities !== contextEntities &&
          ownAsked.length <= 2 &&
          !OWN_KIND.has(type)
            ? before.asked
            : []),
        ]),
      ),
      parts: [],
    };
  }

  private focusOf(around: string): string[] {
    const names = this.nameWordsOf(around);
    return unique([...names.concepts, ...names.papers]).filter((term) => !GENERIC.has(term));
  }

  /** A word the knowledge never uses is asked through its synonyms ("invents" is "hallucinates"). */
  private expandAsked(asked: string[]): string[] {
    return unique(
      asked.flatMap((term) => {
        const more = expand([term]).slice(1);
        return more.length > 0 && !this.vocabulary.has(term) ? more : [term, ...more];
      }),
    );
  }

  /** The stems of the words that name something, split by what they name (a concept, a paper). */
  private nameWordsOf(text: string): { concepts: string[]; papers: string[] } {
    const parsed = this.correct(words(text), properNouns(text)).filter((word) => !FILLERS.has(word.word));
    const matches = this.match(parsed);
    const stemsOf = (kind: 'concept' | 'entry') =>
      unique(
        matches
          .filter((m) => m.target.kind === kind)
          .flatMap((m) => range(m.from, m.to).map((index) => parsed[index]?.stem ?? '')),
      );
    return { concepts: stemsOf('concept'), papers: stemsOf('entry') };
  }

  private entitiesOf(text: string): QuestionEntities {
    // "is fine tuning even worth it": fillers inside a name do not break it.
    const parsed = this.correct(words(text), properNouns(text)).filter((word) => !FILLERS.has(word.word));
    const found = this.match(parsed);
    // "Facts the base model never saw": a thing named as the one that knows or saw something is
    // the subject of a sentence about those facts, not what is asked, when something else is named.
    const knowing = (m: Match) => {
      let at = m.to;
      while (at < parsed.length && KNOWING_FILLERS.has(parsed[at]?.word ?? '')) at++;
      return KNOWING.has(parsed[at]?.word ?? '');
    };
    const matches =
      found.length > 1 && found.some((m) => !knowing(m)) ? found.filter((m) => !knowing(m)) : found;
    const lower = normalise(text);
    const concepts = unique(matches.filter((m) => m.target.kind === 'concept').map((m) => m.target.id));
    const named = matches.filter((m) => m.target.kind === 'entry').map((m) => m.target.id);
    const conceptNamed = new Set(
      matches.filter((m) => m.target.kind === 'concept').flatMap((m) => range(m.from, m.to)),
    );
    // "DPO" names a method and a paper: it means the paper only when the question talks of papers.
    const papers = unique(
      matches
        .filter((m) => m.target.kind === 'entry')
        .filter(
          (m) => !range(m.from, m.to).every((index) => conceptNamed.has(index)) || PAPER_WORDS.test(lower),
        )
        .map((m) => m.target.id),
    ).filter((id) => named.includes(id));
    const strategies = unique(
      concepts.flatMap((id) => {
        const strategy = this.concepts.get(id)?.strategy ?? UMBRELLA_STRATEGY[id];
        return strategy ? [strategy] : [];
      }),
    );
    const techniques = concepts.filter((id) => this.concepts.get(id)?.category === 'technique');
    return { strategies, papers, concepts: specificFirst(concepts), techniques };
  }

  /** Words not in the knowledge's vocabulary get the nearest name's spelling ("qlroa" → "qlora"). */
  private correct(parsed: Word[], proper: Set<string> = new Set()): Word[] {
    return parsed.map((word) => {
      if (word.word.length < 5 || /\d/.test(word.word) || STOPWORDS.has(word.word) || proper.has(word.word))
        return word;
      if (this.vocabulary.has(word.stem)) return word;
      const known = this.corrections.get(word.word);
      if (known) return known;
      const limit = word.word.length >= 9 ? 2 : 1;
      let best: string | undefined;
      let bestDistance = limit + 1;
      for (let length = word.word.length - limit; length <= word.word.length + limit; length++) {
        for (const candidate of this.nameWords.get(length) ?? []) {
          // A typo keeps most letters in place: skip names that share neither end.
          if (candidate[0] !== word.word[0] && candidate.at(-1) !== word.word.at(-1)) continue;
          // Short words have too many neighbours ("shard", "share"): only swapped letters ("qlroa").
          if (word.word.length <= 5 && !sameLetters(word.word, candidate)) continue;
          const distance = editDistance(word.word, candidate, Math.min(limit, bestDistance - 1));
          if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
          }
        }
      }
      const corrected = best ? { word: best, stem: stem(best) } : word;
      if (this.corrections.size < 10_000) this.corrections.set(word.word, corrected);
      return corrected;
    });
  }

  /** The longest name starting at `index`, if any. */
  private longestAt(parsed: Word[], index: number, phrases: Map<string, Phrase[]>): Match | undefined {
    let best: Match | undefined;
    for (const phrase of phrases.get(parsed[index]?.stem ?? '') ?? []) {
      const to = index + phrase.stems.length;
      if (to > parsed.length) continue;
      if (!phrase.stems.every((s, offset) => sameWord(parsed[index + offset], s, phrase.words[offset])))
        continue;
      // A one-word name matches its own inflections only: "tokens" does not name the tokenizer.
      if (phrase.words.length === 1 && !inflects(parsed[index]?.word ?? '', phrase.words[0] ?? '')) continue;
      if (!best || to > best.to) best = { from: index, to, target: phrase.target };
    }
    return best;
  }

  /**
   * Longest names first, left to right, without overlaps: a longer name that starts inside a
   * shorter one wins ("facts the base model doesn't know" is about what the model does not know,
   * not about choosing a base model).
   */
  private match(parsed: Word[], phrases = this.phrases): Match[] {
    const found: Match[] = [];
    let index = 0;
    while (index < parsed.length) {
      let best = this.longestAt(parsed, index, phrases);
      if (best) {
        for (let inner = index + 1; inner < best.to; inner++) {
          const other = this.longestAt(parsed, inner, phrases);
          if (other && other.to > best.to && other.to - other.from > best.to - best.from) {
            best = undefined;
            index = inner;
            break;
          }
        }
        if (!best) continue;
      }
      if (best) {
        // The same words may name a concept and a paper ("DPO"); keep both, same span.
        for (const phrase of phrases.get(parsed[index]?.stem ?? '') ?? []) {
          const to = index + phrase.stems.length;
          if (
            to === best.to &&
            phrase.target !== best.target &&
            phrase.stems.every((s, o) => sameWord(parsed[index + o], s, phrase.words[o]))
          )
            found.push({ from: index, to, target: phrase.target });
        }
        found.push(best);
        index = best.to;
      } else {
        index += 1;
      }
    }
    return found;
  }

  /** Method names the knowledge has no entry for: listed ones, or an unknown acronym used as a method. */
  private unknownNames(text: string, parsed: Word[]): string[] {
    const byFirst = new Map<string, Phrase[]>();
    for (const phrase of this.uncovered) {
      const bucket = byFirst.get(phrase.stems[0] ?? '') ?? [];
      bucket.push(phrase);
      byFirst.set(phrase.stems[0] ?? '', bucket);
    }
    // Shown as the user wrote it ("RAFT", "prefix tuning").
    const listed = this.match(parsed, byFirst).map((m) => {
      const at = text.toLowerCase().indexOf(m.target.id);
      return at >= 0 ? text.slice(at, at + m.target.id.length) : m.target.id;
    });
    const acronyms = [...text.matchAll(/\b([A-Z][A-Za-z]*[A-Z][A-Za-z0-9]*|[A-Z]{2,6}\d?)\b/g)]
      .map((m) => m[1] ?? '')
      .filter((name) => !COMMON_ACRONYMS.has(name.toUpperCase()))
      // "FT" is fine-tuning once normalised.
      .filter((name) => !words(name).every((word) => this.vocabulary.has(word.stem)))
      .filter((name) =>
        new RegExp(
          `\\b(${name} (vs|versus|or|method|approach|technique|algorithm|fine-?tuning|training|loss)|(use|using|try|is|about|than|vs|versus|or|of|what's|whats) ${name}\\b)`,
          'i',
        ).test(text),
      );
    // "Pinecone or Weaviate": names the knowledge has never seen, set against each other.
    const compared = [
      ...text.matchAll(
        /(?<![.?!]\s)\b([A-Z][a-z]{3,})\b(?= (?:or|vs\.?|versus)\b)|\b(?:or|vs\.?|versus) ([A-Z][a-z]{3,})\b/g,
      ),
    ]
      .map((m) => m[1] ?? m[2] ?? '')
      .filter((name) => name && !this.vocabulary.has(stem(name.toLowerCase())));
    // "qdrant or milvus or chroma for the embeddings?": the same in lowercase, for infrastructure.
    const lowerCompared = INFRASTRUCTURE.test(text)
      ? [
          ...text.matchAll(
            /\b([a-z][a-z0-9-]{3,})\b(?=,? (?:or|vs\.?|versus)\b)|\b(?:or|vs\.?|versus) ([a-z][a-z0-9-]{3,})\b/g,
          ),
        ]
          .map((m) => m[1] ?? m[2] ?? '')
          .filter((name) => name && !STOPWORDS.has(name) && !this.vocabulary.has(stem(name)))
      : [];
    const pairs = compared.length >= 2 ? compared : lowerCompared.length >= 2 ? lowerCompared : [];
    // "Can we merge our LoRA with a community one?": model merging, which no source covers.
    const merging =
      MERGING.test(text) &&
      !/\bmerg\w*\b[^.?!]*\b(into|with) (the |its |our |a |your )?(base|original|full)\b/i.test(text)
        ? ['model merging']
        : [];
    // "What does Llama 3 8B score on MMLU?": a model version the sources never mention, asked for its results.
    const versions = /\b(score|scores|scored|benchmark|mmlu|accuracy|win rate|results?|perform\w*)\b/i.test(
      text,
    )
      ? [...text.matchAll(/\b([A-Z][A-Za-z]+)[\s-]?(\d+(?:\.\d+)?[a-z]?)\b/g)]
          .filter((m) => !NOT_MODELS.test(m[1] ?? ''))
          .filter((m) => !this.names.has(`${m[1]}${m[2]}`.toLowerCase()))
          .map((m) => `${m[1]} ${m[2]}`)
      : [];
    return unique([
      ...[...listed, ...acronyms].map((name) => (/^[a-z0-9]{2,6}$/.test(name) ? name.toUpperCase() : name)),
      ...pairs,
      ...versions,
      ...merging,
    ]);
  }

  /**
   * Model versions set against each other ("llama 3.1 or qwen 2.5", "Gemma 2 vs Phi 3"), when at
   * least one is a model the sources never mention: which of today's models to pick.
   */
  comparedModels(text: string): string[] {
    const pair =
      /\b([A-Za-z][A-Za-z]{2,})[\s-]?(\d+(?:\.\d+)?)(?:[\s-]?\d+b)?,? (?:or|vs\.?|versus) ([A-Za-z][A-Za-z]{2,})[\s-]?(\d+(?:\.\d+)?)(?:[\s-]?\d+b)?\b/i.exec(
        text,
      );
    if (!pair) return [];
    const found = [
      [pair[1], pair[2]],
      [pair[3], pair[4]],
    ]
      .filter(
        ([name]) =>
          name &&
          !NOT_MODELS.test(capitalise(name)) &&
          !NOT_VERSIONED.test(name) &&
          !STOPWORDS.has(name.toLowerCase()),
      )
      .map(([name, version]) => ({ name: `${name} ${version}`, key: `${name}${version}`.toLowerCase() }));
    const unknown = found.filter(
      (model) => !this.names.has(model.key) && this.match(words(model.name)).length === 0,
    );
    return found.length >= 2 && unknown.length > 0 ? found.map((model) => model.name) : [];
  }

  private namesOf(id: string): string {
    const concept = this.concepts.get(id);
    const entry = this.entries.get(id);
    return concept
      ? [concept.name, ...concept.aliases].join(' ')
      : entry
        ? [entry.short, ...entry.aliases].join(' ')
        : '';
  }

  stemsOf(text: string): string[] {
    return words(text).map((word) => word.stem);
  }

  conceptName(id: string): string {
    return this.concepts.get(id)?.name ?? this.entries.get(id)?.short ?? id;
  }
}

function papersAskedOf(entities: QuestionEntities, lower: string): boolean {
  return entities.papers.length > 0 && PAPER_WORDS.test(lower) && entities.papers.length < 2;
}

function classify(
  lower: string,
  entities: QuestionEntities,
  concepts: Map<string, Concept>,
  asksPrice: boolean,
  length: number,
  ownNamed = true,
): QuestionType {
  const distinct =
    entities.concepts.length + entities.papers.filter((id) => !entities.concepts.includes(id)).length;
  const distinction = entities.concepts.some((id) => concepts.get(id)?.category === 'distinction');
  // A practice ("learning rate", "GPU memory") named next to two methods is what is asked about.
  const practice = entities.concepts.some((id) => concepts.get(id)?.category === 'practice');
  // "Is DPO as good as PPO or just cheaper?": two methods a distinction tells apart, set against
  // each other, with a practice only as the measure (not "what learning rate for LoRA vs full?").
  const paired = [...concepts.values()].some(
    (concept) =>
      concept.category === 'distinction' &&
      (concept.compares ?? []).filter((id) => entities.concepts.includes(id)).length >= 2,
  );
  const weighed =
    paired &&
    /\b(as good as|better than|worse than|vs|versus)\b/.test(lower) &&
    !/\b(what|which|how)\b/.test(lower);
  const hardware =
    /\b(gpu|gpus|vram|memory|hardware|a100|a100s|h100|h100s|4090|3090|tpu|gb|card|cards|compute|gpu hours|out of memory|oom)\b/.test(
      lower,
    );
  const training = TRAINING_WORDS.test(lower);
  // "what if we skip the CPT step?": why the stage is in the plan, asked of leaving it out.
  if (SKIPS_STAGE.test(lower) && entities.strategies.length > 0) return 'why-not';
  // "what if it starts parroting the examples?" is a worry about training, not a change to weigh.
  if (WHAT_IF.test(lower) && !training && !MODEL_MISBEHAVES.test(lower)) return 'what-if';
  // "So IT was wrong to suggest training ChatGPT on the policies?": whether a route someone
  // proposed is right, which the reasons for and against it answer.
  if (
    /\b(wrong|right|mistaken|correct) to (suggest|say|recommend|propose|push|want)\b|\bshould (i|we) (listen to|trust|believe) (them|him|her|it|the vendor|our \w+)\b/.test(
      lower,
    ) &&
    /\b(train\w*|fine[- ]?tun\w*|finetun\w*|rag|retriev\w*|prompt\w*)\b/.test(lower)
  )
    return 'why-not';
  if (asksPrice) return 'cost-hardware';
  if (weighed && !papersAskedOf(entities, lower)) return 'compare';
  // "FLAN-like task data or LIMA-like chats, which for us?": two papers' approaches to choose between.
  if (entities.papers.length === 2 && /\b(or|vs\.?|versus)\b/.test(lower) && /\b(which|better)\b/.test(lower))
    return 'compare';
  // "anything that could go wrong doing this on one consumer gpu?": what to expect on that
  // hardware, its risks, not only whether it fits.
  if (
    hardware &&
    HARDWARE_RISKS.test(lower) &&
    /\b(gpus?|cards?|vram|4090|3090|a100|h100|\d+ ?gb)\b/.test(lower)
  )
    return 'risks';
  if (hardware && (practice || entities.techniques.length > 0 || !COMPARE.test(lower)))
    return 'cost-hardware';
  if (/\bhow long (do|should|would|to|did) (we|i|you|they)? ?(run|train|keep)\b/.test(lower))
    return 'training-choice';
  if (
    /^(so |ok |but |and )*why (not|wouldn'?t|shouldn'?t|don'?t|no)\b/.test(lower) &&
    entities.strategies.length > 0
  )
    return 'why-not';
  if (
    /\b(source|sources|cite|citation|reference) (for|of|behind)\b|\bwhere (does|did|do) .*\b(come|comes) from\b|\bwho (found|showed|said|claimed)\b/.test(
      lower,
    )
  )
    return 'evidence';
  const papersAsked = entities.papers.length > 0 && PAPER_WORDS.test(lower) && entities.papers.length < 2;
  // "Why is the plan retrieval-first rather than fine-tuning?" asks for reasons, not a comparison.
  if (/^(so |ok |okay |but |and )*why (is|are|does|do|did|would|should|was)\b/.test(lower) && !papersAsked)
    return 'why';
  // "Related?" after a story names nothing to compare: what its context names is not compared.
  // "for each stage" distributes; "each of them" and "both" set things side by side.
  const setSide = lower.replace(/\b(for|in|at|per|after) each\b/g, ' ');
  const comparing =
    (ownNamed || /\b(each|both|either|which one|which of|the two)\b/.test(setSide)) &&
    ((COMPARE.test(lower) && distinct >= 2) ||
      (distinct >= 2 && /\b(each|both|which one|which of)\b|\bwhich\b.*\band which\b/.test(setSide)));
  if ((!practice || weighed) && !papersAsked && (comparing || (distinction && ownNamed))) return 'compare';
  if (WHY_NOT.test(lower) && entities.strategies.length > 0) return 'why-not';
  // "Is prompting good enough?" sets a bar of quality, not an amount.
  const amounts = lower.replace(QUALITY_ENOUGH, ' ');
  if (HOW_MUCH.test(amounts) || /\b(enough|enuf|sufficient|too few|too little|too small)\b/.test(amounts)) {
    if (/\bhow (long|fast)\b|\b(hours?|days|minutes|time)\b/.test(amounts)) return 'cost-hardware';
    if (/\bepochs?\b|\brank\b|\bsteps\b/.test(amounts)) return 'training-choice';
    // "200 enuf?", "is 3k enough": a bare amount asked about is the data.
    if (
      DATA_NOUN.test(amounts) ||
      /\btasks?\b/.test(amounts) ||
      /^\W*(is |are |would |will )?(about |around |~)?\d[\d,.]*\s?k?\+? (enough|enuf|sufficient)\b/.test(
        amounts,
      )
    )
      return 'how-much-data';
  }
  // "How is it possible that a 1.3B model beat a 175B one?" asks why; "still RAG?" after what
  // has changed asks why it still holds.
  if (HOW_POSSIBLE.test(lower)) return 'why';
  if (/^(so |but |and |ok |then )*(still|even now|even then)\b/.test(lower) && distinct > 0 && length <= 5)
    return entities.strategies.length > 0 ? 'why-not' : 'why';
  if (/\bhow long\b|\btraining time\b|\b(cost|costs|costly|expensive|cheap|cheaper|budget)\b/.test(lower))
    return 'cost-hardware';
  if (training) return 'training-choice';
  if (
    /\bshould (i|we) use\b|\bwhich (one|method|technique) should\b/.test(lower) &&
    entities.techniques.length > 0
  )
    return 'training-choice';
  if (papersAsked) return 'evidence';
  if (/^(so |ok |okay |but |and )*why\b/.test(lower)) return 'why';
  if (HOW_TO.test(lower)) return 'how-to';
  if (RISKS.test(lower) || WILL_CHANGE.test(lower)) return 'risks';
  if (WHY.test(lower)) return 'why';
  if (/\bhow (does|do) \w+( \w+)? work\b/.test(lower) && distinct > 0) return 'define';
  if (EVIDENCE.test(lower) || (entities.papers.length > 0 && entities.concepts.length === 0))
    return 'evidence';
  if (DEFINE.test(lower)) return 'define';
  // "qlora?", "LoRA vs": a name and little else asks what it is (not "related?" after a story).
  if (ownNamed && distinct > 0 && length <= 4) return 'define';
  if (comparing) return 'compare';
  return 'general';
}

/** Capitalised words inside a sentence ("the weather in Paris"): names, never typos to correct. */
function properNouns(text: string): Set<string> {
  return new Set(
    [...text.matchAll(/(?<![.?!]\s|^)(?<=\s)([A-Z][a-z]{3,})\b/g)].map((m) => (m[1] ?? '').toLowerCase()),
  );
}

function startsAsking(sentence: string): boolean {
  return /^(so |ok |okay |and |but |also |hey |hi |honestly,? |seriously,? |realistically,? |btw,? |frankly,? |anyway,? |just |really )*(what|why|how|which|who|when|where|is|are|does|do|did|can|could|should|would|will|isn'?t|aren'?t|doesn'?t|don'?t|can'?t|shouldn'?t|wouldn'?t|explain|compare|tell me|describe|define|any)\b/i.test(
    sentence.trim(),
  );
}

function splitQuestions(sentence: string): string[] {
  const cuts: number[] = [];
  for (const match of sentence.matchAll(SECOND_QUESTION)) {
    const at = (match.index ?? 0) + match[0].length;
    // A second question needs words of its own, not "… or is it?"; "how much data did that
    // take?" asks in its own form with one.
    const own = contentStems(words(sentence.slice(at))).length;
    // "… and would it be expensive?" asks its own yes-or-no question about the same plan.
    const asksOwn = /^(how (much|many|long|big)|what|which|why|when|(would|will|is|does|can) it)\b/i.test(
      sentence.slice(at),
    );
    const before = contentStems(words(sentence.slice(0, match.index ?? 0))).length;
    if ((own >= 2 || (own >= 1 && asksOwn)) && before >= 1 && (match.index ?? 0) > 5) cuts.push(at);
  }
  if (cuts.length === 0) return [sentence];
  const parts: string[] = [];
  let start = 0;
  for (const cut of cuts) {
    parts.push(
      sentence
        .slice(start, cut)
        .replace(
          /(?:,|;|\band\b|\balso\b|\bplus\b)\s*((also|then|and|honestly|seriously|realistically|btw|so|just|really|frankly|anyway|ok|okay)\b,?\s*)*$/i,
          '',
        )
        .trim(),
    );
    start = cut;
  }
  parts.push(sentence.slice(start).trim());
  return parts.filter((part) => part.length > 0);
}

function contentStems(parsed: Word[]): string[] {
  return parsed
    .filter((word) => !STOPWORDS.has(word.word) && (word.word.length > 1 || /\d/.test(word.word)))
    .map((word) => word.stem);
}

/** Distinctions and narrow concepts before broad ones: "DPO's β" before "DPO", "fine-tuning" last. */
function specificFirst(ids: string[]): string[] {
  const broad = new Set(['fine-tuning']);
  return [...ids].sort((a, b) => Number(broad.has(a)) - Number(broad.has(b)));
}

function isEmpty(entities: QuestionEntities): boolean {
  return entities.concepts.length === 0 && entities.papers.length === 0;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** "A 7B fully or a 70B with QLoRA?": two model sizes set against each other. */
function comparesSizes(lower: string): boolean {
  return (
    /\b(or|instead of|rather than|between|which|choos\w*|pick)\b/.test(lower) &&
    unique([...lower.matchAll(/\b(\d+(?:\.\d+)?) ?b\b/g)].map((m) => m[1])).length >= 2
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_v, index) => from + index);
}

/** An amount of training data stated in a message ("20 labelled examples", "3k pairs"). */
export const AMOUNT_STATED =
  /\b\d[\d,.]*\s?k?\+?\s(labell?ed |training |curated |q&a |qa )?(examples?|samples?|pairs?|demonstrations?|conversations?|rows?|items?)\b|\b(we|i)('ve)? (only |just |now )?(have|had|got)( only| just)? (about |around |roughly |~)?\d[\d,.]*k?\b(?! ?(gb|tb|b\b|%|hours?|gpus?|days?|weeks?|months?|years?|people|engineers|languages?))/i;

/** Whether an amount is enough, in the words people use ("will 300 move the needle?"). */
export const ENOUGH =
  /\b(worth (it|doing|trying|the effort)|enough|sufficient|too (few|little|small)|move the needle|make (a|any) (dent|difference)|(be|are|is) fine|fatal|a waste|waste of)\b/;

/** Asking for a manner of explanation rather than a topic. */
const HOW_TO_EXPLAIN =
  /\b(in (plain|simple|layman'?s?|everyday|normal|non-technical) (words|english|terms|language)|in a nutshell|like i'?m (five|5|a [\w-]+( [\w-]+)?)|for (a )?(beginners?|dummies|non-experts?))\b/gi;

/** Words that point back at what was said before. */
const POINTING = /\b(that|this|it|these|those|both|either|them|which|each|one)\b/;
/**
 * "heard dpo makes answers way longer. how do we avoid that": a verb acting on "that" makes the
 * context the question's subject, however many words follow.
 */
const HOW_LONG = /\bhow (long|many (hours|days))\b/;
const CONDITION = /^\W*(if|when|once|assuming|suppose|say) (we|i|you|they|it|the|our)\b/;
const ACTS_ON_CONTEXT =
  /\b(avoid|prevent|stop|fix|reduce|limit|handle|mitigate|counter|solve|control|minimi[sz]e|deal with|get around|work around|guard against)\s+(that|this|it|those|these)\b/;
/** Words that point back at everything named before ("can we do both at once?"). */
const BOTH = /\b(both|either|together|combine|combined|combining|all of (them|these|those))\b/;
/** Verbs of a question that asks only what a named paper did ("what did Ovadia use?"). */
const ECHO_VERBS = new Set(
  ['use', 'us', 'pick', 'choos', 'recommend', 'set', 'sai', 'suggest', 'do'].map(stem),
);

function asks(sentence: string): boolean {
  return /\?\s*$/.test(sentence) || startsAsking(sentence) || asksWithoutMark(sentence.trim());
}

/** "1) does SFT teach facts? 2) …": numbered questions inside one line are sentences of their own. */
function splitNumbered(text: string): string {
  return text.replace(/(?:^|\s)\(?\d{1,2}\)\s+(?=\p{L})/gu, '\n');
}

function noEntities(): QuestionEntities {
  return { strategies: [], papers: [], concepts: [], techniques: [] };
}

function mergeEntities(list: QuestionEntities[]): QuestionEntities {
  return {
    strategies: unique(list.flatMap((entities) => entities.strategies)),
    papers: unique(list.flatMap((entities) => entities.papers)),
    concepts: specificFirst(unique(list.flatMap((entities) => entities.concepts))),
    techniques: unique(list.flatMap((entities) => entities.techniques)),
  };
}

/** Verbs of knowing or seeing ("the base model never saw"), and the words between a name and them. */
const KNOWING = new Set([
  'know',
  'knew',
  'known',
  'knows',
  'saw',
  'seen',
  'see',
  'sees',
  'learned',
  'learnt',
  'read',
  'encountered',
  'memorized',
  'memorised',
]);
const KNOWING_FILLERS = new Set([
  'already',
  'never',
  'definitely',
  'probably',
  'likely',
  'surely',
  'has',
  'have',
  'had',
  'does',
  'do',
  'did',
  'not',
  'doe',
  'can',
  'could',
  'might',
  'may',
  'would',
  'wo',
  'ca',
  'ever',
  'really',
  'possibly',
  'still',
  'yet',
]);

/** Words that may sit inside a name without changing it ("is fine tuning even worth it"). */
const FILLERS = new Set([
  'even',
  'really',
  'actually',
  'just',
  'still',
  'ever',
  'honestly',
  'truly',
  'basically',
  'simply',
]);

/**
 * A word matches a name's word by stem, but an adverb never matches a noun ("completely",
 * "completions") nor a plural noun a gerund ("prompts", "prompting").
 */
function sameWord(word: Word | undefined, stemmed: string, written: string | undefined): boolean {
  if (!word || word.stem !== stemmed) return false;
  if (written === undefined || word.word === written) return true;
  if (word.word.endsWith('ly') && !written.endsWith('ly')) return false;
  // "100 prompts" is data, not "prompting": a plural noun does not match a gerund.
  return !(written.endsWith('ing') && !word.word.includes('ing') && word.word.endsWith('s'));
}

/** Two forms of one word ("adapter", "adapters"; "evaluate", "evaluating"), not a derived word. */
function inflects(a: string, b: string): boolean {
  const base = (word: string) => word.replace(/(iest|ier|ies|ing|ed|es|s|e|d|y)$/, '');
  // Comparatives are folded by stem ("cheapest", "cheap").
  return a === b || base(a) === base(b) || (isFolded(a) && stem(a) === stem(b));
}

function sameLetters(a: string, b: string): boolean {
  return a.length === b.length && [...a].sort().join('') === [...b].sort().join('');
}

function wordsIn(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
