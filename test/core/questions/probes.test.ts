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
    contains: [['forget'], ['general', 'preserv'], ['LoRA', 'Biderman', 'mix']],
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
  // A second batch, written before any of it was run.
  'batch 2: Flan-PaLM compute': {
    ask: 'Flan-PaLM compute for instruction tuning vs pretraining?',
    contains: [['0.2%']],
  },
  'batch 2: chain-of-thought data': {
    ask: 'did adding chain-of-thought data matter in Flan-PaLM?',
    contains: [
      ['nine', '9 '],
      ['CoT', 'chain-of-thought'],
    ],
  },
  'batch 2: a low LoRA rank on two modules': {
    ask: 'we fine-tuned with LoRA r=8 on q and v only and it barely learned our domain. why?',
    contains: [
      ['Biderman', 'rank'],
      ['all', 'full fine-tun'],
    ],
  },
  "batch 2: OpenAI's minimum": {
    ask: "what's the minimum number of examples OpenAI accepts?",
    contains: [['10']],
  },
  'batch 2: DPO loss stuck': {
    ask: 'DPO loss is stuck at 0.693, what is wrong',
    contains: [['beta', 'β'], ['0.1']],
  },
  'batch 2: Alpaca data': {
    ask: 'is the Alpaca data any good?',
    contains: [
      ['AlpaGasus', '52'],
      ['9k', 'filter'],
    ],
  },
  'batch 2: imitating ChatGPT': {
    ask: 'can a small model trained on ChatGPT answers match ChatGPT?',
    contains: [['style'], ['Gudibande', 'imitation']],
  },
  'batch 2: Alpaca training time': {
    ask: 'how long did Alpaca take to train?',
    contains: [['3 hours', '3 h'], ['A100']],
  },
  'batch 2: full fine-tuning memory': {
    ask: 'how much memory for full fine-tuning a 13B?',
    contains: [['240', '120']],
  },
  'batch 2: DPO reference model': {
    ask: 'Should our DPO run use the base model as the reference?',
    contains: [['SFT'], ['reference']],
  },
  'batch 2: superficial alignment': {
    ask: 'what is the superficial alignment hypothesis?',
    contains: [['LIMA'], ['pretraining']],
  },
  'batch 2: Evol-Instruct': { ask: 'what is Evol-Instruct?', contains: [['WizardLM']] },
  'batch 2: Super-NaturalInstructions': { ask: "what's in Super-NaturalInstructions?", contains: [['task']] },
  'batch 2: when continued pretraining pays off': {
    ask: 'when does continued pretraining actually pay off?',
    contains: [['domain'], ['Gururangan', 'DAPT']],
  },
  'batch 2: more data': {
    ask: 'is more data always better for SFT?',
    contains: [
      ['LIMA', 'quality'],
      ['plateau', '16', 'did not help', 'quality'],
    ],
  },
  'batch 2: skipping SFT': {
    ask: 'can we skip SFT and go straight to DPO on our pairs?',
    contains: [['SFT'], ['reference', 'starts from', 'after SFT', 'first']],
  },
  'batch 2: small models': { ask: 'does instruction tuning hurt small models?', contains: [['8B']] },
  'batch 2: replies only': {
    ask: "how do I train only on the assistant's replies?",
    contains: [['completion', 'prompt tokens', 'collator', 'mask']],
  },
  'batch 2: open-instruct rank': { ask: 'what rank did open-instruct use for LoRA?', contains: [['256']] },
  'batch 2: base or instruct': {
    ask: 'Should I start from the instruct or the base checkpoint of Mistral for SFT on 2k examples?',
    contains: [['base'], ['instruct']],
  },
  'batch 2: a figure the sources hold': {
    ask: 'What MT-Bench score did Tülu 2 70B get after DPO?',
    contains: [['7.89']],
  },
  'batch 2 scope: latency': { ask: "what's the inference latency of a 7B on a T4?", declines: true },
  'batch 2 scope: quantizing for inference': {
    ask: 'how do I quantize my model to GGUF for llama.cpp?',
    declines: true,
  },
  'batch 2 scope: a price': { ask: 'how much does an A100 cost per hour on AWS?', declines: true },
  'batch 2 scope: a forecast': {
    ask: 'what accuracy will we get after fine-tuning on 5k tickets?',
    declines: true,
  },
  'batch 2 scope: models the sources do not compare': {
    ask: 'Is Mixtral better than Llama 2 70B as a base for fine-tuning?',
    declines: true,
  },
  'batch 2 scope: an uncovered method': {
    ask: 'how does speculative decoding speed up inference?',
    declines: true,
  },
  'batch 2 scope: vector databases': {
    ask: 'which vector database is fastest for 10M documents?',
    declines: true,
  },
  'batch 2 scope: writing code': {
    ask: 'can you write the training script for me in PyTorch Lightning?',
    declines: true,
  },
};

describe('probes of the classes fixed in round 2 (our own wording)', () => {
  test.each(Object.entries(PROBES))('%s', (_name, probe) => {
    const reply = ask(probe.ask, probe.after ? advisedWith(probe.after) : undefined);
    // The answer itself, not the titles of its sources.
    const text = seen(reply).split('\nsources:')[0] ?? '';
    const missing = (probe.contains ?? []).filter(
      (group) => !group.some((v) => text.includes(v.toLowerCase())),
    );
    const declined =
      reply.responses.includes('answer.out-of-scope') || reply.responses.includes('answer.unknown');
    expect({ missing, declined }).toEqual({ missing: [], declined: probe.declines === true });
  });
});
