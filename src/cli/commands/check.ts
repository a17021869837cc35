/*!
 * `shellgate check`: classify a command line and print the verdict (a stable contract).
 *   shellgate check [--json] [--actor agent|human] [--ruleset FILE]… [--cwd DIR] -- 'command line'
 *   shellgate check --jsonl   < cases.jsonl   (one {"id","command","env","cwd","actor"} per line)
 */
import { createInterface } from 'node:readline';
import { loadEngine, type Engine } from '../../config/load-engine.js';
import { formatVerdict } from '../../classifier/format.js';
import { UserError } from '../../util/user-error.js';
import { RulesetError } from '../../rules/load.js';
import type { Actor } from '../../classifier/verdict.js';

const HELP = `usage: shellgate check [options] -- 'command line'
       shellgate check --jsonl < cases.jsonl

Classifies a command line without running it and prints the verdict.

options:
  --json            print the verdict as JSON
  --jsonl           read JSON lines {"id","command","env","cwd","actor"} from stdin,
                    write one verdict line each (same id, same order)
  --actor WHO       agent (default) or human
  --cwd DIR         working directory to classify in (default: the current one)
  --ruleset FILE    add a ruleset file (repeatable; later files win)
  -h, --help        show this help

exit status: 0 when the line was classified (whatever the verdict), 2 on usage or ruleset errors.`;

interface Options { json: boolean; jsonl: boolean; actor: Actor; cwd: string; rulesets: string[]; line: string | null }

function parseArgs(args: string[]): Options | null {
  const o: Options = { json: false, jsonl: false, actor: 'agent', cwd: process.cwd(), rulesets: [], line: null };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      if (i + 1 >= args.length) throw new UserError(`${a} needs a value (see shellgate check --help)`);
      return args[++i];
    };
    if (a === '--') { o.line = args.slice(i + 1).join(' '); break; }
    else if (a === '-h' || a === '--help') return null;
    else if (a === '--json') o.json = true;
    else if (a === '--jsonl') o.jsonl = true;
    else if (a === '--actor') o.actor = actorOf(value());
    else if (a === '--cwd') o.cwd = value();
    else if (a === '--ruleset') o.rulesets.push(value());
    else if (a.startsWith('-')) throw new UserError(`unknown option ${a} (see shellgate check --help)`);
    else { o.line = args.slice(i).join(' '); break; }
  }
  return o;
}

function actorOf(v: unknown): Actor {
  if (v === 'agent' || v === 'human') return v;
  throw new UserError(`--actor must be agent or human, not ${String(v)}`);
}

export async function run(args: string[]): Promise<number> {
  const o = parseArgs(args);
  if (!o) { process.stdout.write(HELP + '\n'); return 0; }
  let engine: Engine;
  try {
    engine = loadEngine({ cwd: o.cwd, rulesetFiles: o.rulesets });
  } catch (err) {
    if (err instanceof RulesetError) throw new UserError(`the rules did not load, nothing was classified:\n${err.message}`);
    throw err;
  }
  for (const w of engine.warnings ?? []) process.stderr.write(`shellgate: warning: ${w}\n`);
  await engine.ready();
  if (o.jsonl) return batch(engine);
  if (o.line === null) throw new UserError("give the command line after --, e.g. shellgate check -- 'rm -rf build'");
  const verdict = engine.classify(o.line, { env: processEnv(), cwd: o.cwd, actor: o.actor });
  process.stdout.write((o.json ? JSON.stringify(verdict, null, 2) : formatVerdict(verdict, o.line)) + '\n');
  return 0;
}

function processEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

async function batch(engine: Engine): Promise<number> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  const out: string[] = [];
  const flush = () => { if (out.length) { process.stdout.write(out.join('')); out.length = 0; } };
  for await (const raw of rl) {
    if (raw.trim() === '') continue;
    out.push(JSON.stringify(batchLine(engine, raw)) + '\n');
    if (out.length >= 256) flush();
  }
  flush();
  return 0;
}

function batchLine(engine: Engine, raw: string): Record<string, unknown> {
  let c: { id?: unknown; command?: unknown; env?: unknown; cwd?: unknown; actor?: unknown };
  try {
    c = JSON.parse(raw) as typeof c;
  } catch {
    return { id: null, error: 'not a JSON object' };
  }
  if (!c || typeof c !== 'object') return { id: null, error: 'not a JSON object' };
  const id = c.id ?? null;
  if (typeof c.command !== 'string') return { id, error: 'missing "command" (a string)' };
  if (c.actor !== undefined && c.actor !== 'agent' && c.actor !== 'human') return { id, error: '"actor" must be agent or human' };
  const env = c.env && typeof c.env === 'object' ? Object.fromEntries(Object.entries(c.env as object).map(([k, v]) => [k, String(v)])) : processEnv();
  const verdict = engine.classify(c.command, { env, cwd: typeof c.cwd === 'string' ? c.cwd : process.cwd(), actor: (c.actor as Actor) ?? 'agent' });
  return { id, ...verdict };
}
