/*!
 * `shellgate approvals`: the pending approval requests. In a terminal, a live Ink list where the
 * human approves once or denies; otherwise (or with --list / --json) a plain listing. Human-only:
 * refuses to run under a shellgate guard or in an agent's environment.
 */
import { parseCommandArgs, wantsHelp } from '../../util/args.js';

const USAGE = `usage: shellgate approvals [--list] [--all] [--json]
  In a terminal: a live list of pending requests (↑/↓, a approve once, d deny, q quit).
  --list   print the pending requests and exit (the default when not in a terminal)
  --all    include approved, used, denied and expired requests (implies --list)
  --json   print them as JSON (implies --list)
`;

/** Runs `shellgate approvals …`. */
export async function run(args: string[]): Promise<number> {
  if (wantsHelp(args)) {
    process.stdout.write(USAGE);
    return 0;
  }
  const { flags } = parseCommandArgs(
    'approvals',
    args,
    { '--list': { kind: 'flag' }, '--all': { kind: 'flag' }, '--json': { kind: 'flag' } },
    { maxPositionals: 0 },
  );
  const { assertHuman } = await import('../../approvals/human-only.js');
  assertHuman('approvals');
  const all = flags.has('--all');
  const json = flags.has('--json');
  const interactive = process.stdin.isTTY && process.stdout.isTTY && !all && !json && !flags.has('--list');
  if (interactive) {
    const { runApprovalsUi } = await import('../../ui/approvals/run-approvals-ui.js');
    await runApprovalsUi();
    return 0;
  }
  const { listApprovals } = await import('../../approvals/queue.js');
  const items = listApprovals({ all });
  if (json) process.stdout.write(JSON.stringify(items, null, 2) + '\n');
  else {
    const { formatPlainList } = await import('../../ui/approvals/plain-list.js');
    process.stdout.write(formatPlainList(items, Date.now()));
  }
  return 0;
}
