/*!
 * `shellgate check`: classify a command line and print the verdict (a stable contract).
 *   shellgate check [--json] [--actor agent|human] [--ruleset FILE]… [--cwd DIR] -- 'command line'
 *   shellgate check --jsonl   < cases.jsonl   (one {"id","command","env","cwd","actor"} per line)
 */
import { loadEngine, loadGrammar, type Engine } from '../../engine/load-engine.js';
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
  let engine: Engine;
  try {
    engine = loadEngine({ cwd: o.cwd, rulesetFiles: o.rulesets });
  } catch (err) {
    if (err instanceof RulesetError) throw new UserError(`the rules did not load, nothing was classified:\n${err.message}`);
    throw err;
  }
  for (const w of engine.warnings ?? []) process.stderr.write(`${warningLine(w)}\n`);
  // The SQL parser (WASM, ≈60 ms and ≈11 MB) is loaded when a line first has SQL (withSql).
  await loadGrammar();
  if (o.jsonl) return batch(engine);
  if (o.line === null) throw new UsageError('check', "give the command line after --, e.g. shellgate check -- 'rm -rf build'");
  const line = o.line;
  const verdict = await withSql(engine, () => engine.classify(line, { env: processEnv(), cwd: o.cwd, actor: o.actor }));
  process.stdout.write((o.json ? JSON.stringify(verdict, null, 2) : formatVerdict(verdict, o.line)) + '\n');
  return 0;
}

/**
 * The answer, judged with the SQL parser when the line has SQL: when it met SQL before the parser
 * was loaded (judged by the keyword scan), the parser is loaded and the line judged again, as every
 * surface does (gate/judge-line.ts). When the parser does not load, the keyword scan's answer stands.
 */
async function withSql<T>(engine: Engine, judge: () => T): Promise<T> {
  const first = judge();
  if (!engine.wantsSqlParser()) return first;
  await engine.ready();
  return judge();
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
 * readline has them: \n, \r\n or a lone \r); only the first line with SQL waits, for the parser.
 * A per-line async iterator cost more than some lines' classification.
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
  /** Answers a line; false when it met SQL before the parser was loaded (then load it and answer again). */
  const answer = (raw: string, loaded = false): boolean => {
    if (raw.trim() === '') return true;
    const result = batchLine(engine, raw, defaultEnv);
    if (!loaded && engine.wantsSqlParser()) return false;
    out.push(JSON.stringify(result) + '\n');
    if (out.length >= 256) flush();
    return true;
  };
  const answerAll = async (lines: string[]) => {
    for (const raw of lines)
      if (!answer(raw)) {
        await engine.ready(); // the first line with SQL: the parser loads once (as in withSql)
        answer(raw, true);
      }
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
    await answerAll(lines);
    flush();
  }
  if (rest !== '') await answerAll([rest]);
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
