#!/usr/bin/env node
'use strict';
// shellgate CLI. `shellgate hook AGENT` (run by an agent before every shell command) takes a
// fast path: CommonJS all the way (Node's ESM loader alone costs ≈6 ms per call), the hook
// bundles with a code cache (asking the classifier daemon when one runs), and a blocking answer
// if anything fails to load. Everything else loads the ESM CLI.

const argv = process.argv.slice(2);

/** The agent's blocking answer when shellgate itself cannot run (an exit 1 would let the command through). */
function hookFailed(agent, err) {
  const text = `shellgate: blocked because the guard failed to load: ${err && err.message}`;
  if (agent === 'cursor') {
    process.stdout.write(JSON.stringify({ permission: 'deny', user_message: text, agent_message: text }) + '\n');
    process.exitCode = 0;
  } else {
    process.stderr.write(text + '\n');
    process.exitCode = 2;
  }
}

if (argv[0] === 'hook' && argv.length === 2 && argv[1] !== 'install' && !argv[1].startsWith('-')) {
  Promise.resolve()
    .then(() => {
      const { loadEntry } = require('../dist/bundle/loader.cjs');
      return loadEntry('hook-fast').main(argv.slice(1), loadEntry);
    })
    .then(
      (code) => {
        process.exitCode = code;
      },
      (err) => hookFailed(argv[1], err),
    );
} else {
  // A closed pipe (`shellgate log | head`) ends output quietly, as for any Unix tool. (Not for the
  // hook: it writes with writeSync, and building the stdout stream costs every tool call.)
  process.stdout.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  import('../dist/bundle/cli.js')
    .then((m) => m.main(argv))
    .then((code) => {
      process.exitCode = code;
    });
}
