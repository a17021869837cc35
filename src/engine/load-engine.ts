/*!
 * The one place that wires rules (loaded from disk) to the pure classifier, and gives it a file
 * reader. Everything that classifies a line (check, the shell, shellgate-sh, hooks) goes through here.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FileKind } from '../parser/line-state.js';
import type { Context } from '../classifier/context.js';
import type { Reason, Verdict } from '../core/verdict.js';
import { classify, CompiledRules, type CommandTrace } from '../classifier/engine.js';
import { couldNotJudge } from '../classifier/could-not-judge.js';
import { parseLine } from '../parser/index.js';
import { prepareGrammar } from '../parser/grammar.js';
import { loadLayers, type Layers, type ProjectLayer } from '../rules/layers.js';
import { findProjectDir } from '../rules/trust.js';
import { configDir } from '../config/paths.js';
import { EngineMemo, wallClockNs } from './engine-memo.js';
import type { RuleSet } from '../rules/types.js';
import { realIfExists } from '../util/real-path.js';

export interface EngineOptions {
  /** Project directory used to find `.shellgate/` layers (defaults to process.cwd()). */
  cwd?: string;
  /** Extra ruleset files (`check --ruleset FILE`). */
  rulesetFiles?: string[];
  /** Use this ruleset instead of loading files (tests). */
  ruleset?: RuleSet;
}

export interface Engine {
  /** Classifies one command line. Never throws; unknown or broken input is never `allow`. */
  classify(line: string, ctx: Partial<Context>, trace?: CommandTrace[]): Verdict;
  /**
   * Resolves once the bash grammar and the SQL parser are loaded. Classification works before with
   * the native tree-sitter binding (and a keyword scan for SQL); the WASM binding needs this awaited.
   */
  ready(): Promise<void>;
  /**
   * True when the last classification met SQL while the parser was not loaded: the caller loads it
   * (ready()) and classifies again (gate/judge-line.ts), since the keyword scan misses what only
   * the parser sees (a `WHERE` that is always true).
   */
  wantsSqlParser(): boolean;
  readonly ruleset: RuleSet;
  /** Layers that were skipped (an untrusted or changed project layer), for the user to see. */
  readonly warnings?: string[];
}

const MAX_READ = 256 * 1024;

/**
 * Reads small text files for the classifier (scripts, package.json, SQL files); never throws,
 * never blocks. Only regular files that say how big they are: the size-0 files of /proc and
 * /sys (`/proc/kmsg` blocks a reader until the kernel logs something) are unknown, like FIFOs
 * and devices.
 */
export function readSmallFile(path: string): string | undefined {
  try {
    // A missing file is the common case: no exception for it (throwing costs ~20 µs a call).
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st || !st.isFile() || st.size === 0 || st.size > MAX_READ) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** What is at a path, for judging a script that is read when the line runs (a FIFO, a file not there yet). */
export function fileKind(path: string): FileKind {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    if (st) return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : st.isFIFO() ? 'fifo' : 'device';
  } catch {
    // unreadable: judged by its directory, as a missing path is
  }
  try {
    return statSync(dirname(path), { throwIfNoEntry: false })?.isDirectory() ? 'missing' : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** An existing path with its symbolic links resolved (what a delete through it reaches). */
export function realPath(path: string): string | undefined {
  return realIfExists(path);
}

const roots = new Map<string, string>();

/**
 * The nearest directory at or above `path` with `.git` or `.shellgate` (a few stat calls; only
 * paths under /tmp ask). Found roots are remembered; a miss is not, so a project made later is seen.
 */
export function markedProjectRoot(path: string): string | undefined {
  let dir = path;
  const seen: string[] = [];
  for (let n = 0; n < 32 && dir !== '/' && dir !== '.'; n++, dir = dirname(dir)) {
    const known = roots.get(dir);
    if (known) return known;
    seen.push(dir);
    if (existsSync(`${dir}/.git`) || existsSync(`${dir}/.shellgate`)) {
      if (roots.size < 4096) for (const d of seen) roots.set(d, dir);
      return dir;
    }
  }
  return undefined;
}

let parseSql: ((sql: string) => unknown) | null = null;
let sqlLoading: Promise<void> | null = null;
let sqlLoadFailed = false;
/** Set by sqlProbe: the last classification met SQL before the parser was loaded. */
let sqlWanted = false;

/**
 * Stands in for the parser until it is loaded: it notes that SQL was met and fails like a
 * statement the parser cannot read, so the analyzers fall back to their keyword scan, exactly as
 * without a parser.
 */
function sqlProbe(_sql: string): unknown {
  sqlWanted = true;
  throw new Error('the SQL parser is not loaded');
}

/** Loads libpg-query (wasm) once; classification uses it as soon as it is there. */
export function loadSqlParser(): Promise<void> {
  sqlLoading ??= import('libpg-query')
    .then(async (m) => {
      await m.loadModule();
      parseSql = m.parseSync;
    })
    .catch(() => {
      parseSql = null;
      sqlLoadFailed = true;
    });
  return sqlLoading;
}

/**
 * Loads the bash grammar once (src/parser/grammar.ts): the native tree-sitter binding when it loads,
 * else the WASM one, which every entry point that classifies must await before its first line. When
 * neither loads, every line gets the could-not-judge verdict (the error is in its message).
 */
export function loadGrammar(): Promise<void> {
  return prepareGrammar().then(
    () => undefined,
    () => undefined,
  );
}

const memo = new EngineMemo<Engine>();

/**
 * Loads the rulesets (throws RulesetError when one is broken: callers fail closed). A process
 * that loads them again (the classifier daemon, on every request) gets the engine it loaded before
 * when nothing it came from changed (engine-memo.ts).
 */
export function loadEngine(opts: EngineOptions = {}): Engine {
  if (opts.ruleset || (opts.rulesetFiles?.length ?? 0) > 0) return buildEngine(opts);
  const cwd = opts.cwd ?? process.cwd();
  const key = `${configDir()}\0${findProjectDir(cwd) ?? ''}`;
  const kept = memo.get(key);
  if (kept) return kept;
  const started = wallClockNs();
  const layers = loadLayers({ cwd, extraFiles: [] });
  const engine = buildEngine(opts, layers);
  memo.put(key, engine, layers, started);
  return engine;
}

function buildEngine(opts: EngineOptions, loaded?: Layers): Engine {
  const layers = opts.ruleset ? null : (loaded ?? loadLayers({ cwd: opts.cwd ?? process.cwd(), extraFiles: opts.rulesetFiles ?? [] }));
  const ruleset = opts.ruleset ?? layers!.ruleset;
  const compiled = new CompiledRules(ruleset);
  return {
    ruleset,
    warnings: layers?.warnings ?? [],
    ready: () => Promise.all([loadGrammar(), loadSqlParser()]).then(() => undefined),
    wantsSqlParser: () => sqlWanted && parseSql === null && !sqlLoadFailed,
    classify(line, partial, trace) {
      sqlWanted = false;
      const ctx: Context = {
        env: partial.env ?? {},
        cwd: partial.cwd ?? process.cwd(),
        actor: partial.actor ?? 'agent',
        readFile: partial.readFile ?? readSmallFile,
        fileKind: partial.fileKind ?? (partial.readFile ? undefined : fileKind),
        realPath: partial.realPath ?? (partial.readFile ? undefined : realPath),
        projectRoot: partial.projectRoot ?? (partial.readFile ? undefined : markedProjectRoot),
        aliases: partial.aliases,
        functions: partial.functions,
      };
      try {
        const parsed = parseLine(line, ctx);
        return withProjectNotice(classify(parsed, compiled, ctx, { parseSql: parseSql ?? sqlProbe }, trace), layers?.project ?? null, line, ctx.actor);
      } catch (err) {
        return couldNotJudge(line, 'classifier-failed', err instanceof Error ? err.message : String(err), ctx.actor);
      }
    },
  };
}

/**
 * A project layer changed since it was trusted: every verdict says so (the last trusted version is
 * in force); when no trusted copy was kept, an agent is refused rather than given no project rules.
 */
function withProjectNotice(v: Verdict, project: ProjectLayer | null, line: string, actor: string): Verdict {
  if (!project || project.trust !== 'changed') return v;
  const refused = !project.loaded && actor === 'agent';
  const message = project.loaded
    ? `the project rules in ${project.dir}/.shellgate changed since they were trusted; the version trusted at ${project.trustedAt} applies until a human runs \`shellgate trust\``
    : `the project rules in ${project.dir}/.shellgate changed since they were trusted and no trusted copy was kept: agents are refused until a human runs \`shellgate trust\``;
  const reason: Reason = {
    rule: 'engine.project-rules-changed',
    message,
    command: line,
    span: [0, line.length],
    decision: refused ? 'deny' : 'allow',
    risk: refused ? 'high' : 'none',
  };
  if (!refused) return { ...v, reasons: [...v.reasons, reason] };
  return { ...v, decision: 'deny', risk: v.risk === 'critical' ? 'critical' : 'high', reasons: [...v.reasons, reason] };
}
