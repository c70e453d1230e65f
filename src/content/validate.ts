import { ContentError, defaultContentRoot } from './load.js';
import { defaultSnapshotFile, loadContentWithSnapshot } from './snapshot.js';

/**
 * `npm run validate` (and the last step of `npm run build`): checks flows/ and knowledge/ the way
 * start-up does, and says what it found. Content that passes is saved as the snapshot start-up
 * reads (snapshot.ts), so the first `npm start` after a build is as quick as the next ones; when
 * neither the content nor the code changed since the snapshot was saved, it is what is checked.
 */
try {
  const root = defaultContentRoot();
  const { content } = loadContentWithSnapshot(root, defaultSnapshotFile(root));
  process.stdout.write(
    `Content OK: flow '${content.flow.id}' v${content.flow.version} (${content.flow.steps.length} questions), ` +
      `${content.rules.length} rules, ${content.strategies.length} strategies, ${content.knowledge.length} knowledge entries, ${content.concepts.length} concepts.\n`,
  );
} catch (error) {
  process.stderr.write(`${error instanceof ContentError ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
