#!/usr/bin/env node
'use strict';
// shellgate-contain: runs `bash -c CMD` inside the agent containment, judging nothing (an agent
// hook already judged it). See src/sh/contain-main.ts. If shellgate cannot load, nothing
// runs: exit 126 (fail closed).
function refuse(err) {
  process.stderr.write(`shellgate-contain: cannot load shellgate, refusing to run anything: ${err && err.message}\n`);
  process.exit(126);
}
Promise.resolve()
  .then(() => require('../dist/bundle/loader.cjs').loadEntry('contain').main(process.argv.slice(2)))
  .catch(refuse);
