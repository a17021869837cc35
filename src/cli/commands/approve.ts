/*!
 * `shellgate approve ID [--deny]`: answer a pending approval request from a script or a plain
 * terminal. Human-only: refuses to run under a shellgate guard or in an agent's environment.
 */
import { parseCommandArgs, UsageError, wantsHelp } from '../../util/args.js';

const USAGE = `usage: shellgate approve ID [--deny]
  Approve the pending request ID once (the agent's retry of that exact command, in the same
  directory, then runs; the approval expires after SHELLGATE_APPROVAL_TTL seconds, default 600).
  --deny refuses it instead. \`shellgate approvals\` lists the pending requests.
`;

/** Runs `shellgate approve …`. */
export async function run(args: string[]): Promise<number> {
  if (wantsHelp(args)) {
    process.stdout.write(USAGE);
    return 0;
  }
  const { flags, positionals } = parseCommandArgs('approve', args, { '--deny': { kind: 'flag' } }, { maxPositionals: 1 });
  if (positionals.length !== 1) throw new UsageError('approve', 'expected one request id (shellgate approvals lists them)');
  const { assertHuman, answerRequest } = await import('../../approvals/human-only.js');
  assertHuman('approve');
  const deny = flags.has('--deny');
  const ids = positionals;
  const { approvalTtlMs } = await import('../../approvals/approval-ttl.js');
  const ttl = approvalTtlMs();
  const answered = answerRequest(ids[0], deny ? 'denied' : 'approved');
  // The request's text comes from the agent: shown with control and direction characters escaped.
  const { printable } = await import('../../audit/table.js');
  const r = { ...answered, line: printable(answered.line), cwd: printable(answered.cwd), credential: printable(answered.credential ?? '') };
  if (deny) process.stdout.write(`denied request ${r.id}: ${r.line}\n`);
  else if (r.kind === 'credential' && r.grantTtlMs) {
    process.stdout.write(
      `approved request ${r.id}: ${r.credential} for its in-scope commands in ${r.cwd}, for ${Math.round(r.grantTtlMs / 1000)} s\n  (asked for: ${r.line})\n`,
    );
  } else {
    const what = r.kind === 'credential' ? ` (credential ${r.credential} for this command)` : '';
    process.stdout.write(`approved request ${r.id} once${what}, for ${Math.round(ttl / 1000)} s: ${r.line}\n  in ${r.cwd}\n`);
  }
  return 0;
}
