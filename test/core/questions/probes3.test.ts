import { advisedWith, ask, seen } from './support';

/**
 * Probes of the classes of failure found on the third development set, written in our own words
 * before each class was fixed (none is taken from an evaluation set). First-run results are in
 * docs/adr/0007-passage-retrieval.md, round 3. Each names the key terms a practitioner would look
 * for; a group is satisfied by any one of its variants.
 */

interface Probe {
  ask: string;
  after?: Record<string, string | number>;
  contains?: string[][];
  /** Terms the reply must not contain (a neighbouring topic answered instead). */
  lacks?: string[];
  /** The reply must say plainly that it cannot answer (true) or must not (false, the default). */
  declines?: boolean;
}

const styleProfile = {
  goal: 'alignment',
  dataKind: 'demonstrations',
  dataSize: 3000,
  styleSensitivity: 'high',
  taskScope: 'single',
  tried: 'prompting',
  platform: 'own-gpus',
  gpu: 'datacenter',
};
const factsProfile = {
  goal: 'knowledge',
  dataKind: 'raw-text',
  dataSize: 4000,
  domainDistance: 'near',
  knowledgeChange: 'static',
  tried: 'prompting',
};
const prefsProfile = {
  goal: 'alignment',
  dataKind: 'preferences',
  dataSize: 12000,
  extraDataKind: 'demonstrations',
  extraDataSize: 4000,
  styleSensitivity: 'medium',
  taskScope: 'many',
  tried: 'prompting',
  platform: 'own-gpus',
  gpu: 'cluster',
};

const PROBES: Record<string, Probe> = {
  // Class 1: the answer restates a finding without the figure that makes it one.
  'figure: swapping the index': {
    ask: 'can we keep the bot current just by replacing the document index, with no retraining at all?',
    contains: [['70%', '68%']],
  },
  'figure: a quick prompting test': {
    ask: 'is there a simple test for deciding that a prompt alone is good enough?',
    contains: [['10 real examples', '10 examples'], ['8']],
  },
  'figure: knowledge the model already saw': {
    ask: 'for textbook material the model probably read during pretraining, is retrieval still ahead of fine-tuning?',
    contains: [['0.681', '0.570', '0.556']],
  },
  'figure: what fine-tuning buys besides quality': {
    ask: 'apart from better answers, what does a fine-tune buy us over a long prompt?',
    contains: [['latency'], ['shorter prompt', 'token']],
  },
  'figure: a grader filter': {
    ask: 'does throwing away most of a synthetic SFT set with an LLM judge really help?',
    contains: [['9k', '52k', '5.7']],
  },
  'figure: imitation and factual QA': {
    ask: 'did training on ChatGPT imitation data make the small models more factual?',
    contains: [
      ['Natural Questions', 'NQ', 'factual'],
      ['20', '15', '27'],
    ],
  },

  // Class 2: a figure without what it was measured on, or without the authors' explanation.
  'measure: how LIMA was judged': {
    ask: 'How did the LIMA authors run the comparison with GPT-4 and Bard?',
    contains: [['300'], ['43%', '58%']],
  },
  'measure: which model DAPT adapted': {
    ask: 'were the domain-adaptive pretraining gains shown on a chat LLM or on something smaller?',
    contains: [['RoBERTa']],
  },
  'measure: why small models lose from instruction tuning': {
    ask: 'what explanation did the FLAN authors give for instruction tuning hurting their 8B model?',
    contains: [['capacity']],
  },
  'measure: Unsloth at 8B': {
    ask: 'what are Unsloth minimum GPU memory numbers for an 8B model?',
    contains: [['22'], ['6 GB', '6']],
  },
  'measure: DPO against the RLHF pipeline': {
    ask: 'what does DPO drop from the InstructGPT-style pipeline, and what does it still need first?',
    contains: [['reward model'], ['SFT', 'supervised']],
  },
  'measure: when DAPT pays off most': {
    ask: 'in which situations did domain-adaptive pretraining give the biggest gains?',
    contains: [['far'], ['biomed', 'computer science', 'computer-science']],
  },
  'measure: InstructGPT data sizes': {
    ask: 'how many prompts went into each InstructGPT stage?',
    contains: [['13k'], ['33k'], ['31k']],
  },

  // Class 3: a name matched in passing decides what is answered.
  'incidental: the base model as a subject': {
    ask: 'if most of our training answers contain facts the base model never saw, what goes wrong?',
    contains: [['hallucinat']],
    lacks: ['instruct version'],
  },
  'incidental: users served in other languages': {
    ask: 'we serve German and Italian customers, but every preference pair we have is in English. is that a risk?',
    contains: [
      ['multilingual', 'TydiQA'],
      ['17.8', '13.5'],
    ],
  },
  'incidental: zero-shot as a word, "or not"': {
    ask: 'would multi-task instruction tuning make a 1B model better on unseen task types or not?',
    contains: [['8B']],
  },
  'incidental: "or not" is not a comparison': {
    ask: 'is LoRA enough for learning a brand-new programming language or not?',
    contains: [['full fine-tuning'], ['Biderman', 'learns less']],
  },

  // Class 4: out of scope, answered as if covered.
  'scope: vector stores in lowercase': {
    ask: 'qdrant or milvus or chroma to hold the embeddings?',
    declines: true,
  },
  'scope: copyright, informally': {
    ask: 'copyright-wise, are we fine training on news articles we scraped?',
    declines: true,
  },
  'scope: merging adapters': {
    ask: 'is it a good idea to merge two fine-tuned adapters into a single one?',
    declines: true,
  },
  'scope: picking a current model': {
    ask: 'gemma 2 or phi 3, which one should we fine-tune these days?',
    declines: true,
  },
  'scope: a privacy question': {
    ask: 'are we allowed to train on customer emails under our privacy policy?',
    declines: true,
  },
  'scope: weight averaging': {
    ask: 'can we average the weights of two checkpoints to get the best of both (a model soup)?',
    declines: true,
  },

  // Class 5: how a question is worded hides what it asks.
  'reading: a filler before the second question': {
    ask: 'what LoRA rank would you use, and honestly how many epochs?',
    contains: [['256', 'rank'], ['epoch'], ['1–4', '2 epochs', '3 epochs', '15']],
  },
  'reading: thousands written with k': {
    ask: 'Tülu 2 trained on 326k samples; which sources were the biggest parts?',
    contains: [['ShareGPT'], ['114']],
  },
  'reading: a paper asked as "model or dataset?"': {
    ask: "is 'Alpaca' a model or a dataset or both?",
    contains: [['52']],
  },
  'reading: our amount against a paper': {
    ask: 'Alpaca used 52k examples and we have 4k. are we going to be fine?',
    after: styleProfile,
    contains: [['50'], ['quality', 'divers', 'curat']],
    declines: false,
  },
  'reading: a lay idiom for "enough"': {
    ask: 'will a couple hundred examples make any dent at all?',
    contains: [['50', '100', '1,000']],
  },
  'reading: a comparative of a name': {
    ask: 'since the preference stage our assistant is noisier and lengthier. what do we do?',
    contains: [['length']],
  },

  // Class 6: questions about the user's plan and the figures they cite.
  'plan: why a prompt baseline first': {
    ask: 'why does the plan begin with a prompt when we already have our training set ready?',
    after: styleProfile,
    contains: [['baseline'], ['eval']],
  },
  'plan: a cited result for us': {
    ask: 'Tülu 2 got about +11 AlpacaEval points from DPO. will we get the same?',
    after: prefsProfile,
    contains: [['AlpacaEval'], ['73.9', '85.1', '13%']],
    declines: true,
  },
  'plan: retrieval and fine-tuning together': {
    ask: 'could adding retrieval on top of our fine-tuned model make it worse than the fine-tune alone?',
    after: { ...factsProfile, goal: 'both', styleSensitivity: 'high', taskScope: 'single' },
    contains: [['87'], ['83']],
  },
  'plan: two sizes on one card': {
    ask: 'one 48 GB GPU: 13B with LoRA, or 70B with 4-bit QLoRA?',
    after: styleProfile,
    contains: [['48'], ['base model', 'bigger model', 'larger model', 'stronger base', 'bigger base']],
  },
  'plan: static facts and retrieval': {
    ask: 'our manuals never change. is fine-tuning on them then as good as retrieval?',
    after: factsProfile,
    contains: [['0.681', '0.570', '0.556', '0.875']],
  },
};

describe('probes of the classes fixed in round 3 (our own wording)', () => {
  test.each(Object.entries(PROBES))('%s', (_name, probe) => {
    const reply = ask(probe.ask, probe.after ? advisedWith(probe.after) : undefined);
    const text = seen(reply).split('\nsources:')[0] ?? '';
    const missing = (probe.contains ?? []).filter(
      (group) => !group.some((v) => text.includes(v.toLowerCase())),
    );
    const present = (probe.lacks ?? []).filter((term) => text.includes(term.toLowerCase()));
    const declined =
      reply.responses.includes('answer.out-of-scope') || reply.responses.includes('answer.unknown');
    expect({ missing, present, declined }).toEqual({
      missing: [],
      present: [],
      declined: probe.declines === true,
    });
  });
});
