import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ContentError } from '../../src/content/load';
import { contentFingerprint, loadContentWithSnapshot } from '../../src/content/snapshot';
import { ROOT, realContent } from '../support/advisor';

/**
 * Start-up reads the checked content from a snapshot only while nothing it was checked from has
 * changed; any edit is loaded and checked in full, with the problems named as always.
 */

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A private copy of flows/, knowledge/ and a stand-in code folder. */
function workspace(): { root: string; code: string; file: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'ftadvisor-snapshot-'));
  dirs.push(root);
  cpSync(path.join(ROOT, 'flows'), path.join(root, 'flows'), { recursive: true });
  cpSync(path.join(ROOT, 'knowledge'), path.join(root, 'knowledge'), { recursive: true });
  const code = path.join(root, 'code');
  mkdirSync(code);
  writeFileSync(path.join(code, 'module.js'), 'exports.version = 1;\n');
  return { root, code, file: path.join(root, 'dist', 'content-snapshot.json') };
}

describe('the content snapshot', () => {
  const space = workspace();

  test('a first start checks in full and saves it; the next start reads the same content', () => {
    const first = loadContentWithSnapshot(space.root, space.file, space.code);
    expect(first.snapshot).toBe('written');
    expect(first.content).toEqual(realContent());
    const second = loadContentWithSnapshot(space.root, space.file, space.code);
    expect(second.snapshot).toBe('read');
    expect(second.content).toEqual(first.content);
  });

  test('an edited content file is loaded and checked again, and the edit is what the advisor gets', () => {
    const file = path.join(space.root, 'flows', 'responses.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      text.replace('empty-message: "I didn\'t get any text."', 'empty-message: "Nothing came through."'),
    );
    const after = loadContentWithSnapshot(space.root, space.file, space.code);
    expect(after.snapshot).toBe('written');
    expect(after.content.responses['empty-message']).toBe('Nothing came through.');
    // A comment changes no value, but it is a change to the file, so it is checked again too.
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n# a comment\n`);
    expect(loadContentWithSnapshot(space.root, space.file, space.code).snapshot).toBe('written');
  });

  test('a broken file is reported by file and field, although a snapshot of the old content exists', () => {
    const broken = workspace();
    expect(loadContentWithSnapshot(broken.root, broken.file, broken.code).snapshot).toBe('written');
    const flow = path.join(broken.root, 'flows', 'advisor.yaml');
    writeFileSync(flow, readFileSync(flow, 'utf8').replace(/^id: .*$/m, 'id: 42'));
    let problems: string[] = [];
    try {
      loadContentWithSnapshot(broken.root, broken.file, broken.code);
    } catch (error) {
      if (!(error instanceof ContentError)) throw error;
      problems = error.problems;
    }
    expect(problems.join('\n')).toMatch(/flows\/advisor\.yaml – field 'id'/);
  });

  test('new code changes the fingerprint, so a snapshot is never read by code that did not check it', () => {
    const before = contentFingerprint(space.root, space.code);
    writeFileSync(path.join(space.code, 'module.js'), 'exports.version = 2;\n');
    expect(contentFingerprint(space.root, space.code)).not.toBe(before);
    expect(loadContentWithSnapshot(space.root, space.file, space.code).snapshot).toBe('written');
  });

  test('a removed or renamed file changes the fingerprint too', () => {
    const before = contentFingerprint(space.root, space.code);
    cpSync(path.join(space.code, 'module.js'), path.join(space.code, 'other.js'));
    rmSync(path.join(space.code, 'module.js'));
    expect(contentFingerprint(space.root, space.code)).not.toBe(before);
  });

  test('a damaged snapshot is only a slower start', () => {
    loadContentWithSnapshot(space.root, space.file, space.code);
    const good = loadContentWithSnapshot(space.root, space.file, space.code);
    expect(good.snapshot).toBe('read');
    writeFileSync(space.file, `${readFileSync(space.file, 'utf8').slice(0, 500)}`);
    const loaded = loadContentWithSnapshot(space.root, space.file, space.code);
    expect(loaded.snapshot).toBe('written');
    expect(loaded.content).toEqual(good.content);
  });

  test('a folder it cannot write to still starts, and says why the snapshot was not saved', () => {
    if (process.getuid?.() === 0) {
      // root writes anywhere: a file where the folder should be makes the write fail instead.
      const blocked = path.join(space.root, 'blocked');
      writeFileSync(blocked, '');
      const loaded = loadContentWithSnapshot(space.root, path.join(blocked, 'snapshot.json'), space.code);
      expect(loaded.snapshot).toBe('not written');
      expect(loaded.reason).toBeTruthy();
      return;
    }
    const locked = path.join(space.root, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const loaded = loadContentWithSnapshot(space.root, path.join(locked, 'snapshot.json'), space.code);
    chmodSync(locked, 0o755);
    expect(loaded.snapshot).toBe('not written');
    expect(loaded.content.flow.id).toBe(realContent().flow.id);
  });
});
