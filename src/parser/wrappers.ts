/*!
 * Unwrapping: a wrapper's own options, assignments and positionals are skipped to the command it
 * runs (`sudo -u x rm …` runs `rm …`), or to the shell string it runs (`flock -c STR`, `watch …`).
 * The wrappers themselves are described as data in wrapper-specs.ts and subcommand-wrappers.ts.
 */
import type { Assignment, Command, Word } from './model.js';
import type { WrapperSpec } from './wrapper-specs.js';

/** Result of skipping a wrapper's own options. */
export type Unwrapped =
  | { kind: 'none' }
  | { kind: 'command'; argv: Word[]; assignments: Assignment[]; label: string }
  | { kind: 'string'; words: Word[]; label: string };

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*|BASH_FUNC_[^=\s]+%%?)=/;

/** Skips a wrapper's options and positionals; returns the command it runs. */
export function skipWrapper(args: Word[], spec: WrapperSpec, label: string): Unwrapped {
  const withArg = new Set(spec.withArg ?? []);
  const stringFlag = new Set(spec.stringFlag ?? []);
  const assignments: Assignment[] = [];
  let positionals = spec.positionals ?? 0;
  let i = 0;
  if (spec.braceBody) {
    const brace = args.findIndex((w, k) => k < 2 && w.value === '{' && !w.quoted);
    if (brace >= 0) return args.length > brace + 1 ? { kind: 'command', argv: args.slice(brace + 1), assignments, label } : { kind: 'none' };
  }
  if (spec.afterDoubleDash) {
    const dd = args.findIndex((w) => w.value === '--');
    return dd < 0 || dd + 1 >= args.length ? { kind: 'none' } : { kind: 'command', argv: args.slice(dd + 1), assignments, label };
  }
  let options = true;
  for (; i < args.length; i++) {
    const v = args[i].value;
    if (options && v === '--') {
      options = false;
      continue;
    }
    if (options && v.startsWith('-') && v.length > 1) {
      const name = v.includes('=') ? v.slice(0, v.indexOf('=')) : v;
      if (spec.noCommand?.includes(name)) return { kind: 'none' };
      // A bundle ending in the string flag's letter: `script -qc STR`, `flock -xc STR`.
      const bundled = /^-[A-Za-z]{2,}$/.test(name) && stringFlag.has('-' + name.slice(-1));
      if (stringFlag.has(name) || bundled) {
        const value = v.includes('=') ? { ...args[i], value: v.slice(v.indexOf('=') + 1) } : args[i + 1];
        const after = spec.stringThenArgs ? args.slice(v.includes('=') ? i + 1 : i + 2).map(quotedWord) : [];
        return value ? { kind: 'string', words: [value, ...after], label } : { kind: 'none' };
      }
      // The value glued to a short string flag: `env -S'git reset --hard'`.
      const glued = [...stringFlag].find((f) => f.length === 2 && v.startsWith(f) && v.length > 2);
      if (glued) return { kind: 'string', words: [{ ...args[i], value: v.slice(2) }, ...args.slice(i + 1).map(quotedWord)], label };
      // A bundle ending in a letter that takes a value: `screen -dmS NAME cmd`.
      if (withArg.has(v) || (/^-[A-Za-z]{2,}$/.test(v) && withArg.has('-' + v.slice(-1)))) i++;
      continue;
    }
    if (spec.assignments && ASSIGNMENT.test(v) && !args[i].dynamic) {
      const eq = v.indexOf('=');
      assignments.push({ name: v.slice(0, eq), value: { ...args[i], value: v.slice(eq + 1) } });
      continue;
    }
    if (positionals > 0) {
      positionals--;
      if (spec.optionsEndAtPositional) options = false;
      continue;
    }
    break;
  }
  if (i >= args.length) return { kind: 'none' };
  const rest = spec.trailingOptions ? withoutOptions(args.slice(i), withArg) : args.slice(i);
  if (rest.length === 0) return { kind: 'none' };
  if (spec.joinAsShell) return { kind: 'string', words: rest, label };
  return { kind: 'command', argv: rest, assignments, label };
}

/** A word passed on to a shell string as the one word it was (`sh -c 'rm -rf /'` stays one argument). */
function quotedWord(w: Word): Word {
  if (w.dynamic || /^[\w@%+=:,./~-]*$/.test(w.value)) return w;
  return { ...w, value: `'${w.value.replace(/'/g, `'\\''`)}'`, quoted: false };
}

/** The words without the given value options and their values (`--app x`, `--app=x`), up to a `--`. */
function withoutOptions(words: Word[], withArg: Set<string>): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < words.length; i++) {
    const v = words[i].value;
    if (v === '--') return [...out, ...words.slice(i + 1)];
    if (withArg.has(v)) i++;
    else if (!(v.includes('=') && withArg.has(v.slice(0, v.indexOf('='))))) out.push(words[i]);
  }
  return out;
}

/** Applies an unwrapped result to a command, producing the inner command. */
export function innerCommand(cmd: Command, argv: Word[], assignments: Assignment[], label: string): Command {
  const consumed = cmd.argv.slice(1, Math.max(1, cmd.argv.length - argv.length));
  const wrapperArgs = [...(cmd.wrapperArgs ?? []), ...consumed];
  return { ...cmd, argv, program: null, assignments: [...cmd.assignments, ...assignments], via: [...cmd.via, label], wrapperArgs };
}
