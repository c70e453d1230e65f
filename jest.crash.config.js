// `npm run test:crash`: the crash suite (test/crash/*.crash.ts), outside `npm test` because it
// runs the built app under load for about a minute per store; .ci/run runs it after `npm test`.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = { ...base, testMatch: ['**/*.crash.ts'], testTimeout: 300000 };
