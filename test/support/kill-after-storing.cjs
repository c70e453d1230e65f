/**
 * Loaded into the built app with `node -r` by the crash tests. When KILL_AFTER_STORING is set (a
 * turn id such as "event:Ev0…"), the process SIGKILLs itself the moment a conversation holding
 * that id has been stored: after the file store's rename or append, or after Redis's compare-and-set
 * returned success. That is the worst moment: the turn is stored, Slack has no ack, and no reply
 * was posted, so Slack will deliver the event again.
 */
const marker = process.env.KILL_AFTER_STORING;
if (marker) {
  const fs = require('node:fs');
  const path = require('node:path');
  const { syncBuiltinESMExports } = require('node:module');
  const sessions = `${path.sep}sessions${path.sep}`;
  const dieIfStored = (file) => {
    if (file.includes(sessions) && fs.readFileSync(file, 'utf8').includes(marker))
      process.kill(process.pid, 'SIGKILL');
  };
  // The file store replaces a conversation's file by renaming its temporary file over it, or
  // appends the new version to it: either way the turn is stored once the call returns.
  const renameSync = fs.renameSync;
  fs.renameSync = function renameThenMaybeDie(from, to) {
    renameSync.call(this, from, to);
    dieIfStored(String(to));
  };
  const appendFileSync = fs.appendFileSync;
  fs.appendFileSync = function appendThenMaybeDie(file, data, options) {
    appendFileSync.call(this, file, data, options);
    dieIfStored(String(file));
  };
  // lowdb is an ES module: its `import { renameSync }` sees the patched function only after this.
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
