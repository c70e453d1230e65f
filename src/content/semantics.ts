import { checkResponses } from '../core/dialogue/responses.js';
import { conditionsOf, holds, slotsRead } from '../core/flow/conditions.js';
import { nextStep, profileOf, questionFor, valuesFor } from '../core/flow/engine.js';
import { parseSizeValue } from '../core/flow/size.js';
import { analyse } from '../core/nlu/text.js';
import { adviceOf, slotsReadByTheDecision } from '../core/recommend/recommend.js';
import type { Answer, Profile } from '../core/types.js';
import type { CitedText, FlipTable, PlanContent, Rule, Strategy, When } from './advice-schema.js';
import type { SlotExamples } from './examples-schema.js';
import { type Condition, DATA_KEYS, EXCEPT_KEY, type Flow, PLAN_KEYS } from './flow-schema.js';
import type { GpuCatalogue } from './gpus-schema.js';
import { type Concept, type KnowledgeEntry, STRATEGY_IDS } from './knowledge-schema.js';
import { type Language, slotNameKey } from './language-schema.js';
import type { Responses } from './responses-schema.js';
import type { Vocabulary } from './vocabulary-schema.js';

export interface Content {
  flow: Flow;
  language: Language;
  vocabulary: Vocabulary;
  responses: Responses;
  examples: SlotExamples[];
  rules: Rule[];
  strategies: Strategy[];
  knowledge: KnowledgeEntry[];
  /** Techniques, goals, kinds of data and practices, explained from the knowledge entries. */
  concepts: Concept[];
  /** The changes "what would change this" may propose; absent in hand-built test content. */
  flips?: FlipTable;
  /** What the exported plan says; absent in hand-built test content. */
  plan?: PlanContent;
  /** The GPUs people name (flows/gpus.yaml); absent in hand-built test content. */
  gpus?: GpuCatalogue;
  /** Real English words, never corrected as misspellings (flows/english-words.txt); absent in hand-built test content. */
  englishWords?: readonly string[];
}

const FLOW = 'flows/advisor.yaml';
const LANGUAGE = 'flows/language.yaml';
const RULES = 'knowledge/rules.yaml';
const STRATEGIES = 'knowledge/strategies.yaml';
const FLIPS = 'knowledge/flips.yaml';
const PLAN = 'knowledge/plan.yaml';

function checkPlanContent(content: Content, problems: string[]): void {
  const { flow, plan, knowledge } = content;
  if (!plan) return;
  const known = new Set(knowledge.map((entry) => entry.id));
  const lines = (items: CitedText[], where: string) =>
    items.forEach((item, index) => {
      checkWhen(flow, item.when, `${where}[${index}].when`, problems);
      checkCites(item.cites, known, `${where}[${index}].cites`, problems);
    });
  for (const id of STRATEGY_IDS) {
    const stage = plan.stages[id];
    if (!stage) {
      problems.push(
        `${PLAN} – field 'stages.${id}': every strategy needs its plan (data, example, cost, risk, experiment)`,
      );
      continue;
    }
    for (const field of ['data', 'training', 'evaluation', 'cost', 'risk', 'experiment'] as const)
      lines(stage[field], `${PLAN} – field 'stages.${id}.${field}'`);
  }
  lines(plan.evaluation, `${PLAN} – field 'evaluation'`);
  lines(plan.training, `${PLAN} – field 'training'`);
}

/** Where a condition may appear decides whether it may look at the plan. */
type ConditionSite = 'step' | 'other';

function checkReserved(
  flow: Flow,
  key: string,
  allowed: Condition[string],
  where: string,
  site: ConditionSite,
  problems: string[],
): void {
  const kinds = flow.slots.dataKind;
  const kindValues = kinds?.type === 'enum' ? Object.keys(kinds.values).filter((v) => v !== 'none') : [];
  if ((PLAN_KEYS as readonly string[]).includes(key)) {
    if (site !== 'step')
      problems.push(
        `${where}: '${key}' looks at the plan, which only a flow step may do (a rule on the plan would decide itself)`,
      );
    if (!Array.isArray(allowed)) {
      problems.push(`${where}: '${key}' takes a list of strategies`);
      return;
    }
    for (const id of allowed)
      if (!(STRATEGY_IDS as readonly string[]).includes(id))
        problems.push(`${where}: '${key}' names '${id}', not a strategy (${STRATEGY_IDS.join(', ')})`);
    return;
  }
  if (!kinds) {
    problems.push(`${where}: '${key}' looks at the data, but the flow has no slot 'dataKind'`);
    return;
  }
  const checkKinds = (values: string[]) => {
    for (const value of values)
      if (!kindValues.includes(value))
        problems.push(`${where}: '${key}' names '${value}', not a kind of data (${kindValues.join(', ')})`);
  };
  if (key === 'amount') {
    if (Array.isArray(allowed) || !('kind' in allowed)) {
      problems.push(`${where}: 'amount' takes { kind: [...], unit?: [...], min?, max? }`);
      return;
    }
    checkKinds(allowed.kind);
    const unit = flow.slots.dataUnit;
    for (const value of allowed.unit ?? [])
      if (unit?.type !== 'enum' || !(value in unit.values))
        problems.push(`${where}: 'amount' has unit '${value}'; use items or tokens`);
    if (allowed.min === undefined && allowed.max === undefined)
      problems.push(`${where}: 'amount' needs min, max or both`);
    return;
  }
  if (!Array.isArray(allowed)) {
    problems.push(`${where}: '${key}' takes a list of kinds of data`);
    return;
  }
  checkKinds(allowed);
}

function checkCondition(
  flow: Flow,
  condition: Condition,
  where: string,
  problems: string[],
  site: ConditionSite = 'other',
): void {
  for (const [slot, allowed] of Object.entries(condition)) {
    if ((DATA_KEYS as readonly string[]).includes(slot) || (PLAN_KEYS as readonly string[]).includes(slot)) {
      checkReserved(flow, slot, allowed, where, site, problems);
      continue;
    }
    if (slot === EXCEPT_KEY) {
      // Each entry is slot=value of an enum slot: checked as the condition { slot: [value] }.
      for (const pair of Array.isArray(allowed) ? allowed : []) {
        const [name, value] = pair.split('=');
        if (!name || !value) problems.push(`${where}: 'except' entries are slot=value, not '${pair}'`);
        else checkCondition(flow, { [name]: [value] }, where, problems, site);
      }
      if (!Array.isArray(allowed)) problems.push(`${where}: 'except' takes a list of slot=value`);
      continue;
    }
    const definition = flow.slots[slot];
    if (!definition) {
      problems.push(`${where}: unknown slot '${slot}'; known slots: ${Object.keys(flow.slots).join(', ')}`);
      continue;
    }
    if (Array.isArray(allowed)) {
      if (definition.type !== 'enum') {
        problems.push(`${where}: slot '${slot}' is a number; compare it with min/max, not a list of values`);
        continue;
      }
      for (const value of allowed) {
        if (!(value in definition.values)) {
          problems.push(
            `${where}: slot '${slot}' has no value '${value}'; use one of ${Object.keys(definition.values).join(', ')}`,
          );
        }
      }
    } else if (definition.type !== 'number') {
      problems.push(`${where}: slot '${slot}' takes a list of values, not min/max`);
    } else if ('kind' in allowed) {
      problems.push(`${where}: slot '${slot}' takes min/max; 'kind' belongs to 'amount'`);
    }
  }
}

function checkWhen(
  flow: Flow,
  when: When | undefined,
  where: string,
  problems: string[],
  site: ConditionSite = 'other',
): void {
  conditionsOf(when).forEach((condition, index) => {
    checkCondition(flow, condition, Array.isArray(when) ? `${where}[${index}]` : where, problems, site);
  });
}

function checkCites(cites: string[], known: Set<string>, where: string, problems: string[]): void {
  for (const id of cites) {
    if (!known.has(id))
      problems.push(`${where}: cites unknown knowledge entry '${id}' (no knowledge/papers/${id}.yaml)`);
  }
}

/**
 * Every complete profile a user can reach: walk the flow, branching on each answer a question
 * offers. Used to find questions and rules that can never apply.
 */
export function reachableProfiles(flow: Flow): { profiles: Profile[]; askedSteps: Set<string> } {
  const profiles: Profile[] = [];
  const askedSteps = walkReachable(flow, (profile) => {
    profiles.push(profile);
    return true;
  });
  return { profiles, askedSteps };
}

/**
 * Walks every complete set of answers a user can reach by buttons, depth first, calling `visit`
 * with each profile until it returns false. Returns the steps asked on the way.
 */
export function walkReachable(
  flow: Flow,
  visit: (profile: Profile, askedSoFar: ReadonlySet<string>) => boolean,
): Set<string> {
  const askedSteps = new Set<string>();
  let going = true;
  const walk = (answers: Record<string, Answer>): void => {
    const profile = profileOf(flow, answers);
    const step = nextStep(flow, answers);
    if (!step) {
      going = visit(profile, askedSteps);
      return;
    }
    askedSteps.add(step.id);
    const question = questionFor(flow, step, profile);
    for (const choice of question.choices) {
      if (!going) return;
      const next = { ...answers };
      for (const [slot, value] of Object.entries(valuesFor(flow, step.slot, choice.value)))
        next[slot] = { value, source: 'user', quote: choice.label };
      walk(next);
    }
  };
  walk({});
  return askedSteps;
}

function checkFlow(flow: Flow, problems: string[]): void {
  const seenIds = new Set<string>();
  const askedBefore = new Set<string>();
  const slotsWithSteps = new Set<string>();
  flow.steps.forEach((step, index) => {
    const where = `${FLOW} – step '${step.id}' (steps[${index}])`;
    if (seenIds.has(step.id)) problems.push(`${where}: the step id is used twice; make it unique`);
    seenIds.add(step.id);
    const definition = flow.slots[step.slot];
    if (!definition) {
      problems.push(`${where} – field 'slot': unknown slot '${step.slot}'; declare it under slots`);
      return;
    }
    if (slotsWithSteps.has(step.slot))
      problems.push(`${where} – field 'slot': slot '${step.slot}' is asked twice`);
    slotsWithSteps.add(step.slot);
    if (step.when) {
      checkWhen(flow, step.when, `${where} – field 'when'`, problems, 'step');
      const read = new Set(conditionsOf(step.when).flatMap((condition) => slotsRead(condition)));
      for (const slot of read) {
        const derived = flow.slots[slot]?.type === 'enum' && flow.slots[slot]?.derived;
        if (flow.slots[slot] && !derived && !askedBefore.has(slot)) {
          problems.push(
            `${where} – field 'when': depends on '${slot}', which is not asked before this step; move the step later`,
          );
        }
      }
    }
    if (step.distinctFrom && !flow.slots[step.distinctFrom])
      problems.push(`${where} – field 'distinctFrom': unknown slot '${step.distinctFrom}'`);
    if (definition.type === 'enum') {
      if (definition.derived) problems.push(`${where}: slot '${step.slot}' is derived and must not be asked`);
      if (!step.question) problems.push(`${where} – field 'question': an enum question needs its wording`);
      if (!step.choices?.length)
        problems.push(`${where} – field 'choices': list the values to offer as buttons`);
      for (const value of [...(step.choices ?? []), step.skip?.value]) {
        if (value !== undefined && !(value in definition.values)) {
          problems.push(
            `${where}: '${value}' is not a value of slot '${step.slot}' (${Object.keys(definition.values).join(', ')})`,
          );
        }
      }
    } else {
      if (!step.variants?.length && !step.question) problems.push(`${where}: give a question or variants`);
      const variants = step.variants ?? [];
      variants.forEach((variant, variantIndex) => {
        const vWhere = `${where} – field 'variants[${variantIndex}]'`;
        if (variant.when) checkCondition(flow, variant.when, `${vWhere}.when`, problems);
        if (variantIndex === variants.length - 1 && variant.when) {
          problems.push(`${vWhere}: the last variant must have no 'when', so some wording always applies`);
        }
        for (const value of [...variant.choices.map((choice) => choice.value), variant.skip?.value]) {
          if (value !== undefined && !parseSizeValue(value)) {
            problems.push(`${vWhere}: '${value}' is not a number such as "300" or "2000000 tokens"`);
          }
        }
      });
    }
    askedBefore.add(step.slot);
    if (definition.type === 'number' && definition.unit) {
      const unit = flow.slots[definition.unit];
      if (unit?.type !== 'enum' || !unit.derived)
        problems.push(
          `${where}: slot '${step.slot}' names unit '${definition.unit}', which must be a derived enum slot`,
        );
      askedBefore.add(definition.unit);
    }
  });
  flow.inferences.forEach((inference, index) => {
    const where = `${FLOW} – inferences[${index}]`;
    checkCondition(flow, inference.when, `${where}.when`, problems);
    if (Object.keys(inference.when).some((key) => (PLAN_KEYS as readonly string[]).includes(key)))
      problems.push(`${where}.when: an inference may not depend on the plan`);
    checkCondition(
      flow,
      Object.fromEntries(Object.entries(inference.set).map(([slot, value]) => [slot, [value]])),
      `${where}.set`,
      problems,
    );
  });
}

function checkLanguage(flow: Flow, language: Language, problems: string[]): void {
  const sections = { slots: language.slots, answers: language.answers } as const;
  for (const [section, bySlot] of Object.entries(sections)) {
    for (const [slot, byValue] of Object.entries(bySlot)) {
      const definition = flow.slots[slot];
      if (definition?.type !== 'enum') {
        problems.push(`${LANGUAGE} – field '${section}.${slot}': no enum slot '${slot}' in ${FLOW}`);
        continue;
      }
      for (const value of Object.keys(byValue)) {
        if (!(value in definition.values)) {
          problems.push(
            `${LANGUAGE} – field '${section}.${slot}.${value}': slot '${slot}' has no value '${value}'`,
          );
        }
      }
    }
  }
  for (const slot of Object.keys(language.scopes)) {
    if (!language.answers[slot])
      problems.push(`${LANGUAGE} – field 'scopes.${slot}': no answers for '${slot}' to scope`);
  }
  const named = new Map<string, string>();
  for (const [slot, names] of Object.entries(language.slotNames)) {
    if (!flow.slots[slot])
      problems.push(`${LANGUAGE} – field 'slotNames.${slot}': no slot '${slot}' in ${FLOW}`);
    for (const name of names) {
      const key = slotNameKey(name);
      const other = named.get(key);
      // One name, two slots: "change size to 5k" could not say which it sets.
      if (other && other !== slot)
        problems.push(`${LANGUAGE} – field 'slotNames.${slot}': '${name}' also names '${other}'`);
      named.set(key, slot);
    }
  }
  checkCueCollisions(language, problems);
}

/**
 * Cues are matched on stems, so "politeness" and "polite" are the same cue: listed once as strong
 * and once as weak (or for two values of one slot), the strong one silently wins. Each such pair
 * is reported so an author can keep one of them.
 */
function checkCueCollisions(language: Language, problems: string[]): void {
  for (const [slot, byValue] of Object.entries(language.slots)) {
    const seen = new Map<string, string>();
    for (const [value, cues] of Object.entries(byValue)) {
      for (const [strength, phrases] of [
        ['strong', cues.strong],
        ['weak', cues.weak ?? []],
      ] as const) {
        for (const phrase of phrases) {
          const key = analyse(phrase)
            .tokens.map((token) => token.stem)
            .join(' ');
          const where = `${value}.${strength} '${phrase}'`;
          const earlier = seen.get(key);
          // The same cue twice for one value and strength is only redundant; a conflict is a bug.
          if (earlier && !earlier.startsWith(`${value}.${strength} `)) {
            problems.push(
              `${LANGUAGE} – field 'slots.${slot}': ${where} and ${earlier} are the same cue once stemmed; keep one`,
            );
          } else seen.set(key, where);
        }
      }
    }
  }
}

function checkAdvice(content: Content, problems: string[]): void {
  const { flow, rules, strategies, knowledge } = content;
  const known = new Set(knowledge.map((entry) => entry.id));
  const needs = content.gpus?.needs;
  if (needs)
    checkCites([needs.source, needs.referenceSource], known, "flows/gpus.yaml – field 'needs'", problems);
  const ruleIds = new Set<string>();
  rules.forEach((rule, index) => {
    const where = `${RULES} – rule '${rule.id}' ([${index}])`;
    if (ruleIds.has(rule.id)) problems.push(`${where}: the rule id is used twice`);
    ruleIds.add(rule.id);
    checkWhen(flow, rule.when, `${where} – field 'when'`, problems);
    checkCites(rule.cites, known, `${where} – field 'cites'`, problems);
  });
  const seen = new Set<string>();
  strategies.forEach((strategy, index) => {
    const where = `${STRATEGIES} – strategy '${strategy.id}' ([${index}])`;
    if (seen.has(strategy.id)) problems.push(`${where}: described twice`);
    seen.add(strategy.id);
    strategy.next.forEach((item, itemIndex) => {
      checkWhen(flow, item.when, `${where} – field 'next[${itemIndex}].when'`, problems);
      checkCites(item.cites, known, `${where} – field 'next[${itemIndex}].cites'`, problems);
      if (item.strategy === strategy.id)
        problems.push(`${where} – field 'next[${itemIndex}].strategy': a strategy cannot follow itself`);
    });
    if (strategy.requires) {
      checkWhen(flow, strategy.requires.when, `${where} – field 'requires.when'`, problems);
      checkCites(strategy.requires.cites, known, `${where} – field 'requires.cites'`, problems);
    }
    for (const [field, items] of [
      ['guidance', strategy.guidance],
      ['caveats', strategy.caveats],
      ['start', strategy.start],
    ] as const) {
      items.forEach((item, itemIndex) => {
        checkWhen(flow, item.when, `${where} – field '${field}[${itemIndex}].when'`, problems);
        checkCites(item.cites, known, `${where} – field '${field}[${itemIndex}].cites'`, problems);
      });
    }
  });
  for (const id of STRATEGY_IDS) {
    if (!seen.has(id)) problems.push(`${STRATEGIES}: strategy '${id}' is not described; add an entry for it`);
  }
  const ids = new Set<string>();
  for (const entry of knowledge) {
    if (ids.has(entry.id)) problems.push(`knowledge/papers/${entry.id}.yaml – field 'id': used twice`);
    ids.add(entry.id);
  }
}

function checkFlipTable(content: Content, problems: string[]): void {
  const { flow, flips } = content;
  if (!flips) return;
  flips.flips.forEach((entry, index) => {
    const where = `${FLIPS} – flip '${entry.id}' (flips[${index}])`;
    const definition = flow.slots[entry.slot];
    if (!definition) {
      problems.push(`${where} – field 'slot': unknown slot '${entry.slot}'`);
      return;
    }
    if (!(String(entry.rule) in flips.rules))
      problems.push(
        `${where} – field 'rule': decision rule ${entry.rule} is not listed under 'rules'; add its number and title from findings.md`,
      );
    if (entry.values) {
      if (definition.type !== 'enum')
        problems.push(`${where} – field 'values': '${entry.slot}' is a number; use direction`);
      else
        for (const value of [...entry.values.from, ...entry.values.to])
          if (!(value in definition.values))
            problems.push(`${where} – field 'values': slot '${entry.slot}' has no value '${value}'`);
    }
    if (entry.direction && definition.type !== 'number')
      problems.push(`${where} – field 'direction': only number slots grow or shrink; use values`);
  });
}

/**
 * A decisive step is weighed with each value of the later questions with buttons that decide the
 * plan (where they would train), so only a later number the decision reads makes it undecidable.
 */
function checkDecisiveSteps(content: Content, problems: string[]): void {
  const { flow } = content;
  const read = slotsReadByTheDecision(content);
  flow.steps.forEach((step, index) => {
    if (!step.decisive) return;
    const where = `${FLOW} – step '${step.id}' (steps[${index}]) – field 'decisive'`;
    if (flow.slots[step.slot]?.type !== 'enum')
      problems.push(`${where}: only a question with buttons can be decisive`);
    for (const later of flow.steps.slice(index + 1)) {
      if (read.has(later.slot) && flow.slots[later.slot]?.type !== 'enum')
        problems.push(
          `${where}: the plan depends on '${later.slot}', asked after it, so whether this answer matters cannot be known yet; move the step after '${later.slot}' or drop 'decisive'`,
        );
    }
  });
}

/** The checks that walk every reachable set of answers (the planner must be bound first). */
/**
 * Random paths through the flow (a fixed seed, so runs agree): each step takes a random button.
 * Calls `visit` with each complete profile until it returns false or `paths` are walked.
 */
export function samplePaths(
  flow: Flow,
  paths: number,
  visit: (profile: Profile, asked: ReadonlySet<string>) => boolean,
): Set<string> {
  const asked = new Set<string>();
  let seed = 0x2f6b;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
  for (let path = 0; path < paths; path++) {
    let answers: Record<string, Answer> = {};
    for (let step = nextStep(flow, answers); step; step = nextStep(flow, answers)) {
      asked.add(step.id);
      const choices = questionFor(flow, step, profileOf(flow, answers)).choices;
      const choice = choices[Math.floor(random() * choices.length)];
      if (!choice) break;
      answers = { ...answers };
      for (const [slot, value] of Object.entries(valuesFor(flow, step.slot, choice.value)))
        answers[slot] = { value, source: 'user', quote: choice.label };
    }
    if (!visit(profileOf(flow, answers), asked)) break;
  }
  return asked;
}

function checkReachable(content: Content, problems: string[]): void {
  const { flow, rules } = content;
  // Start-up must stay fast: random paths usually show every step asked and every rule applying
  // within a few hundred walks. Only when they do not is the whole flow walked, to be sure.
  const pending = new Set(rules);
  const sampled = samplePaths(flow, 2000, (profile, asked) => {
    for (const rule of pending) {
      if (conditionsOf(rule.when).some((condition) => matchesLoosely(flow, condition, profile)))
        pending.delete(rule);
    }
    return pending.size > 0 || asked.size < flow.steps.length;
  });
  if (pending.size === 0 && sampled.size === flow.steps.length) return;
  // Stops as soon as every step was asked and every rule matched: start-up must stay fast, and
  // only a broken flow pays for the whole walk.
  const unmatched = new Set(rules);
  const askedSteps = walkReachable(flow, (profile, asked) => {
    for (const rule of unmatched) {
      if (conditionsOf(rule.when).some((condition) => matchesLoosely(flow, condition, profile)))
        unmatched.delete(rule);
    }
    return unmatched.size > 0 || asked.size < flow.steps.length;
  });
  for (const step of flow.steps) {
    if (!askedSteps.has(step.id)) {
      problems.push(`${FLOW} – step '${step.id}': unreachable; no sequence of answers satisfies its 'when'`);
    }
  }
  for (const rule of unmatched) {
    problems.push(
      `${RULES} – rule '${rule.id}': can never apply; no reachable set of answers satisfies its 'when'`,
    );
  }
}

/**
 * Number ranges are checked against real answers at run time, so here any size may be given; a
 * slot that is never asked (derived or volunteered, such as `capability`) may hold any value.
 */
function matchesLoosely(flow: Flow, condition: Condition, profile: Profile): boolean {
  return Object.entries(condition).every(([slot, allowed]) => {
    if (slot === 'amount' && !Array.isArray(allowed) && 'kind' in allowed) {
      const { min: _min, max: _max, ...kindAndUnit } = allowed;
      return holds({ amount: { ...kindAndUnit, min: Number.NEGATIVE_INFINITY } }, profile);
    }
    if ((DATA_KEYS as readonly string[]).includes(slot) || slot === EXCEPT_KEY)
      return holds({ [slot]: allowed }, profile);
    const value = profile[slot];
    const definition = flow.slots[slot];
    if (value === undefined) return definition?.type === 'enum' && definition.derived && slot !== 'dataUnit';
    return Array.isArray(allowed) ? allowed.includes(String(value)) : true;
  });
}

/** Words by which a sentence says its figure comes from a secondary source. */
const HEDGE =
  /\b(secondary|report(s|ed)?|according to|quoted|summar(y|ies)|transcription|notes? (say|give)|said to|reportedly|estimates?)\b/i;

/** A paper's link is its arXiv abstract page; anything else would send readers somewhere we did not check. */
function checkLinks(entry: KnowledgeEntry, problems: string[]): void {
  const where = `knowledge/papers/${entry.id}.yaml – field 'url'`;
  if (entry.kind === 'paper' && entry.url !== `https://arxiv.org/abs/${entry.arxiv}`) {
    problems.push(`${where}: a paper links to its arXiv abstract page, https://arxiv.org/abs/${entry.arxiv}`);
  }
  if (entry.kind === 'guide' && !entry.url.startsWith('https://')) {
    problems.push(`${where}: a guide links to its own page over https`);
  }
}

/** What users read must never carry a review note. */
function checkWording(entry: KnowledgeEntry, problems: string[]): void {
  const fields: [string, string[]][] = [
    ['summary', [entry.summary]],
    ['numbers', entry.numbers.map((number) => number.text)],
    ['implications', entry.implications],
    ['unverified', entry.unverified],
  ];
  for (const [field, texts] of fields) {
    texts.forEach((text, index) => {
      if (/not verified|unverified/i.test(text))
        problems.push(
          `knowledge/papers/${entry.id}.yaml – field '${field}${field === 'summary' ? '' : `[${index}]`}': no review notes in what users read; say it in plain words ("… is not in the sources I have")`,
        );
    });
  }
}

function checkConcepts(content: Content, problems: string[]): void {
  const entries = new Set(content.knowledge.map((entry) => entry.id));
  const concepts = new Set(content.concepts.map((concept) => concept.id));
  const names = new Map<string, string>();
  for (const concept of content.concepts) {
    const file = `knowledge/concepts/${concept.id}.yaml`;
    if (entries.has(concept.id))
      problems.push(`${file} – field 'id': '${concept.id}' is also a knowledge entry's id; rename one`);
    concept.sources.forEach((id, index) => {
      if (!entries.has(id))
        problems.push(
          `${file} – field 'sources[${index}]': unknown knowledge entry '${id}' (no knowledge/papers/${id}.yaml)`,
        );
    });
    concept.passages.forEach((passage, index) => {
      const where = `${file} – field 'passages[${index}]`;
      passage.sources.forEach((id, sourceIndex) => {
        if (!concept.sources.includes(id))
          problems.push(
            `${where}.sources[${sourceIndex}]': '${id}' is not among the concept's sources; add it there`,
          );
      });
      if (passage.reliability === 'secondary' && !HEDGE.test(passage.text))
        problems.push(
          `${where}.text': a secondary figure must say so in the sentence ("secondary sources report …")`,
        );
      if (/not verified|unverified/i.test(passage.text))
        problems.push(
          `${where}.text': no review notes in what users read; leave the figure out or hedge it in plain words`,
        );
    });
    for (const [field, ids] of [
      ['related', concept.related],
      ['compares', concept.compares ?? []],
    ] as const) {
      ids.forEach((id, index) => {
        if (!concepts.has(id) || id === concept.id)
          problems.push(`${file} – field '${field}[${index}]': '${id}' is not another concept's id`);
      });
    }
    for (const name of [concept.name.toLowerCase(), ...concept.aliases]) {
      const owner = names.get(name);
      if (owner && owner !== concept.id)
        problems.push(`${file} – field 'aliases': '${name}' also names concept '${owner}'; keep it in one`);
      names.set(name, concept.id);
    }
  }
}

/** Cross-file checks that a schema cannot express. Returns problems, each naming file and field. */
export function checkContent(content: Content): string[] {
  const problems: string[] = [];
  checkFlow(content.flow, problems);
  checkLanguage(content.flow, content.language, problems);
  checkAdvice(content, problems);
  problems.push(...checkResponses(content.responses, 'flows/responses.yaml'));
  checkExamples(content, problems);
  for (const entry of content.knowledge) {
    checkLinks(entry, problems);
    checkWording(entry, problems);
  }
  checkConcepts(content, problems);
  checkFlipTable(content, problems);
  checkPlanContent(content, problems);
  checkDecisiveSteps(content, problems);
  if (problems.length > 0) return problems;
  // Steps that ask about the plan need the recommender before any walk through the flow.
  adviceOf({ ...content, flips: content.flips?.flips });
  checkReachable(content, problems);
  return problems;
}

/** Training examples must name the flow's slots and values, and not be so few that they teach nothing. */
function checkExamples(content: Content, problems: string[]): void {
  const seen = new Set<string>();
  for (const set of content.examples) {
    const where = `flows/examples/${set.slot}.yaml`;
    if (seen.has(set.slot)) problems.push(`${where} – field 'slot': '${set.slot}' has two example files`);
    seen.add(set.slot);
    const definition = content.flow.slots[set.slot];
    if (definition?.type !== 'enum') {
      problems.push(`${where} – field 'slot': '${set.slot}' is not an enum slot of flows/advisor.yaml`);
      continue;
    }
    for (const [value, halves] of Object.entries(set.composite)) {
      for (const name of [value, ...halves]) {
        if (!(name in definition.values))
          problems.push(`${where} – field 'composite.${value}': '${name}' is not a value of '${set.slot}'`);
      }
    }
    for (const [value, replies] of Object.entries(set.values)) {
      if (!(value in definition.values))
        problems.push(
          `${where} – field 'values.${value}': not a value of '${set.slot}' (${Object.keys(definition.values).join(', ')})`,
        );
      if (replies.length < 10)
        problems.push(
          `${where} – field 'values.${value}': ${replies.length} examples; give at least 10 varied replies`,
        );
    }
  }
}
