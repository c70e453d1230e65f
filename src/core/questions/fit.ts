import type { GpuCatalogue } from '../../content/gpus-schema.js';
import { GpuReader } from '../nlu/gpus.js';
import type { Answer } from '../types.js';

type Needs = NonNullable<GpuCatalogue['needs']>;
type Method = keyof Needs['methods'];

/** "does it fit", "is one 4090 enough", "can I do full fine-tuning on my 4090": a yes/no about memory. */
/** "on our 4090", "on a single A100", "on 2x 24gb cards": what follows "on" is hardware, not data ("SFT on the 5k demos"). */
const ON_HARDWARE = String.raw`on (my|our|a|an|one|the|two|this|that|\d+\s?x?)\s+([\w-]+\s+){0,2}(gpus?|cards?|a100s?|h100s?|h200s?|a6000s?|4090s?|3090s?|4080s?|a10g?s?|l4s?|l40s?|t4s?|v100s?|box|machine|node|server|rig|laptop|mac|instance|\d+\s?gb\b)`;
const FIT_ASKED = new RegExp(
  String.raw`\b(fits?|fitting|enough (memory|vram|gpu)|(is|are) (one|a|my|our|the|two|2x?)\b[^?]{0,40}\benough|possible on|doable on|feasible on|can (i|we) (do|run|train|fine-?tune|finetune|use)\b[^?]{0,60}\b${ON_HARDWARE}|will (it|this|that|dpo|sft|lora|qlora|full)[^?]{0,50}\b(fit|run|work) on)\b|\b(full|lora|qlora|dpo|sft)\b[^?]{0,40}\b${ON_HARDWARE}[^?]*\?|\b(ok|okay|fine|enough) on (it|that|this|my|our|a|an|one|the)\b`,
  'i',
);
/** What is trained: fine-tuning of some kind, not retrieval or serving. */
const TRAINING =
  /\b(fine-?tun\w*|finetun\w*|train\w*|lora|qlora|full[- ]?(param\w*|ft)?|sft|dpo|cpt|pretrain\w*|ft)\b/i;
const DPO = /\bdpo\b/i;
/** Memory stated outright: "my 12gb card", "12 GB of VRAM", "a 16gb gpu". */
const STATED_MEMORY =
  /\b(?:(\d{1,3})\s?gb\s+(?:of\s+)?(?:vram|card|gpu|graphics card|memory)|(?:card|gpu|vram)\s+(?:is|has)\s+(?:only\s+)?(\d{1,3})\s?gb)\b/i;
const TIME_OR_COST =
  /\bhow (long|fast|many hours|many days)\b|\b(hours|days|minutes|cost|price|dollars?|\$)\b/i;
/** "a 7B", "llama 3 70b", "the 3B": the model's size in billions of parameters (not "8B tokens"). */
const MODEL_SIZE = /\b(\d+(?:\.\d+)?)\s?b\b(?!\s*(tokens?|words|examples|params? of data))/i;
const readers = new WeakMap<GpuCatalogue, GpuReader>();
/** One reader per catalogue: its pattern is compiled once, not per question. */
function readerOf(catalogue: GpuCatalogue): GpuReader {
  let reader = readers.get(catalogue);
  if (!reader) {
    reader = new GpuReader(catalogue);
    readers.set(catalogue, reader);
  }
  return reader;
}

export interface FitVerdict {
  text: string[];
  cites: string[];
}

/**
 * A yes or no to "does it fit on my GPU?", from LLaMA-Factory's estimates (flows/gpus.yaml
 * `needs`) for the method and model size asked about, on the GPU named or the one the user gave.
 * Undefined when the question is not one, or nothing says which GPU.
 */
export function fitVerdict(
  text: string,
  catalogue: GpuCatalogue | undefined,
  answers: Record<string, Answer>,
): FitVerdict | undefined {
  const needs = catalogue?.needs;
  if (!catalogue || !needs || !FIT_ASKED.test(text)) return undefined;
  // "how long would full SFT take on 8 H100s?" asks for time, which memory does not answer.
  if (TIME_OR_COST.test(text)) return undefined;
  // "does a 70b fit?" in a conversation about training: the model's size says it is about memory.
  if (!TRAINING.test(text) && !MODEL_SIZE.test(text)) return undefined;
  const memory = memoryOf(text, catalogue, answers);
  if (!memory) return undefined;
  const sizeMatch = MODEL_SIZE.exec(text);
  const size = sizeMatch ? Number(sizeMatch[1]) : 7;
  const method = methodOf(text);
  const lines: string[] = [];
  const estimate = (which: Method) => estimateOf(needs, which, size);
  const say = (template: string, values: Record<string, string | number>) =>
    template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
  const all = (Object.keys(needs.methods) as Method[]).map((which) => ({ which, ...estimate(which) }));
  const fitting = all.filter((item) => item.gb <= memory.gb);
  const listOf = (items: { which: Method; gb: number }[]) =>
    items.map((item) => `${needs.methods[item.which]?.name} (about ${item.gb} GB)`).join(', ');
  const dpo = DPO.test(text);
  if (method) {
    const { gb: trained, from } = estimate(method);
    // Full DPO also holds the frozen reference model: its 16-bit weights, 2 bytes a parameter.
    const reference = dpo && method === 'full' ? Math.round(size * 2) : 0;
    const gb = trained + reference;
    const scaled =
      (from === size ? '' : say(needs.say.scaled, { from })) +
      (reference > 0 ? say(needs.say['with-reference'], { reference }) : '');
    const values = {
      method: needs.methods[method]?.name ?? method,
      size,
      need: trained,
      scaled,
      memory: memory.say,
    };
    // A pure-bf16 figure that fits is not the whole answer: mixed precision needs about twice it.
    const mixed = mixedOf(needs, method, size);
    const mixedFits = mixed === undefined || mixed + reference <= memory.gb;
    const fits = !mixedFits && needs.say['fits-pure-only'] ? needs.say['fits-pure-only'] : needs.say.fits;
    lines.push(say(gb <= memory.gb ? fits : needs.say['too-big'], values));
    if (gb <= memory.gb && mixed !== undefined && needs.say['mixed-precision'])
      lines.push(
        say(needs.say['mixed-precision'], {
          mixed: (mixed + reference).toLocaleString('en-US'),
          verdict: mixedFits ? ', which also fits' : `, more than ${memory.say}`,
        }),
      );
    if (gb > memory.gb)
      lines.push(
        fitting.some((item) => item.which !== method)
          ? say(needs.say.alternatives, { list: listOf(fitting.filter((item) => item.which !== method)) })
          : needs.say['nothing-fits'],
      );
  } else {
    const from = all[0]?.from ?? size;
    const scaled = from === size ? '' : say(needs.say.scaled, { from });
    const marked = all.map(
      (item) =>
        `${needs.methods[item.which]?.name} ${item.gb <= memory.gb ? 'fits' : 'does not fit'} (about ${item.gb} GB)`,
    );
    lines.push(say(needs.say['by-method'], { memory: memory.say, size, scaled, list: marked.join('; ') }));
  }
  if (!sizeMatch) lines.push(needs.say['assumed-size']);
  const cites = [needs.source];
  // Said once: a full DPO estimate already counts the reference copy.
  if (dpo && method !== 'full') {
    lines.push(needs.say.dpo);
    cites.push(needs.referenceSource);
  }
  return { text: lines, cites };
}

/** The mixed-precision estimate, where the catalogue gives one, scaled like the others. */
function mixedOf(needs: Needs, method: Method, size: number): number | undefined {
  const mixed = needs.methods[method]?.mixed;
  if (!mixed) return undefined;
  const { from } = estimateOf(needs, method, size);
  const base = mixed[needs.sizes.indexOf(from)];
  return base === undefined ? undefined : Math.round((base * size) / from);
}

/**
 * The method asked about first: "will full DPO fit, or do I need LoRA?" asks about full. "LoRA or
 * full fine-tuning on the A100?" weighs two, so each is said to fit or not.
 */
function methodOf(text: string): Method | undefined {
  const found = (
    [
      ['qlora', /\bq-?lora\b/i],
      ['lora', /(?<!q-?)\blora\b/i],
      ['full', /\bfull\b/i],
    ] as const
  )
    .map(([method, pattern]) => ({ method, at: pattern.exec(text)?.index ?? -1 }))
    .filter((item) => item.at >= 0)
    .sort((a, b) => a.at - b.at);
  const [first, second] = found;
  if (first && second) {
    const between = text.slice(first.at, second.at);
    if (/\b(or|vs\.?|versus)\b/i.test(between) && !/\b(do i need|or do|should i go|instead)\b/i.test(between))
      return undefined;
  }
  return first?.method;
}

/** The estimate for a size: the listed one, or scaled in proportion from the nearest listed size. */
function estimateOf(needs: Needs, method: Method, size: number): { gb: number; from: number } {
  const figures = needs.methods[method]?.gb ?? [];
  let nearest = 0;
  needs.sizes.forEach((listed, index) => {
    if (Math.abs(listed - size) < Math.abs((needs.sizes[nearest] ?? listed) - size)) nearest = index;
  });
  const from = needs.sizes[nearest] ?? size;
  const base = figures[nearest] ?? 0;
  return { gb: Math.round((base * size) / from), from };
}

/** The GPU memory: the cards the question names, else the class the user answered. */
function memoryOf(
  text: string,
  catalogue: GpuCatalogue,
  answers: Record<string, Answer>,
): { gb: number; say: string } | undefined {
  const reader = readerOf(catalogue);
  const named = reader.find(text, { gpuAsked: true, isDataNoun: () => false });
  if (named.length > 0) {
    const gb = named.reduce((sum, mention) => sum + mention.memoryGb * mention.count, 0);
    // "my 4090" is quoted "4090": say "a 4090", as "one A6000" and "2x A100" already read.
    const quoted = named.map((mention) => {
      // A card named by its memory only ("my 12gb card") is said by its memory.
      if (mention.model === 'gpu')
        return mention.count > 1
          ? `${mention.count} ${mention.memoryGb} GB GPUs`
          : `a ${mention.memoryGb} GB GPU`;
      if (/^(a|an|one|two|single|dual|\d+\s*x|\d+\s)\b/i.test(mention.quote)) return mention.quote;
      // Card names are read letter by letter: "an A100", "an H100", "a 4090", "a T4".
      return `${/^[aefhilmnorsx]\d/i.test(mention.quote) ? 'an' : 'a'} ${mention.quote}`;
    });
    return { gb, say: `${quoted.join(' and ')} (${gb} GB)` };
  }
  // "my 12gb card", "16 GB of VRAM": the memory stated says more than the class answered.
  const stated = STATED_MEMORY.exec(text);
  if (stated) {
    const gb = Number(stated[1] ?? stated[2]);
    return { gb, say: `a ${gb} GB GPU` };
  }
  const gpu = answers.gpu?.value;
  const classes = catalogue.needs?.classes as Record<string, { gb: number; say: string }> | undefined;
  return typeof gpu === 'string' ? classes?.[gpu] : undefined;
}
