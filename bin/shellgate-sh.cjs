#!/usr/bin/env node
'use strict';
// shellgate-sh: bash-compatible guarded shell (see src/sh/fast.ts and sh/main.ts),
// loaded as CommonJS bundles with a code cache (src/cli/entry-loader.ts). CommonJS all the way:
// Node's ESM loader alone costs a few milliseconds on every agent command.
// If shellgate itself cannot load, nothing runs: exit 126 (fail closed), like a blocked command.
function refuse(err) {
  process.stderr.write(`shellgate-sh: cannot load shellgate, refusing to run anything: ${err && err.message}\n`);
  process.exit(126);
}
function load(name) {
  try {
    return require('../dist/bundle/loader.cjs').loadEntry(name);
  } catch (err) {
    return refuse(err);
  }
}
Promise.resolve()
  .then(() => load('sh').main(process.argv.slice(2), load))
  .catch(refuse);
