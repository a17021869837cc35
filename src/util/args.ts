/*!
 * The one option parser of every `shellgate` subcommand, so that all of them behave alike:
 * `-h`/`--help` anywhere before `--` means help (exit 0, nothing else is read, not even stdin);
 * `--opt VALUE` and `--opt=VALUE`; `--` ends the options; an unknown option, a missing value or a
 * stray argument is a UsageError, printed by src/cli/main.ts as
 *   shellgate CMD: unknown option '--jsn'
 *   Try 'shellgate CMD --help'.
 * with exit status 2.
 */
import { UserError } from '../core/user-error.js';

/** A usage mistake: the message plus a pointer to the command's help; exit status 2. */
export class UsageError extends UserError {
  constructor(
    /** The command as typed (`hook install`): main prints `shellgate hook install: …`. */
    readonly command: string,
    message: string,
  ) {
    super(`${message}\nTry 'shellgate ${command} --help'.`, 2);
    this.name = 'UsageError';
  }
}

/** `flag`: no value; `value`: one value (the last one given wins); `list`: repeatable value. */
export type OptionKind = 'flag' | 'value' | 'list';

/** Options by long name (`--json`), optionally with a one-letter alias. */
export type OptionSpec = Record<string, { kind: OptionKind; short?: string }>;

export interface ParsedArgs {
  flags: Set<string>;
  values: Map<string, string>;
  lists: Map<string, string[]>;
  positionals: string[];
  /** The words after `--`, or null when there was no `--`. */
  afterDashDash: string[] | null;
}

export interface ParseOptions {
  /** The first positional ends the options (`check rm -rf x`: `-rf` is part of the line). */
  stopAtPositional?: boolean;
  /** At most this many positionals (default: any number). */
  maxPositionals?: number;
}

/**
 * Whether the user asked for help: `-h` or `--help` before any `--` (and, with
 * `stopAtPositional`, before the first word that is not an option: `check ls --help` is a line).
 */
export function wantsHelp(args: string[], opts: { stopAtPositional?: boolean } = {}): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '-h' || a === '--help') return true;
    if (opts.stopAtPositional && !a.startsWith('-')) return false;
  }
  return false;
}

function lookup(spec: OptionSpec, word: string): string | undefined {
  if (word.startsWith('--')) return word in spec ? word : undefined;
  return Object.keys(spec).find((k) => spec[k].short === word.slice(1));
}

/** Parses `args` against `spec`; throws a UsageError naming `command` on anything it does not know. */
export function parseCommandArgs(command: string, args: string[], spec: OptionSpec, opts: ParseOptions = {}): ParsedArgs {
  const out: ParsedArgs = { flags: new Set(), values: new Map(), lists: new Map(), positionals: [], afterDashDash: null };
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (word === '--') {
      out.afterDashDash = args.slice(i + 1);
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      if (opts.stopAtPositional) {
        out.positionals.push(...args.slice(i));
        break;
      }
      out.positionals.push(word);
      continue;
    }
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const name = eq > 0 ? word.slice(0, eq) : word;
    const key = lookup(spec, name);
    if (!key) throw new UsageError(command, `unknown option '${name}'`);
    const { kind } = spec[key];
    if (kind === 'flag') {
      if (eq > 0) throw new UsageError(command, `${key} takes no value`);
      out.flags.add(key);
      continue;
    }
    let value: string;
    if (eq > 0) value = word.slice(eq + 1);
    else if (i + 1 < args.length) value = args[++i];
    else throw new UsageError(command, `${key} needs a value`);
    if (kind === 'value') out.values.set(key, value);
    else out.lists.set(key, [...(out.lists.get(key) ?? []), value]);
  }
  const max = opts.maxPositionals;
  if (max !== undefined && !opts.stopAtPositional && out.positionals.length > max) {
    throw new UsageError(command, `unexpected argument '${out.positionals[max]}'`);
  }
  return out;
}
