import { ContentError, loadContent } from './load.js';

/** `npm run validate`: checks flows/ and knowledge/ the way start-up does, and says what it found. */
try {
  const content = loadContent();
  process.stdout.write(
    `Content OK: flow '${content.flow.id}' v${content.flow.version} (${content.flow.steps.length} questions), ` +
      `${content.rules.length} rules, ${content.strategies.length} strategies, ${content.knowledge.length} knowledge entries, ${content.concepts.length} concepts.\n`,
  );
} catch (error) {
  process.stderr.write(`${error instanceof ContentError ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
