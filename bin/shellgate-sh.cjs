#!/usr/bin/env node
// shellgate-sh: bash-compatible guarded shell (see src/integrations/sh-main.ts), loaded as a
// CommonJS bundle with a code cache (src/cli/entry-loader.ts).
// If shellgate itself cannot load, nothing runs: exit 126 (fail closed), like a blocked command.
function refuse(err) {
  process.stderr.write(`shellgate-sh: cannot load shellgate, refusing to run anything: ${err && err.message}\n`);
  process.exit(126);
}
import('../dist/bundle/loader.js').then((l) => {
  let entry;
  try {
    entry = l.loadEntry('sh');
  } catch (err) {
    return refuse(err);
  }
  return entry.main(process.argv.slice(2));
}, refuse);
