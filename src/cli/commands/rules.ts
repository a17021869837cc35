/*!
 * `shellgate rules`: tools for ruleset authors.
 *   rules test [--isolated] [PATH…]   run rule examples and *.test.yaml cases
 *   rules lint [PATH…]                schema errors and likely mistakes, all at once
 *   rules layers                      which files load, in which order, and the project's trust
 *   rules schema [--write]            print (or write to schema/) the JSON Schemas
 */
import { existsSync, mkdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { configDir } from '../../config/paths.js';
import { loadEngine } from '../../engine/load-engine.js';
import { builtinDir, formatDiagnostic, RulesetError, type Diagnostic } from '../../rules/load.js';
import { rulesetFilesIn } from '../../rules/extends.js';
import { loadLayers, type Layers } from '../../rules/layers.js';
import { lintRulesets } from '../../engine/lint.js';
import { caseFilesIn, readCaseFile, runRuleTests, type CaseFile } from '../../engine/rule-tests.js';
import { RULESET_SCHEMA, RULE_TESTS_SCHEMA, schemaJson } from '../../rules/schema.js';
import { UserError } from '../../core/user-error.js';
import { parseCommandArgs, UsageError, wantsHelp } from '../../util/args.js';

const HELP = `usage: shellgate rules test [--isolated] [PATH…]
       shellgate rules lint [PATH…]
       shellgate rules layers
       shellgate rules schema [--write]

test    Runs every rule's examples (a match line must make the rule fire, a not_match line must
        not) and the cases of *.test.yaml files ({command, env, cwd, actor, expect}). PATHs are
        ruleset files or directories, loaded on top of the layers that apply here; without PATHs,
        every layer is tested. --isolated loads only the built-in packs below PATHs (for CI of a
        team pack). Prints failures as file:line:col; exits 1 on any failure.
lint    Reports syntax and schema errors, unknown keys (with did-you-mean), conditions that can
        never hold, fact names no analyzer produces, ids repeated within a layer, locked rules
        loosened, and not_match examples that match. Every problem as file:line:col with a fix;
        exits 1 when there are errors (warnings alone exit 0).
layers  Lists the files that load for the current directory, lowest layer first, and whether the
        project's .shellgate/ is trusted.
schema  Prints the JSON Schema of ruleset files; --write writes both schemas (ruleset and
        *.test.yaml) into the package's schema/ directory and, in a source checkout, regenerates
        src/rules/schema-validator.generated.ts from them.`;

/** Runs `shellgate rules …`. */
export async function run(args: string[]): Promise<number> {
  if (wantsHelp(args)) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const [sub, ...rest] = args;
  if (sub === 'test') return test(rest);
  if (sub === 'lint') return lint(rest);
  if (sub === 'layers') return layersCommand(rest);
  if (sub === 'schema') return schema(rest);
  if (sub === undefined) throw new UsageError('rules', 'which subcommand? test, lint, layers or schema');
  if (sub.startsWith('-')) parseCommandArgs('rules', [sub], {});
  throw new UsageError('rules', `unknown subcommand '${sub}': expected test, lint, layers or schema`);
}

/** Checks the options of `rules SUB` and that each PATH exists; returns the PATHs. */
function paths(sub: string, args: string[], flags: string[], maxPaths?: number): string[] {
  const spec = Object.fromEntries(flags.map((f) => [f, { kind: 'flag' as const }]));
  const out = parseCommandArgs(`rules ${sub}`, args, spec, { maxPositionals: maxPaths }).positionals;
  for (const p of out) if (!existsSync(p)) throw new UserError(`${p}: no such file or directory`);
  return out;
}

function load(extraFiles: string[], isolated: boolean): Layers {
  try {
    return loadLayers({ cwd: process.cwd(), extraFiles, builtinOnly: isolated });
  } catch (err) {
    if (err instanceof RulesetError) throw new UserError(`the rules did not load:\n${err.message}`);
    throw err;
  }
}

async function test(args: string[]): Promise<number> {
  const targets = paths('test', args, ['--isolated']);
  const isDir = (p: string) => statSync(p).isDirectory();
  const isCases = (p: string) => /\.test\.ya?ml$/.test(p);
  const rulesetPaths = targets.flatMap((p) => (isDir(p) ? rulesetFilesIn(p) : isCases(p) ? [] : [p])).map((p) => realpathSync(p));
  const layers = load(rulesetPaths, args.includes('--isolated'));
  for (const w of layers.warnings) process.stderr.write(w + '\n');
  const casePaths = targets.length ? targets.flatMap((p) => (isDir(p) ? caseFilesIn(p) : isCases(p) ? [p] : [])) : defaultCaseDirs(layers).flatMap(caseFilesIn);
  const engine = loadEngine({ ruleset: layers.ruleset });
  await engine.ready();
  const files = layers.files.filter((f) => !targets.length || rulesetPaths.includes(f.file.path)).map((f) => f.file);
  const caseFiles: CaseFile[] = [];
  const broken: Diagnostic[] = [];
  for (const p of casePaths) {
    const r = readCaseFile(p);
    if (r.file) caseFiles.push(r.file);
    broken.push(...r.diagnostics);
  }
  const report = runRuleTests(engine, files, caseFiles, rulesetPaths);
  const failures = [...broken, ...report.failures];
  for (const f of failures) process.stdout.write(formatDiagnostic(f) + '\n');
  const summary = `${report.examples} examples in ${files.length} files, ${report.cases} cases in ${caseFiles.length} files`;
  process.stdout.write(failures.length ? `FAIL: ${failures.length} failed (${summary})\n` : `ok: ${summary} passed\n`);
  return failures.length ? 1 : 0;
}

/** Where case files live next to the loaded layers. */
function defaultCaseDirs(layers: Layers): string[] {
  const dirs = [builtinDir(), configDir(), join(configDir(), 'rules')];
  if (layers.project?.loaded) dirs.push(join(layers.project.dir, '.shellgate'));
  return dirs;
}

async function lint(args: string[]): Promise<number> {
  const targets = paths('lint', args, []);
  const result = await lintRulesets({ cwd: process.cwd(), paths: targets });
  for (const d of result.diagnostics) process.stdout.write(formatDiagnostic(d) + '\n');
  const errors = result.diagnostics.filter((d) => d.severity !== 'warning').length;
  const warnings = result.diagnostics.length - errors;
  process.stdout.write(`${errors ? 'FAIL' : 'ok'}: ${errors} errors, ${warnings} warnings in ${result.files.length} files\n`);
  return errors ? 1 : 0;
}

async function layersCommand(args: string[]): Promise<number> {
  paths('layers', args, [], 0);
  const layers = load([], false);
  for (const f of layers.files) process.stdout.write(`${f.kind.padEnd(8)} ${f.file.path}\n`);
  const p = layers.project;
  if (p) process.stdout.write(`project  ${p.dir}/.shellgate: ${p.trust}${p.loaded ? '' : ' (ignored)'}, sha256 ${p.hash}\n`);
  else process.stdout.write('project  no .shellgate/ directory from here up to the repository root\n');
  for (const w of layers.warnings) process.stderr.write(w + '\n');
  return 0;
}

async function schema(args: string[]): Promise<number> {
  paths('schema', args, ['--write'], 0);
  if (!args.includes('--write')) {
    process.stdout.write(schemaJson(RULESET_SCHEMA));
    return 0;
  }
  const root = dirname(builtinDir());
  mkdirSync(join(root, 'schema'), { recursive: true });
  const outputs: [string, string][] = [
    [join(root, 'schema', 'ruleset.schema.json'), schemaJson(RULESET_SCHEMA)],
    [join(root, 'schema', 'ruleset-tests.schema.json'), schemaJson(RULE_TESTS_SCHEMA)],
  ];
  // In a source checkout, also the validator generated from the schemas (needs ajv, a dev-time import).
  if (existsSync(join(root, 'src', 'rules'))) {
    const { validatorSource } = await import('../../rules/schema-codegen.js');
    outputs.push([join(root, 'src', 'rules', 'schema-validator.generated.ts'), validatorSource()]);
  }
  for (const [path, text] of outputs) {
    writeFileSync(path, text);
    process.stdout.write(`wrote ${path}\n`);
  }
  return 0;
}
