/*!
 * `shellgate check`: classify a command line and print the verdict (a stable contract).
 *   shellgate check [--json] [--actor agent|human] [--ruleset FILE]… [--cwd DIR] -- 'command line'
 *   shellgate check --jsonl   < cases.jsonl   (one {"id","command","env","cwd","actor"} per line)
 */
import { loadEngine, loadSqlParser, type Engine } from '../../engine/load-engine.js';
import { formatVerdict } from '../../core/format-verdict.js';
import { UserError } from '../../core/user-error.js';
import { parseCommandArgs, UsageError, wantsHelp } from '../../util/args.js';
import { RulesetError } from '../../rules/load.js';
import type { Actor } from '../../core/verdict.js';

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

interface Options {
  json: boolean;
  jsonl: boolean;
  actor: Actor;
  cwd: string;
  rulesets: string[];
  line: string | null;
}

const SPEC = {
  '--json': { kind: 'flag' },
  '--jsonl': { kind: 'flag' },
  '--actor': { kind: 'value' },
  '--cwd': { kind: 'value' },
  '--ruleset': { kind: 'list' },
} as const;

function parseArgs(args: string[]): Options | null {
  if (wantsHelp(args, { stopAtPositional: true })) return null;
  const p = parseCommandArgs('check', args, SPEC, { stopAtPositional: true });
  const words = p.afterDashDash ?? (p.positionals.length ? p.positionals : null);
  return {
    json: p.flags.has('--json'),
    jsonl: p.flags.has('--jsonl'),
    actor: actorOf(p.values.get('--actor') ?? 'agent'),
    cwd: p.values.get('--cwd') ?? process.cwd(),
    rulesets: p.lists.get('--ruleset') ?? [],
    line: words ? words.join(' ') : null,
  };
}

function actorOf(v: string): Actor {
  if (v === 'agent' || v === 'human') return v;
  throw new UsageError('check', `--actor must be agent or human, not '${v}'`);
}

export async function run(args: string[]): Promise<number> {
  const o = parseArgs(args);
  if (!o) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  // The SQL parser (WASM) compiles in the background while the rules load; classifying waits for it (ready()).
  void loadSqlParser();
  let engine: Engine;
  try {
    engine = loadEngine({ cwd: o.cwd, rulesetFiles: o.rulesets });
  } catch (err) {
    if (err instanceof RulesetError) throw new UserError(`the rules did not load, nothing was classified:\n${err.message}`);
    throw err;
  }
  for (const w of engine.warnings ?? []) process.stderr.write(`${warningLine(w)}\n`);
  await engine.ready();
  if (o.jsonl) return batch(engine);
  if (o.line === null) throw new UsageError('check', "give the command line after --, e.g. shellgate check -- 'rm -rf build'");
  const verdict = engine.classify(o.line, { env: processEnv(), cwd: o.cwd, actor: o.actor });
  process.stdout.write((o.json ? JSON.stringify(verdict, null, 2) : formatVerdict(verdict, o.line)) + '\n');
  return 0;
}

/** Warnings from the layers already read `shellgate: warning: …`; others get that prefix once. */
function warningLine(w: string): string {
  return w.startsWith('shellgate') ? w : `shellgate: warning: ${w}`;
}

function processEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/**
 * Reads stdin in chunks and answers each chunk's lines synchronously, in order (line breaks as
 * readline has them: \n, \r\n or a lone \r). A per-line async iterator cost more than some lines'
 * classification.
 */
async function batch(engine: Engine): Promise<number> {
  const out: string[] = [];
  const flush = () => {
    if (out.length) {
      process.stdout.write(out.join(''));
      out.length = 0;
    }
  };
  let env: Record<string, string> | null = null;
  const defaultEnv = () => (env ??= processEnv()); // our own environment does not change during a batch
  const answer = (raw: string) => {
    if (raw.trim() === '') return;
    out.push(JSON.stringify(batchLine(engine, raw, defaultEnv)) + '\n');
    if (out.length >= 256) flush();
  };
  let rest = '';
  let afterCR = false; // a chunk ended with \r: a \n opening the next one belongs to it
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin as AsyncIterable<string>) {
    let text = rest + chunk;
    if (afterCR && text.startsWith('\n')) text = text.slice(1);
    afterCR = false;
    const lines = text.split(/\r\n|\n|\r/);
    rest = lines.pop()!;
    if (rest === '' && text.endsWith('\r')) afterCR = true;
    for (const raw of lines) answer(raw);
    flush();
  }
  if (rest !== '') answer(rest);
  flush();
  return 0;
}

function batchLine(engine: Engine, raw: string, defaultEnv: () => Record<string, string>): Record<string, unknown> {
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
  const env = c.env && typeof c.env === 'object' ? Object.fromEntries(Object.entries(c.env as object).map(([k, v]) => [k, String(v)])) : defaultEnv();
  const verdict = engine.classify(c.command, { env, cwd: typeof c.cwd === 'string' ? c.cwd : process.cwd(), actor: (c.actor as Actor) ?? 'agent' });
  return { id, ...verdict };
}
