import type { Flow } from '../../content/flow-schema.js';
import { nextStep } from '../flow/engine.js';
import type { Pending, Session } from '../types.js';

/** A stored session of any earlier shape, as read from a file or Redis. */
type StoredSession = Omit<Session, 'schema' | 'pending'> & { schema: number; pending: unknown };

/**
 * Brings a stored conversation up to date: the session shape (schema 1 had no repair counts and
 * a "clarify" pending) and the flow (answers an edited flow no longer has are dropped, and the
 * question it now needs next is asked). Conversations stored before a release keep working.
 */
export function migrateSession(stored: Session | StoredSession, flow: Flow): Session {
  const session = stored as StoredSession;
  if (session.schema < 2) {
    session.pending = migratePending(session.pending);
    session.schema = 2;
  }
  const migrated = session as Session;
  if (migrated.flowVersion === flow.version && migrated.flowId === flow.id) return migrated;
  for (const [slot, answer] of Object.entries(migrated.answers)) {
    const definition = flow.slots[slot];
    const valid =
      definition?.type === 'number'
        ? typeof answer.value === 'number'
        : definition?.type === 'enum' && String(answer.value) in definition.values;
    if (!valid) delete migrated.answers[slot];
  }
  migrated.history = migrated.history.filter((slot) => slot in migrated.answers);
  // Ask whatever the edited flow now needs next (possibly a question it did not have before).
  const step = nextStep(flow, migrated.answers);
  const keep = migrated.pending?.kind === 'resume';
  if (!keep) migrated.pending = step ? { kind: 'slot', slot: step.slot, posings: 0 } : null;
  if (step) migrated.phase = 'collecting';
  migrated.flowId = flow.id;
  migrated.flowVersion = flow.version;
  return migrated;
}

function migratePending(pending: unknown): Pending | null {
  if (!pending || typeof pending !== 'object') return null;
  const old = pending as Record<string, unknown>;
  switch (old.kind) {
    case 'slot':
      return { kind: 'slot', slot: String(old.slot), posings: 1 };
    case 'clarify': {
      const options = Array.isArray(old.options)
        ? (old.options as Pending extends never ? never : { label: string; value: string }[])
        : [];
      return { kind: 'confirm', slot: String(old.slot), options, posings: 1 };
    }
    case 'resume':
      return { kind: 'resume', held: (old.held ?? null) as Extract<Pending, { kind: 'resume' }>['held'] };
    default:
      return null;
  }
}
