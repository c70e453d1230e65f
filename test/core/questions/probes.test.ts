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
  // A third batch, written before it was run (16 of 24 then).
  'batch 3: SFT vs RLHF, in chat style': {
    ask: 'hey quick q - whats the diff between sft and rlhf',
    contains: [
      ['SFT', 'supervised'],
      ['reward', 'preference'],
    ],
  },
  'batch 3: LoRA on instruction data': {
    ask: 'does lora work as well as full finetuning for instruction data?',
    contains: [['256', 'close', 'gap']],
  },
  'batch 3: a DPO learning rate': {
    ask: 'we r thinking of doing DPO on 50k pairs, whats a sane learning rate',
    contains: [['5e-7', '5×10⁻⁷', '5e-6', '1e-6']],
  },
  'batch 3: two papers for a tone': {
    ask: 'Is FLAN or LIMA the better recipe for a support bot that needs a consistent tone?',
    contains: [['LIMA'], ['1,000', 'style', 'tone']],
  },
  'batch 3: a paper figure in lowercase': {
    ask: 'what happened to TydiQA after DPO in the tulu 2 paper',
    contains: [['17.8', '13.5']],
  },
  'batch 3: Flan-PaLM tasks': { ask: 'how many tasks did Flan-PaLM train on', contains: [['1,836']] },
  'batch 3: markup around a memory question': {
    ask: '<p>how much GPU memory does <b>LoRA</b> on a 70B need?</p>',
    contains: [['160', '164', '2×80']],
  },
  'batch 3: memorising documents': {
    ask: 'Our legal team asked: does fine-tuning make the model memorise our contracts word for word?',
    contains: [['fact', 'memor', 'retriev']],
  },
  'batch 3: RLHF in plain words': {
    ask: 'what is RLHF in plain words',
    contains: [['reward'], ['PPO', 'reinforcement']],
  },
  'batch 3: PPO vs DPO': {
    ask: 'ppo vs dpo which one is simpler to run',
    contains: [['DPO'], ['reward model', 'sampling']],
  },
  'batch 3: mixing data': {
    ask: 'any downside to mixing in our own data with ShareGPT?',
    contains: [['mix', 'ShareGPT']],
  },
  'batch 3: sloppy synthetic answers': {
    ask: 'We use Llama 2 7B. Our SFT set is 30k GPT-4 generated answers, many of them sloppy. Filter or keep all?',
    contains: [['AlpaGasus'], ['9k', 'filter']],
  },
  'batch 3: order of stages': {
    ask: 'does the order of SFT then DPO matter or can we interleave',
    contains: [['SFT'], ['reference', 'first', 'after']],
  },
  'batch 3: retraining nightly': {
    ask: 'if our docs change every day should we retrain nightly?',
    contains: [['index', 'retrain', 'RAG']],
  },
  'batch 3: other languages': {
    ask: 'is it true that fine-tuning can make the model worse at other languages?',
    contains: [['TydiQA', 'multilingual', 'languages']],
  },
  'batch 3: LoRA alpha': {
    ask: 'what does alpha mean for lora and what value should I use',
    contains: [
      ['α', 'alpha'],
      ['2r', '16', '256'],
    ],
  },
  'batch 3: measuring facts learned': {
    ask: 'how do we measure whether the fine-tune learned our facts?',
    contains: [['accuracy', 'held-out', 'questions']],
  },
  'batch 3: perplexity for checkpoints': {
    ask: 'why do people say perplexity is a bad way to pick checkpoints?',
    contains: [['LIMA'], ['perplexity']],
  },
  'batch 3 scope: news of models': {
    ask: 'what is the best open model released this month?',
    declines: true,
  },
  'batch 3 scope: multi-node setup': {
    ask: 'how do i set up multi-node training with deepspeed zero-3?',
    declines: true,
  },
  'batch 3 scope: a labelling vendor': {
    ask: 'can you recommend a good labeling vendor for preference data?',
    declines: true,
  },
  'batch 3 scope: a labelling price': {
    ask: 'what does RLHF cost per labeled comparison on Scale AI?',
    declines: true,
  },
  'batch 3 scope: sharding data': {
    ask: 'how should I shard my dataset for streaming from S3?',
    declines: true,
  },
  'batch 3 scope: comparing tools': {
    ask: 'which is better for fine-tuning, Axolotl or LLaMA-Factory?',
    declines: true,
  },
  // A fourth batch, mostly out of scope, written before it was run (16 of 25 then).
  'batch 4 scope: GPU-hours for a run': {
    ask: 'how many GPU hours does SFT of a 7B on 100k examples take?',
    declines: true,
  },
  'batch 4 scope: carbon': {
    ask: 'what is the carbon footprint of fine-tuning a 70B model?',
    declines: true,
  },
  'batch 4 scope: image models': {
    ask: 'does fine-tuning work for image generation models like stable diffusion?',
    declines: true,
  },
  'batch 4 scope: speech models': {
    ask: 'how do I fine-tune Whisper for our call-center audio?',
    declines: true,
  },
  'batch 4 scope: a recipe detail': { ask: 'what batch size did LIMIT use?', declines: true },
  'batch 4 scope: a price of training': { ask: 'how much did GPT-4 cost to train?', declines: true },
  'batch 4 scope: jailbreaks': {
    ask: 'will fine-tuning make the model safe against jailbreaks?',
    declines: true,
  },
  'batch 4 scope: red-teaming': {
    ask: 'how do we red-team our fine-tuned model before launch?',
    declines: true,
  },
  'batch 4 scope: serving': {
    ask: 'should we use vLLM or TGI to serve the fine-tuned model?',
    declines: true,
  },
  'batch 4 scope: compute not reported': { ask: 'how many A100-hours did LIMA take?', declines: true },
  'batch 4 scope: bias': { ask: "can fine-tuning remove a model's political bias?", declines: true },
  'batch 4 scope: a test-set score': {
    ask: 'What exact EM score did RAG get on Natural Questions test set?',
    declines: true,
  },
  'batch 4: AlpaGasus speed-up': {
    ask: 'how much faster was AlpaGasus training?',
    contains: [['5.7', '80', '14']],
  },
  'batch 4: RAG on FEVER': { ask: 'what did RAG do on FEVER?', contains: [['4.3', '71']] },
  'batch 4: FLAN clusters': { ask: 'how many clusters in FLAN?', contains: [['12']] },
  'batch 4: Tülu 2 DPO settings': {
    ask: 'what are the Tülu 2 DPO hyperparameters?',
    contains: [['5e-7', '5×10⁻⁷'], ['0.1']],
  },
  'batch 4: LoRA learning rate rule': {
    ask: 'what is the LoRA learning rate rule of thumb?',
    contains: [['10']],
  },
  'batch 4: toxicity': { ask: 'Did InstructGPT reduce toxicity?', contains: [['toxic']] },
  'batch 4: the Flan Collection': { ask: 'what is the Flan Collection?', contains: [['Flan']] },
  'batch 4: QLoRA on MMLU': {
    ask: 'how does QLoRA compare on MMLU vs full fine-tuning?',
    contains: [['67.3', '67.4', 'close']],
  },
  'batch 4: Tülu 2 SFT epochs': { ask: 'how many epochs did Tülu 2 SFT use?', contains: [['2']] },
  'batch 4: Tülu 2 context length': { ask: 'what context length did Tülu 2 use?', contains: [['8,192']] },
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
