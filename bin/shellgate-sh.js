#!/usr/bin/env node
// shellgate-sh: bash-compatible guarded shell (see src/integrations/sh-main.ts).
// If shellgate itself cannot load, nothing runs: exit 126 (fail closed), like a blocked command.
import('../dist/bundle/sh.js').then(
  (m) => m.main(process.argv.slice(2)),
  (err) => {
    process.stderr.write(`shellgate-sh: cannot load shellgate, refusing to run anything: ${err && err.message}\n`);
    process.exit(126);
  },
);
