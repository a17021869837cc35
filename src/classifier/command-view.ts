/*!
 * A command as rules see it: its flags (bundled `-rf` split, `--flag=value` separated), its
 * positional words, and the values of flags. Which options take a value is program knowledge
 * from the rulesets (`programs:`), so `git -C dir push` has `push` as its first positional.
 */
import { DYN, type Command, type Word } from '../parser/model.js';
import type { ProgramInfo } from '../rules/types.js';

export type { ProgramInfo } from '../rules/types.js';

export interface Flag {
  /** `-r`, `--force` (short bundles are split: `-rf` gives `-r` and `-f`). */
  name: string;
  value: string | null;
  word: Word;
}

export interface CommandView {
  cmd: Command;
  program: string | null;
  /** Options in order; an end-of-options `--` is kept as the flag `--` (`git checkout -- file`). */
  flags: Flag[];
  /** Words that are not options (nor option values), in order. */
  positionals: Word[];
  /** Words after a `--` end-of-options marker. */
  afterDashDash: Word[];
}

export function viewCommand(cmd: Command, programs: Record<string, ProgramInfo>): CommandView {
  const info = cmd.program ? programs[cmd.program] : undefined;
  const withValue = info ? valueOptions(info) : NO_OPTIONS;
  const flags: Flag[] = [];
  const positionals: Word[] = [];
  const afterDashDash: Word[] = [];
  const args = cmd.argv.slice(1);
  let options = true;
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    const v = w.value;
    if (!options) {
      afterDashDash.push(w);
      positionals.push(w);
      continue;
    }
    if (v === '--') {
      options = false;
      flags.push({ name: '--', value: null, word: w });
      continue;
    }
    if (v.startsWith('--') && v.length > 2) {
      const eq = v.indexOf('=');
      const name = eq > 0 ? v.slice(0, eq) : v;
      let value = eq > 0 ? v.slice(eq + 1) : null;
      if (value === null && withValue.has(name) && i + 1 < args.length) value = args[++i].value;
      flags.push({ name, value, word: w });
    } else if (/^-[A-Za-z][\w-]+=/.test(v)) {
      // single-dash long option with a value: terraform -chdir=envs/prod, java -Dx=y
      const eq = v.indexOf('=');
      flags.push({ name: v.slice(0, eq), value: v.slice(eq + 1), word: w });
    } else if (v.startsWith('-') && v.length > 1 && !/^-\d/.test(v) && !v.startsWith(DYN)) {
      // git -C DIR / -c K=V before the subcommand; `git branch -C|-c OLD NEW` copies (no value)
      const values = cmd.program === 'git' && positionals[0]?.value === 'branch' ? gitBranchOptions(withValue) : withValue;
      shortFlags(v, w, values, args, i, flags) && i++;
    } else {
      positionals.push(w);
    }
  }
  // git's own options come before its subcommand (`git -C repo switch main`: that -C is not `switch -C`)
  if (cmd.program === 'git' && positionals.length && flags.length) {
    const sub = args.indexOf(positionals[0]!);
    return { cmd, program: cmd.program, flags: flags.filter((f) => args.indexOf(f.word) > sub), positionals, afterDashDash };
  }
  return { cmd, program: cmd.program, flags, positionals, afterDashDash };
}

const NO_OPTIONS: ReadonlySet<string> = new Set();
let gitBranchValues: [ReadonlySet<string>, ReadonlySet<string>] | null = null;

/** git's value options after `branch`: without the global -C and -c, which `branch` has as copy switches. */
function gitBranchOptions(all: ReadonlySet<string>): ReadonlySet<string> {
  if (gitBranchValues?.[0] !== all) gitBranchValues = [all, new Set([...all].filter((o) => o !== '-C' && o !== '-c'))];
  return gitBranchValues[1];
}
const optionSets = new WeakMap<ProgramInfo, ReadonlySet<string>>();

/** A program's value-taking options as a set, built once per ruleset entry. */
function valueOptions(info: ProgramInfo): ReadonlySet<string> {
  let set = optionSets.get(info);
  if (!set) {
    set = new Set(info.optionsWithValue ?? []);
    optionSets.set(info, set);
  }
  return set;
}

/** Splits `-rf`, `-XDELETE`, `-n5`; returns true when the next word was taken as the value. */
function shortFlags(v: string, w: Word, withValue: ReadonlySet<string>, args: Word[], i: number, out: Flag[]): boolean {
  const whole = v.includes('=') ? v.slice(0, v.indexOf('=')) : v;
  if (withValue.has(whole)) {
    const value = v.includes('=') ? v.slice(v.indexOf('=') + 1) : (args[i + 1]?.value ?? null);
    out.push({ name: whole, value, word: w });
    return !v.includes('=') && i + 1 < args.length;
  }
  const letters = v.slice(1);
  // `-refresh-only`, `-auto-approve`: a hyphenated word after one dash is a long option, never a bundle of letters.
  if (/^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)+$/.test(letters)) {
    out.push({ name: v, value: null, word: w });
    return false;
  }
  for (let k = 0; k < letters.length; k++) {
    const name = '-' + letters[k];
    if (withValue.has(name)) {
      const rest = letters.slice(k + 1);
      // `docker rm -vf`: the option table is the program's, not the subcommand's; a lone letter
      // after a value-taking one may be a switch of its own, so it counts as both.
      if (/^[A-Za-z]$/.test(rest)) out.push({ name: '-' + rest, value: null, word: w });
      if (rest) {
        out.push({ name, value: rest, word: w });
        return false;
      }
      out.push({ name, value: args[i + 1]?.value ?? null, word: w });
      return i + 1 < args.length;
    }
    // Inside a bundle `h` is never help: `ls -lah`, `du -sh`, and single-dash long options (`xcodebuild -scheme`).
    if (letters[k] !== 'h' || letters.length === 1) out.push({ name, value: null, word: w });
  }
  if (letters.length > 1) out.push({ name: v, value: null, word: w });
  return false;
}

/** The flag among `names` (long options may be abbreviated: `--rec` for `--recursive`). */
export function hasFlag(view: CommandView, names: string[]): Flag | undefined {
  return view.flags.find((f) => names.includes(f.name) || (f.name.startsWith('--') && f.name.length >= 4 && names.some((n) => n.startsWith(f.name))));
}

export function flagValue(view: CommandView, names: string[]): string | null {
  const f = view.flags.find((x) => names.includes(x.name) && x.value !== null);
  return f ? f.value : null;
}
