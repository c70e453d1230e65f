import { advisedWith, ask, seen } from './support';

/**
 * Probes of the classes of question the second development round fixed, in our own words (none
 * is taken from an evaluation set): context a short question points at, several questions in one
 * message, practitioners' abbreviations and synonyms, honest scope for what the sources lack, and
 * questions about the user's own plan. Each names the key terms a practitioner would look for;
 * a group is satisfied by any one of its variants.
 */

interface Probe {
  ask: string;
  after?: Record<string, string | number>;
  contains?: string[][];
  /** The reply must say plainly that it cannot answer (true) or must not (false, the default). */
  declines?: boolean;
}

const knowledgeProfile = {
  goal: 'knowledge',
  dataKind: 'raw-text',
  dataSize: 2000,
  domainDistance: 'near',
  knowledgeChange: 'frequent',
};
const styleProfile = {
  goal: 'alignment',
  dataKind: 'demonstrations',
  dataSize: 2000,
  styleSensitivity: 'high',
  taskScope: 'single',
};

const PROBES: Record<string, Probe> = {
  // A short question about the story before it.
  'context: forgetting after SFT': {
    ask: 'Our fine-tuned 13B writes lovely answers now but fails the arithmetic it used to get right. Known issue?',
    contains: [['forget'], ['LoRA', 'Biderman', 'mix']],
  },
  'context: invented details after SFT': {
    ask: 'We trained on 900 support chats full of order numbers. Now it makes up order numbers that never existed. Why?',
    contains: [['hallucinat'], ['Gekhman', 'does not know', "doesn't know"]],
  },
  'context: a pasted config': {
    ask: 'Here is our trainer config.\n```\nnum_train_epochs: 20\nlearning_rate: 2e-4\n```\nIt is for 800 examples with LoRA. Is that too many epochs?',
    contains: [['epoch'], ['LIMA', 'Databricks', 'Unsloth', 'Alpaca']],
  },
  'context: rambling past the answer': {
    ask: 'The model finishes its answer and then writes a fake next user turn. What causes that?',
    contains: [['EOS', 'end-of-sequence', 'end of sequence']],
  },
  // Several questions in one message.
  'parts: define, then the quality cost': {
    ask: "what's QLoRA, and how much quality do we lose against full fine-tuning?",
    contains: [
      ['4-bit', '4 bits'],
      ['10%', '20%', '3%'],
    ],
  },
  'parts: numbered': {
    ask: '1) what is TAPT 2) is it cheaper than DAPT',
    contains: [['TAPT'], ['60']],
  },
  'parts: a paper, then its setting': {
    ask: 'What preference data did Tülu 2 use for DPO, and what beta?',
    contains: [['UltraFeedback'], ['0.1']],
  },
  // Abbreviations and synonyms.
  'abbreviation: FT vs RAG': {
    ask: 'FT vs RAG for product specs that change every week?',
    contains: [
      ['RAG', 'retriev'],
      ['Ovadia', 'Lewis', 'index'],
    ],
  },
  'abbreviation: lr': { ask: 'lr for qlora on a 33B?', contains: [['1e-4', '2e-4']] },
  'abbreviation: vram': { ask: 'vram for QLoRA on a 70b?', contains: [['48', '41', '40–48']] },
  'synonym: wordy answers': {
    ask: 'after preference tuning our bot got very wordy, how do we rein that in?',
    contains: [
      ['length', 'longer'],
      ['shorter', 'chosen'],
    ],
  },
  'synonym: other languages': {
    ask: 'Will DPO on English pairs hurt our German and French users?',
    contains: [['TydiQA', 'multilingual']],
  },
  'synonym: fabricated details': {
    ask: 'the model fabricates citations after SFT on our Q&A set. could the training have caused it?',
    contains: [['hallucinat']],
  },
  // Honest scope.
  'scope: chunk overlap': {
    ask: "what's the best chunk overlap for legal PDFs, 10% or 20%?",
    declines: true,
  },
  'scope: licence': {
    ask: "Can we sell a model trained on Llama 2's outputs under its licence?",
    declines: true,
  },
  'scope: a provider feature': {
    ask: 'Does Vertex AI support preference tuning for Gemini models?',
    declines: true,
  },
  'scope: a reranker': { ask: 'which reranker should we put in front of our retriever?', declines: true },
  'scope: tokenizer': {
    ask: 'should we add our product names to the tokenizer as new tokens?',
    declines: true,
  },
  'scope: a recipe the sources lack': {
    ask: 'what learning rate and epochs did LIMIT train with?',
    declines: true,
  },
  'scope: an unverified figure': {
    ask: 'What exact preference rate did LIMA get against the 65B Alpaca?',
    declines: true,
  },
  'scope: privacy law': { ask: 'Is it GDPR compliant to fine-tune on our customer emails?', declines: true },
  // The user's own plan.
  'plan: pushback on retrieval': {
    ask: "retrieval seems like overkill, can't we just fine-tune once on the docs?",
    after: knowledgeProfile,
    contains: [
      ['Ovadia', 'index'],
      ['0.875', '0.504', 'retrain'],
    ],
  },
  'plan: adding a voice': {
    ask: 'what if we also want it to write in our brand voice?',
    after: knowledgeProfile,
    contains: [
      ['SFT', 'fine-tun'],
      ['demonstration', 'example'],
    ],
  },
  'plan: start smaller': {
    ask: 'could we start with a few hundred of our examples instead of all of them?',
    after: styleProfile,
    contains: [['50'], ['LIMA', 'LIMIT', 'AlpaGasus']],
  },
  // Evidence and comparisons.
  'evidence: imitation and facts': {
    ask: 'what did Gudibande et al. find about imitation data and factual accuracy?',
    contains: [['style'], ['Natural Questions', 'factual', '20', '15']],
  },
  'evidence: filtering': {
    ask: 'any evidence that filtering out bad examples helps?',
    contains: [['AlpaGasus'], ['9k', '52k']],
  },
  'compare: a kind of': { ask: 'is QLoRA a kind of LoRA?', contains: [['4-bit', '4 bits'], ['LoRA']] },
  'compare: order of stages': {
    ask: 'SFT or DPO first?',
    contains: [['SFT'], ['reference', 'starts from', 'after SFT']],
  },
};

describe('probes of the classes fixed in round 2 (our own wording)', () => {
  test.each(Object.entries(PROBES))('%s', (_name, probe) => {
    const reply = ask(probe.ask, probe.after ? advisedWith(probe.after) : undefined);
    const text = seen(reply);
    const missing = (probe.contains ?? []).filter(
      (group) => !group.some((v) => text.includes(v.toLowerCase())),
    );
    const declined =
      reply.responses.includes('answer.out-of-scope') || reply.responses.includes('answer.unknown');
    expect({ missing, declined }).toEqual({ missing: [], declined: probe.declines === true });
  });
});
