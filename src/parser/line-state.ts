/*!
 * State shared by every walker of one line: the commands and issues found so far, the variables
 * and aliases the line defines as it goes, and the budgets that keep analysis bounded.
 */
import type { Command, IssueKind, ParseIssue } from './model.js';
import type { Span } from '../core/verdict.js';
import { emptyDict } from '../util/dict.js';

/** A file the line itself wrote before reading or running it (recorded by written-files.ts). */
export interface WrittenFile {
  /** Content, when the writer's output is known without running it. */
  text: string | null;
  /** Commands whose output the file holds (a downloader), judged as the file's source. */
  from: Command[];
  /** How many commands the line had emitted when the file was last written: later ones read this text. */
  at?: number;
  /** A FIFO (`mkfifo p`): what runs from it is whatever another process writes. */
  fifo?: boolean;
}

/** What the parser may know about the world (all optional; no I/O of its own). */
export interface ParseContext {
  env?: Record<string, string>;
  cwd?: string;
  aliases?: Record<string, string>;
  functions?: Record<string, string>;
  /** Reads a script file (`bash x.sh`, `source x.sh`); undefined when absent or refused. */
  readFile?: (path: string) => string | undefined;
  /** What is at a path on disk (a FIFO, a missing file whose directory exists …); no answer means unknown. */
  fileKind?: (path: string) => FileKind;
}

/** `missing`: the directory exists and the file does not; `unknown`: not even the directory is there (or no answer). */
export type FileKind = 'file' | 'dir' | 'fifo' | 'device' | 'missing' | 'unknown';

/** Upper bounds: past any of them the line is reported, never silently allowed. */
export const LIMITS = {
  maxInput: 64 * 1024,
  maxCommands: 2000,
  maxNestedParses: 256,
  maxNestingDepth: 8,
};

export class LineState {
  readonly commands: Command[] = [];
  readonly issues: ParseIssue[] = [];
  readonly assignments: Record<string, string> = emptyDict();
  /** Variables set by the line; `undefined` = set to something unknown (shadows the env). */
  readonly vars = new Map<string, string | undefined>();
  readonly aliases = new Map<string, string>();
  /** Functions the line defines (name → body source): their bodies run only where they are called. */
  readonly functions = new Map<string, string>();
  /** Git aliases the line defines with `git config alias.NAME VALUE`. */
  readonly gitAliases = new Map<string, string>();
  /** Files the line writes as it goes (`echo … > x.sh`, `curl -o x.sh`), by absolute path. */
  readonly written = new Map<string, WrittenFile>();
  /**
   * Positional parameters where the line sets them (`set -- a b`, `sh -c '…' arg0 a b`);
   * undefined when unknown (the shell's own arguments).
   */
  positional: string[] | undefined;
  arg0: string | undefined;
  /** Array variables the line sets (`a=(x y)`, `a+=(z)`, `read -a a`), element by element. */
  arrays: Map<string, string[]> | undefined;
  /** Elements given by key (`declare -A m=([k]=v)`, `a=([2]=x)`): name → key → value. */
  keyed: Map<string, Map<string, string>> | undefined;
  /** Namerefs (`declare -n r=x`): r → x. */
  readonly refs = new Map<string, string>();
  /** Symbolic links the line makes (`ln -s`): link path → target path, null when dynamic. */
  links: Map<string, string | null> | undefined;
  /** Links that are bind mounts (a container's `-v`): the path itself is the target directory. */
  mountPoints: Set<string> | undefined;
  /** Program paths bash remembers for names (`hash -p PATH NAME`, `BASH_CMDS[NAME]=PATH`). */
  hashed: Map<string, string> | undefined;
  /** Inside a fresh container (see Word.containerOwn) while its command is followed. */
  inContainer = false;
  /** Variables the line read from input it cannot see (`read l < cmds`): as a command name, they run that input. */
  fromInput: Set<string> | undefined;
  /** Directories the line makes into projects (`git clone URL DIR`, `git init DIR`). */
  projects: Set<string> | undefined;
  /** PATH as the line last set it, dynamic parts as DYN (`PATH=./bin:$PATH`: `./bin` is searched first). */
  pathSet: string | undefined;
  /** The working directory as `cd` in the line leaves it (unchanged by a dynamic `cd`). */
  cwd: string | undefined;
  private commandsLeft = LIMITS.maxCommands;
  private nestedLeft = LIMITS.maxNestedParses;

  constructor(readonly ctx: ParseContext) {
    for (const [k, v] of Object.entries(ctx.aliases ?? {})) this.aliases.set(k, v);
    this.cwd = ctx.cwd;
  }

  lookup(name: string, depth = 0): string | undefined {
    const ref = this.refs.get(name);
    if (ref !== undefined) return depth < 8 ? this.lookup(ref, depth + 1) : undefined;
    if (this.vars.has(name)) return this.vars.get(name);
    if (name === '@' || name === '*') return this.positional?.join(' ');
    if (name === '#') return this.positional && String(this.positional.length);
    if (name === '0') return this.arg0;
    if (/^[1-9]$/.test(name)) return this.positional && (this.positional[Number(name) - 1] ?? '');
    const env = this.ctx.env ?? {};
    if (name === 'PWD' && this.ctx.cwd) return env.PWD ?? this.ctx.cwd;
    if (name === 'HOME') return env.HOME ?? '~';
    if (name === 'IFS') return env.IFS ?? ' ';
    return Object.hasOwn(env, name) ? env[name] : undefined;
  }

  /** The elements of an array; a scalar (or `@`, the positional parameters) gives its words. */
  lookupArray(name: string, depth = 0): string[] | undefined {
    const ref = this.refs.get(name);
    if (ref !== undefined) return depth < 8 ? this.lookupArray(ref, depth + 1) : undefined;
    const arr = this.arrays?.get(name);
    if (arr) return arr;
    if ((name === '@' || name === '*') && this.positional) return this.positional;
    const v = this.lookup(name);
    return v === undefined ? undefined : [v];
  }

  /** The element of an array at a key (`${m[k]}`), when the line set it by key. */
  lookupKey(name: string, key: string): string | undefined {
    return this.keyed?.get(name)?.get(key);
  }

  /** Sets an array (null: elements unknown). */
  setArray(name: string, items: string[] | null, depth = 0): void {
    const ref = this.refs.get(name);
    if (ref !== undefined && depth < 8) return this.setArray(ref, items, depth + 1);
    this.setVar(name, items && items.join(' '));
    if (items) (this.arrays ??= new Map()).set(name, items);
  }

  /**
   * `a[2]=x`, `m[k]=v`: one element set. Known when the index is a number up to the array's end
   * (no gap) or a key of an array set by key, and the value is known; otherwise the array is unknown.
   */
  setElement(name: string, index: string | null, value: string | null): void {
    const keyed = this.keyed?.get(name);
    if (keyed && index !== null && value !== null) {
      keyed.set(index, value);
      this.vars.set(name, [...keyed.values()].join(' '));
      return;
    }
    const unset = !this.vars.has(name) && !this.refs.has(name) && !Object.hasOwn(this.ctx.env ?? {}, name);
    const before = unset ? [] : this.arrays?.get(name);
    const i = index !== null && /^\d+$/.test(index) ? Number(index) : -1;
    if (!before || value === null || i < 0 || i > before.length) return this.setVar(name, null);
    const items = [...before];
    items[i] = value;
    this.setArray(name, items);
  }

  setVar(name: string, value: string | null, depth = 0): void {
    const ref = this.refs.get(name);
    if (ref !== undefined && depth < 8) return this.setVar(ref, value, depth + 1);
    this.arrays?.delete(name);
    this.keyed?.delete(name);
    this.vars.set(name, value ?? undefined);
    if (value !== null) this.assignments[name] = value;
  }

  issue(kind: IssueKind, message: string, span: Span): void {
    if (this.issues.some((i) => i.kind === kind && i.span[0] === span[0] && i.span[1] === span[1])) return;
    if (this.issues.length < 50) this.issues.push({ kind, message, span });
  }

  /** Takes one command from the budget; false (and an issue) once it is spent. */
  countCommand(span: Span): boolean {
    if (this.commandsLeft-- > 0) return true;
    this.issue('too-many-commands', `more than ${LIMITS.maxCommands} commands in one line`, span);
    return false;
  }

  /** Takes one nested parse (`bash -c`, eval, alias, script) from the budget. */
  countNested(span: Span): boolean {
    if (this.nestedLeft-- > 0) return true;
    this.issue('too-deep', `more than ${LIMITS.maxNestedParses} nested command strings`, span);
    return false;
  }
}
