/*!
 * `shellgate shell` (also `shellgate` with no command): the guarded interactive bash. Thin glue:
 * parses the options and hands over to src/shell/session.ts, which is imported only here so that
 * other commands never load node-pty.
 */
import fs from 'node:fs';
import { UserError } from '../core/user-error.js';
import { parseCommandArgs, UsageError, wantsHelp } from '../util/args.js';

const USAGE = `usage: shellgate [shell] [--agent] [--sandbox] [--ruleset FILE]…

Opens bash in a pseudo-terminal; every command line is classified before bash runs it.

options:
  --agent         the session is an agent's: keystrokes never approve a line; lines that need
                  a confirmation go to the approval queue (also detected from CLAUDECODE,
                  CURSOR_TRACE_ID, GEMINI_CLI, CODEX_SANDBOX…)
  --sandbox       run bash inside the sandbox; refuse to start if it is not available
  --ruleset FILE  add a ruleset file (may be repeated)
  -h, --help      show this help`;

/** Parsed options of the shell command. */
export interface ShellArgs {
  help: boolean;
  agent: boolean;
  sandbox: boolean;
  rulesetFiles: string[];
}

/** Parses the arguments; throws a UserError on anything unknown. */
export function parseShellArgs(args: string[]): ShellArgs {
  if (wantsHelp(args)) return { help: true, agent: false, sandbox: false, rulesetFiles: [] };
  const spec = { '--agent': { kind: 'flag' }, '--sandbox': { kind: 'flag' }, '--ruleset': { kind: 'list' } } as const;
  const p = parseCommandArgs('shell', args, spec, { maxPositionals: 0 });
  if (p.afterDashDash?.length) throw new UsageError('shell', `unexpected argument '${p.afterDashDash[0]}'`);
  const rulesetFiles = p.lists.get('--ruleset') ?? [];
  for (const file of rulesetFiles) {
    if (!file) throw new UsageError('shell', '--ruleset needs a FILE');
    if (!fs.existsSync(file)) throw new UserError(`--ruleset ${file}: no such file`);
  }
  return { help: false, agent: p.flags.has('--agent'), sandbox: p.flags.has('--sandbox'), rulesetFiles };
}

export async function run(args: string[]): Promise<number> {
  const opts = parseShellArgs(args);
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UserError(
      'the guarded shell needs a terminal (stdin and stdout are not both a TTY).\n' +
        'Fix: for commands from a pipe, a file or a program, use shellgate-sh (bash-compatible: shellgate-sh -c CMD, shellgate-sh < script.sh)',
    );
  }
  const { runShellSession } = await import('./session.js');
  return runShellSession(opts);
}
