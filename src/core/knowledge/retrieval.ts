import type { KnowledgeEntry } from '../../content/knowledge-schema.js';

/**
 * Kept so the current advisor's constructor call compiles unchanged. Retrieval now ranks passages
 * (one claim each) in src/core/questions/ (see docs/adr/0007-passage-retrieval.md); this class no
 * longer builds an index, so constructing it costs nothing.
 */
export class KnowledgeIndex {
  constructor(readonly entries: KnowledgeEntry[]) {}
}
