#!/usr/bin/env node
// `node …/bin/shellgate.js` as earlier versions installed it (agent hooks, editor profiles): the
// CLI is bin/shellgate.cjs. If that cannot load, a hook still answers with a block.
import { createRequire } from 'node:module';

try {
  createRequire(import.meta.url)('./shellgate.cjs');
} catch (err) {
  const [cmd, agent] = process.argv.slice(2);
  const text = `shellgate: blocked because the guard failed to load: ${err && err.message}`;
  if (cmd !== 'hook') throw err;
  if (agent === 'cursor') process.stdout.write(JSON.stringify({ permission: 'deny', user_message: text, agent_message: text }) + '\n');
  else process.stderr.write(text + '\n'), (process.exitCode = 2);
}
