/*!
 * `shellgate log`: recent audit entries as a table (or JSONL with `--json`), `log verify` to
 * check the hash chain against its anchor, `log path` to print where the log is, and the two
 * deliberate anchor moves: `log prune --keep N` and `log anchor --reset`. Plain output only: Ink is never
 * loaded here, so piping the log into other tools stays cheap.
 */
import { readAnchor } from '../../audit/anchor.js';
import { auditDir, currentPath } from '../../audit/files.js';
import { MaintenanceError, pruneLog, resetAnchor } from '../../audit/maintenance.js';
import { parseSince, readRecent, type LogFilter } from '../../audit/read.js';
import { renderTable } from '../../audit/table.js';
import { verifyLog, type VerifyReport } from '../../audit/verify.js';
import { parseCommandArgs, UsageError, wantsHelp } from '../../util/args.js';
import { UserError } from '../../core/user-error.js';

const HELP = `usage: shellgate log [OPTIONS]          recent audit entries, oldest first
       shellgate log verify [--json]     check the hash chain and its anchor; exit 1 when broken
       shellgate log path                print the path of the current log file
       shellgate log prune --keep N      delete all but the newest N rotated files (recorded in the anchor)
       shellgate log anchor [--reset]    print the anchor; --reset re-makes it from the log as it is now

options:
  --blocked          only commands that did not run (denied, declined, refused)
  --since DUR|DATE   only entries since a duration ago (30m, 2h, 7d, 1w) or an ISO date/time
  --env NAME         only entries whose verdict names this environment (e.g. production)
  --session ID       only this session (a prefix of the id is enough)
  --limit N          at most N entries, the newest (default 50; 0 = all)
  --json             one JSON entry per line, exactly as stored (for jq and other tools)
  --dir DIR          read the audit files in DIR (e.g. a copy) instead of the state directory
  -h, --help         show this help

The log is append-only JSONL in $XDG_STATE_HOME/shellgate/audit/ (SHELLGATE_STATE_DIR overrides).`;

const SPEC = {
  '--blocked': { kind: 'flag' },
  '--since': { kind: 'value' },
  '--env': { kind: 'value' },
  '--session': { kind: 'value' },
  '--limit': { kind: 'value' },
  '--json': { kind: 'flag' },
  '--dir': { kind: 'value' },
  '--keep': { kind: 'value' },
  '--reset': { kind: 'flag' },
} as const;

interface Values {
  blocked?: boolean;
  since?: string;
  env?: string;
  session?: string;
  limit?: string;
  json?: boolean;
  dir?: string;
  keep?: string;
  reset?: boolean;
}

function parse(args: string[]): { values: Values; positionals: string[] } {
  const p = parseCommandArgs('log', args, SPEC, { maxPositionals: 1 });
  const v = (k: keyof typeof SPEC) => p.values.get(k);
  const values: Values = {
    blocked: p.flags.has('--blocked'),
    since: v('--since'),
    env: v('--env'),
    session: v('--session'),
    limit: v('--limit'),
    json: p.flags.has('--json'),
    dir: v('--dir'),
    keep: v('--keep'),
    reset: p.flags.has('--reset'),
  };
  return { values, positionals: [...p.positionals, ...(p.afterDashDash ?? [])] };
}

function filterFrom(values: Values): LogFilter {
  const filter: LogFilter = { blocked: values.blocked, env: values.env, session: values.session };
  if (values.since !== undefined) {
    const since = parseSince(values.since);
    if (!since) throw new UsageError('log', `--since '${values.since}': expected a duration (30m, 2h, 7d, 1w) or an ISO date such as 2026-03-14`);
    filter.since = since;
  }
  return filter;
}

function limitFrom(values: Values): number {
  if (values.limit === undefined) return 50;
  const n = Number(values.limit);
  if (!Number.isInteger(n) || n < 0) throw new UsageError('log', `--limit '${values.limit}': expected a whole number (0 = all)`);
  return n;
}

function show(dir: string, values: Values): number {
  const entries = readRecent(dir, filterFrom(values), limitFrom(values));
  if (values.json) {
    for (const e of entries) process.stdout.write(`${JSON.stringify(e)}\n`);
    return 0;
  }
  if (entries.length === 0) {
    process.stdout.write(`no matching entries (log: ${currentPath(dir)})\n`);
    return 0;
  }
  const tty = process.stdout.isTTY === true;
  const color = tty && !process.env.NO_COLOR;
  process.stdout.write(`${renderTable(entries, { width: tty ? process.stdout.columns : undefined, color })}\n`);
  return 0;
}

/** Human-readable lines for a verify report. */
export function formatReport(dir: string, r: VerifyReport): string {
  const at = (f: { file: string; line: number; seq: number | null }) => `${f.file}:${f.line}${f.seq !== null ? ` (#${f.seq})` : ''}`;
  const range = r.firstSeq !== null ? ` (#${r.firstSeq}–#${r.lastSeq})` : '';
  const out = [`audit log: ${dir}`, `  ${r.files.length} file(s), ${r.entries} entries${range}`];
  if (r.anchor) out.push(`  anchor: starts at #${r.anchor.startSeq}, reached #${r.anchor.seq}`);
  for (const n of r.notes) out.push(`  note: ${at(n)}: ${n.message}`);
  if (r.broken) out.push(`BROKEN at ${at(r.broken)}: ${r.broken.message}`);
  else out.push(r.entries === 0 ? 'ok: no entries yet' : 'ok: the hash chain verifies');
  return out.join('\n');
}

function verify(dir: string, values: Values): number {
  const report = verifyLog(dir);
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(dir, report)}\n`);
  return report.ok ? 0 : 1;
}

function prune(dir: string, values: Values): number {
  const keep = Number(values.keep);
  if (values.keep === undefined || !Number.isInteger(keep) || keep < 0)
    throw new UsageError('log', 'prune needs --keep N: how many rotated files to keep (0 = none)');
  const removed = maintain(() => pruneLog(dir, keep));
  process.stdout.write(removed === 0 ? 'nothing to prune\n' : `deleted ${removed} rotated file(s); the anchor records the new start\n`);
  return 0;
}

function anchor(dir: string, values: Values): number {
  if (values.reset) {
    const r = maintain(() => resetAnchor(dir, 'shellgate log anchor --reset'));
    process.stdout.write(`anchor reset: the log is anchored at #${r.startSeq}–#${r.seq}; later verify runs note the reset\n`);
    return 0;
  }
  const st = readAnchor(dir);
  process.stdout.write(
    `${st.state === 'ok' ? JSON.stringify(st.anchor, null, 2) : st.state === 'missing' ? 'no anchor (audit.anchor): the first entry creates it' : `unreadable anchor: ${st.error}`}\n`,
  );
  return st.state === 'corrupt' ? 1 : 0;
}

function maintain<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof MaintenanceError) throw new UserError(err.message, 1);
    throw err;
  }
}

/** Runs `shellgate log …`; resolves to the exit code (1 when verify finds a broken entry). */
export async function run(args: string[]): Promise<number> {
  if (wantsHelp(args)) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const { values, positionals } = parse(args);
  const dir = auditDir({ dir: values.dir });
  const [sub, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError('log', `unexpected argument '${extra[0]}'`);
  if (sub === undefined) return show(dir, values);
  if (sub === 'verify') return verify(dir, values);
  if (sub === 'prune') return prune(dir, values);
  if (sub === 'anchor') return anchor(dir, values);
  if (sub === 'path') {
    process.stdout.write(`${currentPath(dir)}\n`);
    return 0;
  }
  throw new UsageError('log', `unknown subcommand '${sub}': expected verify, path, prune or anchor`);
}
