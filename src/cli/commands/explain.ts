/*!
 * `shellgate explain`: how a command line is judged. The rule layers that loaded, then for each
 * command of the line its model, its facts and every rule considered (matched, or the first
 * condition that failed), the environment and its evidence, and the final verdict.
 *   shellgate explain [--json] [--actor agent|human] [--cwd DIR] [--ruleset FILE]… -- 'command line'
 */
import type { CommandTrace } from '../../classifier/engine.js';
import type { Actor } from '../../core/verdict.js';
import { formatVerdict } from '../../core/format-verdict.js';
import { loadEngine } from '../../engine/load-engine.js';
import { loadLayers, type Layers } from '../../rules/layers.js';
import { RulesetError } from '../../rules/load.js';
import { explain, type CommandExplanation, type Explanation } from '../../engine/explain.js';
import { UserError } from '../../core/user-error.js';
import { parseCommandArgs, UsageError, wantsHelp } from '../../util/args.js';

const HELP = `usage: shellgate explain [options] -- 'command line'

Shows how shellgate judges a command line, without running it: the rule layers loaded, each
command of the line (program, arguments, origin, stdin), its facts, every rule considered with
"matched" or the first condition that failed, the environment and why, and the verdict.

options:
  --json            print the explanation as JSON
  --actor WHO       agent (default) or human
  --cwd DIR         working directory to classify in (default: the current one)
  --ruleset FILE    add a ruleset file on top of the layers (repeatable)
  --all             list every rule with the condition that failed (default: matched rules,
                    near misses, and the ids of rules whose first condition failed)
  -h, --help        show this help`;

interface Options {
  json: boolean;
  all: boolean;
  actor: Actor;
  cwd: string;
  rulesets: string[];
  line: string | null;
}

const SPEC = {
  '--json': { kind: 'flag' },
  '--all': { kind: 'flag' },
  '--actor': { kind: 'value' },
  '--cwd': { kind: 'value' },
  '--ruleset': { kind: 'list' },
} as const;

function parseArgs(args: string[]): Options | null {
  if (wantsHelp(args, { stopAtPositional: true })) return null;
  const p = parseCommandArgs('explain', args, SPEC, { stopAtPositional: true });
  const words = p.afterDashDash ?? (p.positionals.length ? p.positionals : null);
  const actor = p.values.get('--actor') ?? 'agent';
  if (actor !== 'agent' && actor !== 'human') throw new UsageError('explain', `--actor must be agent or human, not '${actor}'`);
  return {
    json: p.flags.has('--json'),
    all: p.flags.has('--all'),
    actor,
    cwd: p.values.get('--cwd') ?? process.cwd(),
    rulesets: p.lists.get('--ruleset') ?? [],
    line: words ? words.join(' ') : null,
  };
}

/** Runs `shellgate explain`. */
export async function run(args: string[]): Promise<number> {
  const o = parseArgs(args);
  if (!o) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if (o.line === null) throw new UsageError('explain', "give the command line after --, e.g. shellgate explain -- 'rm -rf build'");
  let layers: Layers;
  try {
    layers = loadLayers({ cwd: o.cwd, extraFiles: o.rulesets });
  } catch (err) {
    if (err instanceof RulesetError) throw new UserError(`the rules did not load, nothing was classified:\n${err.message}`);
    throw err;
  }
  for (const w of layers.warnings) process.stderr.write(w + '\n');
  const engine = loadEngine({ ruleset: layers.ruleset, cwd: o.cwd });
  await engine.ready();
  const trace: CommandTrace[] = [];
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const verdict = engine.classify(o.line, { env, cwd: o.cwd, actor: o.actor }, trace);
  const ex = explain(o.line, verdict, trace, layers.ruleset, o.all);
  if (o.json) {
    const out = { ...ex, layers: layers.files.map((f) => ({ kind: f.kind, file: f.file.path })), warnings: layers.warnings };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    process.stdout.write(render(ex, layers, o.all) + '\n');
  }
  return 0;
}

function render(ex: Explanation, layers: Layers, all: boolean): string {
  const out: string[] = ['rule layers (lowest first):'];
  for (const kind of ['builtin', 'team', 'user', 'project', 'extra'] as const) {
    const files = layers.files.filter((f) => f.kind === kind).map((f) => f.file.path);
    if (kind === 'builtin') out.push(`  builtin  ${files.length} packs`);
    else for (const f of files) out.push(`  ${kind.padEnd(8)} ${f}`);
  }
  if (layers.project && !layers.project.loaded) out.push(`  project  ${layers.project.dir}/.shellgate IGNORED (${layers.project.trust})`);
  ex.commands.forEach((c, i) => out.push('', ...renderCommand(c, i + 1, all)));
  if (ex.commands.length === 0) out.push('', 'no commands in the line');
  out.push('', `environment: ${ex.environment ?? 'none'}${ex.environmentEvidence ? ` (from ${ex.environmentEvidence})` : ''}`);
  out.push('', 'verdict:', formatVerdict(ex.verdict, ex.line));
  return out.join('\n');
}

function renderCommand(c: CommandExplanation, n: number, all: boolean): string[] {
  const out = [`command ${n}: ${c.text}`];
  out.push(`  program:     ${c.program ?? '(only known at run time)'}`);
  out.push(`  argv:        ${JSON.stringify(c.argv)}`);
  out.push(
    `  origin:      ${c.origin}${c.via.length ? ` via ${c.via.join(' → ')}` : ''}${c.depth ? ` (depth ${c.depth})` : ''}${c.remote ? ` on ${c.remote}` : ''}`,
  );
  if (c.stdin) out.push(`  stdin:       ${c.stdin}`);
  if (c.assignments.length) out.push(`  assignments: ${c.assignments.join(' ')}`);
  if (c.redirects.length) out.push(`  redirects:   ${c.redirects.join(', ')}`);
  out.push(`  flags:       ${c.flags.join(' ') || 'none'}`);
  out.push(`  positionals: ${c.positionals.length ? JSON.stringify(c.positionals) : 'none'}`);
  out.push(`  facts:       ${c.facts.length ? c.facts.map((f) => `${f.id}${f.detail ? ` (${f.detail})` : ''}`).join(', ') : 'none'}`);
  out.push(`  rules considered (${c.rules.length}):`);
  const shown = all ? c.rules : c.rules.filter((r) => r.matched || !r.firstCondition);
  const width = Math.max(0, ...shown.map((r) => r.id.length));
  for (const r of [...shown.filter((x) => x.matched), ...shown.filter((x) => !x.matched)]) {
    out.push(r.matched ? `    MATCHED ${r.id.padEnd(width)}  ${r.source ?? ''}` : `    no      ${r.id.padEnd(width)}  ${r.condition}: ${r.why}`);
  }
  const rest = c.rules.filter((r) => !shown.includes(r));
  if (rest.length) out.push(`    no      ${rest.length} more whose first condition failed (--all lists why): ${rest.map((r) => r.id).join(', ')}`);
  return out;
}
