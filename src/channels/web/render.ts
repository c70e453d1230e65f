import { entryName, type KnowledgeEntry } from '../../content/knowledge-schema.js';
import type { Reply } from '../../core/types.js';
import type { ServerMessage, WebReply, WebSegment, WebSource } from './protocol.js';

/** The part of the core's Presenter the page needs: a knowledge entry by id. */
export interface SourceLookup {
  entry(id: string): Pick<KnowledgeEntry, 'short' | 'title' | 'year' | 'url'> | undefined;
}

/** Only web addresses become links: a `javascript:` URL in the knowledge base must never be clickable. */
function webAddress(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** "Ovadia et al. (2023): Fine-Tuning or Retrieval? …", linked to the paper. */
export function sourceLink(id: string, sources: SourceLookup): WebSource {
  const entry = sources.entry(id);
  if (!entry) return { id, label: id, url: null };
  return { id, label: `${entryName(entry)}: ${entry.title}`, url: webAddress(entry.url) };
}

/** A core reply as the page renders it: the same segments, with citations resolved to links. */
export function toWebReply(reply: Reply, sources: SourceLookup): WebReply {
  const body = reply.body.map((segment): WebSegment => {
    switch (segment.type) {
      case 'sources':
        return { type: 'sources', items: segment.ids.map((id) => sourceLink(id, sources)) };
      case 'list':
        return { type: 'list', items: [...segment.items] };
      default:
        return { ...segment };
    }
  });
  return {
    kind: reply.kind,
    text: reply.text,
    body,
    choices: reply.choices.map((choice) => ({ label: choice.label, value: choice.value })),
    awaiting: reply.awaiting,
  };
}

/** The message that carries one reply to the page. */
export function replyMessage(reply: WebReply): Extract<ServerMessage, { type: 'message' }> {
  return {
    type: 'message',
    text: reply.text,
    quick_replies: reply.choices.map((choice) => ({ title: choice.label, payload: choice.value })),
    reply,
  };
}
