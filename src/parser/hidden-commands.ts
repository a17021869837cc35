/*!
 * Commands hidden in places other than argv: variables that hold a command bash or git will run
 * (`GIT_SSH_COMMAND=…`, `PAGER=…`), git config values (`git -c core.pager=…`, `alias.x=!…`),
 * `trap 'cmd' EXIT`, and awk's `system()`. Also tracks `cd`, so later commands of the line are
 * judged in the directory they will run in.
 */
import { posix } from 'node:path';
import type { Command, Word } from './model.js';
import type { Walker } from './walk.js';
import { parseNested, wordMapper } from './nested.js';
import { shellStringsInCode } from './interpreters.js';

const COMMAND_VARS = new Set(['GIT_SSH_COMMAND', 'GIT_SSH', 'GIT_PAGER', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR', 'GIT_EXTERNAL_DIFF',
  'GIT_ASKPASS', 'SSH_ASKPASS', 'PAGER', 'MANPAGER', 'EDITOR', 'VISUAL', 'PROMPT_COMMAND', 'BASH_ENV', 'ENV', 'LESSOPEN', 'LESSCLOSE',
  'SUDO_ASKPASS', 'FCEDIT', 'BROWSER']);
const GIT_COMMAND_KEYS = /^(core\.(pager|sshcommand|editor|fsmonitor|askpass|hookspath)|sequence\.editor|diff\.external|pager\..+|alias\..+|credential\.helper|gpg\.program|uploadpack\.packobjectshook|filter\..+\.(clean|smudge|process)|diff\..+\.(textconv|command)|merge\..+\.driver)$/i;

/** Parses command strings the command carries outside its argv; updates the line's cwd. */
export function hiddenCommands(cmd: Command, walker: Walker): void {
  const state = walker.state;
  if (state.cwd && state.cwd !== state.ctx.cwd) cmd.cwd = state.cwd;
  for (const a of cmd.assignments) {
    if (COMMAND_VARS.has(a.name) && !a.value.dynamic && a.value.value) run(walker, a.value, `${a.name}=`);
  }
  const args = cmd.argv.slice(1);
  switch (cmd.program) {
    case 'cd': case 'pushd':
      changeDir(walker, args.find((w) => !w.value.startsWith('-')));
      break;
    case 'git':
      for (let i = 0; i < args.length - 1; i++) {
        if (args[i].value !== '-c') continue;
        const kv = args[i + 1];
        const eq = kv.value.indexOf('=');
        const key = kv.value.slice(0, eq);
        // An alias that is not a shell command (`alias.x=reset --hard`) runs as git: git-aliases.ts follows it.
        if (eq > 0 && GIT_COMMAND_KEYS.test(key) && !(/^alias\./i.test(key) && !kv.value.slice(eq + 1).startsWith('!'))) {
          run(walker, { ...kv, value: kv.value.slice(eq + 1).replace(/^!/, '') }, 'git -c');
        }
      }
      break;
    case 'trap':
      if (args[0] && !args[0].value.startsWith('-')) run(walker, args[0], 'trap');
      break;
    case 'awk': case 'gawk': case 'mawk': case 'nawk': {
      const code = args.find((w) => !w.value.startsWith('-'));
      if (code && !args.some((w) => w.value === '-f')) {
        for (const text of shellStringsInCode(code.value, 'awk')) parseNested(walker, text, () => cmd.span, 'shell-string', 'awk system');
        if (/\|\s*"[^"]*"|"[^"]*"\s*\|\s*getline/.test(code.value)) for (const m of code.value.matchAll(/"([^"]+)"\s*\|\s*getline|\|\s*"([^"]+)"/g)) parseNested(walker, m[1] ?? m[2], () => cmd.span, 'shell-string', 'awk pipe');
      }
      break;
    }
  }
}

function run(walker: Walker, word: Word, label: string): void {
  parseNested(walker, word.value, wordMapper(word), 'shell-string', label);
}

function changeDir(walker: Walker, target: Word | undefined): void {
  const state = walker.state;
  const home = state.ctx.env?.HOME ?? '~';
  if (!target) { state.cwd = home; return; }
  if (target.dynamic || target.value === '-') return;
  let dir = target.value;
  if (dir === '~' || dir.startsWith('~/')) dir = home + dir.slice(1);
  const base = state.cwd ?? state.ctx.cwd ?? '.';
  state.cwd = dir.startsWith('/') || dir.startsWith('~') ? posix.normalize(dir) : posix.normalize(`${base}/${dir}`);
}
