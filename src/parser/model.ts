/*!
 * The normalized command model: every command that can run in a line, wherever it stands
 * (lists, pipelines, substitutions, `bash -c` strings, wrappers), with its words resolved as far
 * as bash would resolve them statically. Anything that cannot be known stays marked dynamic.
 */
import type { Span } from '../core/verdict.js';

/** Marks the place of a dynamic part (unknown variable, command substitution) inside a value. */
export const DYN = '\u{FFFC}';

export interface Word {
  /** Source text as typed (for nested strings: the text inside the string). */
  raw: string;
  /** Value after quote removal and static expansion; dynamic parts appear as DYN. */
  value: string;
  /** True when some part could not be resolved statically. */
  dynamic: boolean;
  /** True when any part was quoted (quoted words are data, never split or globbed). */
  quoted: boolean;
  span: Span;
  /** Commands whose output becomes (part of) this word: `$(…)`, backticks, `<(…)`. */
  sources?: Command[];
  /**
   * A path of a fresh container's own filesystem (`docker run --rm alpine rm -rf /var/cache`): no bind
   * mount maps it to the host. Set by the parser; path rules do not apply to it.
   */
  containerOwn?: boolean;
}

export interface Redirect {
  /** `>`, `>>`, `<`, `&>`, `>|`, `<>`, `2>` … as typed, without the fd number. */
  op: string;
  fd: number | null;
  target: Word;
}

export type StdinSource =
  | { kind: 'heredoc' | 'herestring'; text: string; dynamic: boolean; span: Span }
  | { kind: 'file'; path: Word }
  | { kind: 'pipe'; from: Command[]; text: string | null };

/**
 * Input that is some program's output, unknown here (`>(sh)`, `psql -c '\o |sh'`): a shell reading
 * it runs code that is only known when the line runs.
 */
export const UNKNOWN_INPUT: StdinSource = Object.freeze({ kind: 'pipe', from: Object.freeze([]) as unknown as Command[], text: null });

export interface Assignment {
  name: string;
  value: Word;
}

/** How the command was reached; `line` is a command written directly in the line. */
export type Origin =
  | 'line'
  | 'substitution'
  | 'process-substitution'
  | 'shell-string'
  | 'eval'
  | 'remote'
  | 'xargs'
  | 'find-exec'
  | 'stdin-script'
  | 'alias'
  | 'variable'
  | 'script'
  | 'function';

export interface Command {
  /** argv[0] is the program (after unwrapping sudo, env, nice, …). */
  argv: Word[];
  /** Base name of argv[0] (`/bin/rm`, `\rm` → `rm`); null when the name is dynamic. */
  program: string | null;
  assignments: Assignment[];
  redirects: Redirect[];
  stdin: StdinSource | null;
  /** Range of the whole command in the original line. */
  span: Span;
  /** Source text of the whole command (for nested commands: the nested source). */
  text: string;
  /** Wrappers seen on the way (`sudo`, `bash -c`, `xargs`, `ssh prod-host` …), outermost first. */
  via: string[];
  origin: Origin;
  /** Host for commands run over ssh. */
  remote?: string;
  /** The command also receives arguments it cannot see (xargs, parallel, find -exec `{}`). */
  extraArgsUnknown?: boolean;
  /** Option words of the wrappers it was reached through (`doppler run --config prod --`): they may name its environment. */
  wrapperArgs?: Word[];
  /** The working directory it runs in, when `cd` earlier in the line changed it. */
  cwd?: string;
  /** How deeply nested the command is (0: written in the line itself). */
  depth: number;
}

export type IssueKind =
  | 'syntax-error'
  | 'too-large'
  | 'too-deep'
  | 'too-many-commands'
  | 'dynamic-command'
  /** A program reads instructions the judge cannot see: a curl config that cannot be read, a script from a FIFO. */
  | 'dynamic-input'
  | 'unsupported'
  | 'timeout';

/** Something the parser could not see through: the classifier never answers `allow` past one. */
export interface ParseIssue {
  kind: IssueKind;
  message: string;
  span: Span;
}

export interface ParsedLine {
  source: string;
  commands: Command[];
  issues: ParseIssue[];
  /** Variables assigned or exported by statements of the line (`export AWS_PROFILE=prod; …`). */
  assignments: Record<string, string>;
  /**
   * Files the line writes with a known text, by absolute path, and the index in `commands` from
   * which on they hold it: commands after the write read this text, earlier ones the disk.
   */
  written?: Record<string, { text: string; from: number }>;
  /** Directories the line makes into projects (`git clone URL DIR`, `git init DIR`), absolute. */
  projects?: string[];
}
