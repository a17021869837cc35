/*
 * Names that are also properties of every JavaScript object (`constructor`, `toString`,
 * `__proto__` …) are ordinary words to bash: a program, a variable, a function, a subcommand, an
 * option. The classifier looks words up in tables; a table that is a plain object answers for
 * these names with what its prototype holds, and the line used to crash into "could not judge".
 * Property: each such name gets the verdict an ordinary unknown name gets in the same place.
 */
import { describe, expect, it } from 'vitest';
import { builtinEngine, BASE_CTX } from '../helpers/engine.js';

const NAMES = Object.getOwnPropertyNames(Object.prototype);
/** An unknown name with no meaning to any table: the reference verdict. */
const NEUTRAL = 'frobnicate';

/** Places a word can take in a line; `N` is replaced by the name. */
const TEMPLATES = [
  'N',
  'N x',
  './N --force',
  'echo $N',
  'echo ${N:-x}',
  'N=1; echo $N',
  'FOO=N ls',
  'N() { ls; }; N',
  'sudo N',
  'env N',
  'xargs N',
  'git N',
  'git -c N=1 status',
  'kubectl N foo',
  'aws N x',
  'gcloud N x',
  'docker N',
  'npm run N',
  'make N',
  'cargo N',
  'terraform N',
  'ls --N',
  'curl -X N http://127.0.0.1/',
  'psql -c N',
  'python3 -N',
  'alias N=ls; N',
  'rm -rf /tmp/N',
  'npm N',
  'heroku N x',
  'mise N ls',
  'curl --variable %N http://127.0.0.1/',
  'sqlite3 db N',
  'redis-cli N',
  'tar -N x',
  'echo ${N@U}',
  'cd N && ls',
  'export N=prod; kubectl get pods',
];

describe('names of JavaScript object properties', () => {
  it('are judged as any unknown name in the same place, never as an internal error', async () => {
    const engine = await builtinEngine();
    const mismatches: string[] = [];
    for (const template of TEMPLATES) {
      const reference = engine.classify(template.replaceAll('N', NEUTRAL), BASE_CTX);
      for (const name of NAMES) {
        const line = template.replaceAll('N', name);
        const v = engine.classify(line, BASE_CTX);
        const rules = v.reasons.map((r) => r.rule);
        if (rules.includes('engine.internal-error') || v.decision !== reference.decision) {
          mismatches.push(`${line}: ${v.decision} (${rules.join(', ')}), ${NEUTRAL} gets ${reference.decision}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
