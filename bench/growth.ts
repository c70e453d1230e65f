import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Content } from '../src/content/load.js';
import { Advisor } from '../src/core/advisor.js';
import { Conversations } from '../src/core/conversations.js';
import { silentLogger } from '../src/core/log.js';
import type { Session, StoredConversation, TurnInput } from '../src/core/types.js';
import { FileSessionStore } from '../src/store/file-sessions.js';
import { JsonFiles } from '../src/store/json-files.js';
import { median, ms, percentile, type Row, times } from './table.js';

const SMALL = 100;
const LARGE = 100_000;
const ROUNDS = 15;
const PER_ROUND = 100;

/** Every stored conversation is at this point: described, style answered, asked one task or many. */
const OPENING: TurnInput[] = [
  {
    kind: 'text',
    text: 'Hi! We want our support bot to answer from our product docs, which change every week, in our brand voice. We have about 3k example replies.',
  },
  { kind: 'text', text: 'high' },
];

/** The timed turns, in turn: the answer that completes the advice, and questions asked mid-way. */
const TURNS: TurnInput[] = [
  { kind: 'text', text: 'one task' },
  { kind: 'text', text: 'how much data does SFT need?' },
  { kind: 'text', text: 'what did LIMA show?' },
  { kind: 'text', text: 'why not RAG alone?' },
];

/** A small seeded generator (mulberry32), so both stores see the same sequence of choices. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function keyOf(index: number): string {
  return `slack:T0BENCH:DU${index.toString(36).toUpperCase()}`;
}

interface Fixture {
  size: number;
  directory: string;
  store: FileSessionStore;
  conversations: Conversations;
  turnMs: number[];
  storeMs: number[];
  pick: () => number;
}

/**
 * Writes `size` conversation records straight into the store's sharded layout, as the file store
 * writes them ({key, session}, compact JSON), instead of running that many turns.
 */
function populate(fixture: Fixture, session: Session): void {
  for (let shard = 0; shard < 256; shard++) {
    mkdirSync(path.join(fixture.directory, 'sessions', shard.toString(16).padStart(2, '0')), {
      recursive: true,
    });
  }
  for (let index = 0; index < fixture.size; index++) write(fixture, index, session);
}

function write(fixture: Fixture, index: number, session: Session): void {
  const key = keyOf(index);
  writeFileSync(fixture.store.fileFor(key), JSON.stringify({ key, session }));
}

/** Distinct random conversations of a fixture. */
function sample(fixture: Fixture, count: number): number[] {
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, fixture.size)) chosen.add(Math.floor(fixture.pick() * fixture.size));
  return [...chosen];
}

/**
 * One round: a turn on each of PER_ROUND random stored conversations, one at a time, then a bare
 * store update (load + save, unchanged) on as many more; the touched conversations are put back
 * as they were afterwards (untimed), so every timed turn starts from the same state.
 */
async function round(fixture: Fixture, session: Session, record: boolean): Promise<void> {
  const indexes = sample(fixture, PER_ROUND);
  for (const [position, index] of indexes.entries()) {
    const input = TURNS[position % TURNS.length] as TurnInput;
    const started = performance.now();
    await fixture.conversations.handle(keyOf(index), input);
    if (record) fixture.turnMs.push(performance.now() - started);
  }
  for (const index of indexes) write(fixture, index, session);
  for (const index of sample(fixture, PER_ROUND)) {
    const started = performance.now();
    // A copy, not `current` itself: the store skips the write of an unchanged record.
    await fixture.store.update(keyOf(index), (current) => ({ ...(current as StoredConversation) }));
    if (record) fixture.storeMs.push(performance.now() - started);
  }
}

/**
 * The cost of one turn through Conversations and the file store with 100 stored conversations
 * and with 100,000, on random existing conversations, rounds of the two interleaved so that
 * drift on the machine affects both alike.
 */
export async function benchGrowth(
  content: Content,
): Promise<{ rows: Row[]; figures: Record<string, unknown> }> {
  const advisor = new Advisor(content);
  let session: Session | null = null;
  for (const input of OPENING) session = advisor.handleTurn(session, input).session;
  if (!session) throw new Error('no session');
  session = { ...session, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() };

  const fixtures: Fixture[] = [SMALL, LARGE].map((size) => {
    const directory = mkdtempSync(path.join(tmpdir(), `ftadvisor-bench-growth-${size}-`));
    const store = new FileSessionStore(new JsonFiles(directory));
    return {
      size,
      directory,
      store,
      conversations: new Conversations(advisor, store, silentLogger),
      turnMs: [],
      storeMs: [],
      pick: random(size),
    };
  });
  try {
    const writing = performance.now();
    for (const fixture of fixtures) populate(fixture, session);
    const populateSeconds = (performance.now() - writing) / 1000;

    for (const fixture of fixtures) await round(fixture, session, false);
    for (let index = 0; index < ROUNDS; index++) {
      const order = index % 2 === 0 ? fixtures : [...fixtures].reverse();
      for (const fixture of order) await round(fixture, session, true);
    }

    const [small, large] = fixtures as [Fixture, Fixture];
    const turnRatio = median(large.turnMs) / median(small.turnMs);
    const rows: Row[] = [
      {
        measure: `turn, ${SMALL} stored: median / p99 of ${small.turnMs.length}`,
        value: `${ms(median(small.turnMs), 2)} / ${ms(percentile(small.turnMs, 99), 2)}`,
        target: '',
        met: null,
      },
      {
        measure: `turn, ${LARGE.toLocaleString('en')} stored: median / p99 of ${large.turnMs.length}`,
        value: `${ms(median(large.turnMs), 2)} / ${ms(percentile(large.turnMs, 99), 2)}`,
        target: `≤ 1.5× ${SMALL} stored`,
        ratio: times(turnRatio),
        met: turnRatio <= 1.5,
      },
      {
        measure: `store load + save alone, ${SMALL} / ${LARGE.toLocaleString('en')} stored (median)`,
        value: `${ms(median(small.storeMs), 2)} / ${ms(median(large.storeMs), 2)}`,
        target: '',
        ratio: times(median(large.storeMs) / median(small.storeMs)),
        met: null,
      },
      {
        measure: `writing ${(SMALL + LARGE).toLocaleString('en')} session files directly (setup)`,
        value: `${populateSeconds.toFixed(1)} s`,
        target: '',
        met: null,
      },
    ];
    return {
      rows,
      figures: {
        turnMedianMs: { [SMALL]: median(small.turnMs), [LARGE]: median(large.turnMs) },
        turnP99Ms: { [SMALL]: percentile(small.turnMs, 99), [LARGE]: percentile(large.turnMs, 99) },
        storeMedianMs: { [SMALL]: median(small.storeMs), [LARGE]: median(large.storeMs) },
        turnRatio,
        populateSeconds,
      },
    };
  } finally {
    for (const fixture of fixtures) rmSync(fixture.directory, { recursive: true, force: true });
  }
}
