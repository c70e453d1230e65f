import type { Concept, Facet, KnowledgeEntry, Reliability } from '../../content/knowledge-schema.js';
import { terms } from './text.js';

/**
 * The unit of retrieval: one claim with its figures and its citation. Answers are composed from
 * passages, never from whole entries, so a question about InstructGPT's 1.3B model gets that
 * result and not the paper's data sizes.
 */
export interface Passage {
  text: string;
  /** A `gap` says what the sources do not give; it answers "I don't know". */
  kind: 'definition' | 'claim' | 'implication' | 'summary' | 'gap';
  facets: Facet[];
  /** Knowledge entries to cite. */
  sources: string[];
  reliability: Reliability;
  /** The concept or entry it belongs to. */
  owner: string;
  ownerKind: 'concept' | 'entry';
  /** Stems for ranking: the passage's words plus its owner's name. */
  terms: string[];
}

/** What a paper's figure is mostly good for, read from its words (entries carry no facets). */
function entryFacets(text: string): Facet[] {
  const facets: Facet[] = ['evidence'];
  if (/\b(GB|GPU|TPU|A100|hours?|minutes|days|compute|memory|faster)\b/.test(text))
    facets.push('cost-hardware');
  if (
    /\b(epochs?|learning rate|rank|α|β|batch|warm-up|dropout|context length|tokens long|steps)\b/.test(text)
  )
    facets.push('training-choice');
  if (/\b(examples|samples|pairs|prompts|tokens)\b/.test(text)) facets.push('how-much-data');
  if (/\b(hurt|drop|fell|cut|worse|longer|hallucinat|forget|degrad|regress|lost)\w*/i.test(text))
    facets.push('risks');
  return facets;
}

export function buildPassages(knowledge: KnowledgeEntry[], concepts: Concept[]): Passage[] {
  const passages: Passage[] = [];
  for (const concept of concepts) {
    const name = [concept.name, ...concept.aliases.slice(0, 3)].join(' ');
    passages.push({
      text: concept.definition.trim(),
      kind: 'definition',
      facets: ['define'],
      sources: concept.sources.slice(0, 3),
      reliability: 'primary',
      owner: concept.id,
      ownerKind: 'concept',
      terms: terms(`${name} ${concept.definition}`),
    });
    for (const passage of concept.passages) {
      passages.push({
        text: passage.text.trim(),
        kind: passage.gap ? 'gap' : 'claim',
        facets: passage.facets,
        sources: passage.sources,
        reliability: passage.reliability,
        owner: concept.id,
        ownerKind: 'concept',
        terms: terms(`${concept.name} ${passage.text}`),
      });
    }
  }
  for (const entry of knowledge) {
    const name = [entry.short, ...entry.aliases.slice(0, 2)].join(' ');
    passages.push({
      text: entry.summary.trim(),
      kind: 'summary',
      facets: ['define', 'evidence'],
      sources: [entry.id],
      reliability: 'primary',
      owner: entry.id,
      ownerKind: 'entry',
      terms: terms(`${name} ${entry.title} ${entry.summary}`),
    });
    for (const number of entry.numbers) {
      passages.push({
        text: number.text.trim(),
        kind: 'claim',
        facets: entryFacets(number.text),
        sources: [entry.id],
        reliability: number.reliability,
        owner: entry.id,
        ownerKind: 'entry',
        terms: terms(`${entry.short} ${number.text}`),
      });
    }
    for (const gap of entry.unverified) {
      passages.push({
        text: gap.trim(),
        kind: 'gap',
        facets: ['evidence', 'how-much-data', 'cost-hardware', 'training-choice'],
        sources: [entry.id],
        reliability: 'primary',
        owner: entry.id,
        ownerKind: 'entry',
        terms: terms(`${entry.short} ${gap}`),
      });
    }
    for (const implication of entry.implications) {
      passages.push({
        text: implication.trim(),
        kind: 'implication',
        facets: ['how-to', 'why'],
        sources: [entry.id],
        reliability: 'primary',
        owner: entry.id,
        ownerKind: 'entry',
        terms: terms(`${entry.short} ${implication}`),
      });
    }
  }
  return passages;
}
