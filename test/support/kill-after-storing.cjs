/**
 * Loaded into the built app with `node -r` by the crash tests. When KILL_AFTER_STORING is set (a
 * turn id such as "event:Ev0…"), the process SIGKILLs itself the moment a conversation holding
 * that id has been stored: after the file store's rename, or after Redis's compare-and-set
 * returned success. That is the worst moment: the turn is stored, Slack has no ack, and no reply
 * was posted, so Slack will deliver the event again.
 */
const marker = process.env.KILL_AFTER_STORING;
if (marker) {
  const fs = require('node:fs');
  const fsp = require('node:fs/promises');
  const { syncBuiltinESMExports } = require('node:module');
  const rename = fsp.rename;
  fsp.rename = async function renameThenMaybeDie(from, to) {
    await rename.call(this, from, to);
    const file = String(to);
    if (
      file.includes(`${require('node:path').sep}sessions${require('node:path').sep}`) &&
      fs.readFileSync(file, 'utf8').includes(marker)
    )
      process.kill(process.pid, 'SIGKILL');
  };
  // steno is an ES module: its `import { rename }` sees the patched function only after this.
  syncBuiltinESMExports();

  const Commander = require('ioredis/built/utils/Commander.js').default;
  const define = Commander.prototype.defineCommand;
  Commander.prototype.defineCommand = function defineThenWatch(name, definition) {
    define.call(this, name, definition);
    if (name !== 'ftadvisorCompareAndSet') return;
    const command = this[name];
    this[name] = async (...args) => {
      const stored = await command.apply(this, args);
      if (stored === 1 && String(args[2]).includes(marker)) process.kill(process.pid, 'SIGKILL');
      return stored;
    };
  };
}
