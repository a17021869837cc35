/*!
 * `shellgate undo`: puts the project back as it was before the most recent agent command that
 * changed it (or before record SEQ); `--list` shows the recorded commands and their effects;
 * `--gc` expires old snapshots now. Human-only: refuses to run under a shellgate guard or in an
 * agent's environment (agents' commands cannot see the snapshot store anyway).
 */
import { realpathSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { printable } from '../../audit/table.js';
import { UserError } from '../../core/user-error.js';
import { findProjectRoot } from '../../sandbox/project-root.js';
import type { JournalRecord } from '../../undo/journal.js';
import type { UndoResult } from '../../undo/undo-project.js';

const HELP = `usage: shellgate undo [SEQ] [--force] [--dry-run]   go back to before an agent command
       shellgate undo --list [--all] [--json]          recorded commands that changed files, newest first
       shellgate undo --gc                             expire old snapshots now

Without SEQ, goes back to before the most recent agent command that changed the project and is
not undone yet; run it again to go back one more. SEQ may also name an undo: that undoes the undo.
Files you changed yourself since that command are left as they are (and listed); --force
restores them too, after moving your versions to a directory it names.

options:
  --project DIR   the project (default: the git work tree holding the current directory, else it)
  --dry-run       say what would change, change nothing
  --all           with --list: every record, also commands that changed nothing
  -h, --help      show this help

Undo covers the project's files (tracked and untracked, not ignored ones, nor files over
max_file_mb, nor nested repositories), not .git: see docs/undo.md; limits in undo.yaml.`;

const OPTIONS = {
  list: { type: 'boolean' },
  all: { type: 'boolean' },
  json: { type: 'boolean' },
  gc: { type: 'boolean' },
  force: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  project: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function counts(r: JournalRecord): string {
  if (r.after === undefined) return r.error ? `no snapshot: ${printable(r.error)}` : 'did not finish';
  if (r.after === null) return `no snapshot after: ${printable(r.endError ?? 'failed')}`;
  const e = r.effect;
  if (!e || e.added + e.modified + e.deleted === 0) return 'no change';
  const lost = e.lostCount && r.kind === 'command' ? `, ${e.lostCount} uncommitted lost` : '';
  return `+${e.added} ~${e.modified} -${e.deleted}${lost}`;
}

function listRecords(records: JournalRecord[], all: boolean, json: boolean, undone: Map<number, number>): void {
  // Without --all: the last 20 records that changed something (or have no snapshot to compare).
  const changing = records.filter((r) => r.kind === 'undo' || r.after !== r.before);
  const shown = (all ? records : changing.slice(-20)).reverse();
  if (json) {
    for (const r of shown) process.stdout.write(JSON.stringify({ ...r, undoneBy: undone.get(r.seq) ?? null }) + '\n');
    return;
  }
  if (shown.length === 0) {
    process.stdout.write('nothing recorded for this project yet\n');
    return;
  }
  for (const r of shown) {
    const time = new Date(r.time).toLocaleString('sv-SE');
    const what = r.kind === 'undo' ? `undo: back to before #${r.target}` : printable(r.line).slice(0, 80);
    const mark = undone.has(r.seq) ? `  [undone by #${undone.get(r.seq)}]` : '';
    process.stdout.write(`#${r.seq}  ${time}  ${what}\n      ${counts(r)}${mark}\n`);
    for (const p of (r.effect?.paths ?? []).slice(0, all ? 20 : 3)) process.stdout.write(`        ${printable(p)}\n`);
  }
}

function say(r: UndoResult, dryRun: boolean): void {
  const t = r.target;
  const head = dryRun ? 'would go back' : `undo #${r.seq}: back`;
  process.stdout.write(`${head} to before #${t.seq} (${printable(t.line).slice(0, 80)}, ${new Date(t.time).toLocaleString('sv-SE')})\n`);
  if (dryRun) {
    for (const c of r.changes)
      process.stdout.write(
        `  ${r.conflicts.includes(c.path) ? 'keep (yours)' : c.status === 'A' ? 'restore' : c.status === 'D' ? 'remove' : 'rewrite'}  ${printable(c.path)}\n`,
      );
    if (r.changes.length === 0) process.stdout.write('  nothing differs\n');
    return;
  }
  const rep = r.report!;
  process.stdout.write(`  ${rep.written.length} file(s) written, ${rep.removed.length} removed\n`);
  for (const s of rep.skipped) process.stdout.write(`  left as it is: ${printable(s.path)}: ${printable(s.why)}\n`);
  if (rep.keptDir) process.stdout.write(`  your versions of ${r.conflicts.length} file(s) changed since were moved to ${rep.keptDir}\n`);
  else if (r.conflicts.length > 0) process.stdout.write(`  (--force restores them too, moving your versions aside)\n`);
  process.stdout.write(`  \`shellgate undo ${r.seq}\` undoes this undo.\n`);
}

function projectFrom(dir: string | undefined): string {
  const start = dir ?? process.cwd();
  let real: string;
  try {
    real = realpathSync(start);
  } catch {
    throw new UserError(`--project ${start}: no such directory`);
  }
  return dir ? real : findProjectRoot(real, [process.env.HOME ?? ''].filter(Boolean));
}

/** Runs `shellgate undo …`. */
export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UserError(`${(err as Error).message} (see shellgate undo --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const { assertHuman, approverName } = await import('../../approvals/human-only.js');
  assertHuman('undo');
  const { loadUndoConfig } = await import('../../undo/undo-config.js');
  const cfg = loadUndoConfig();
  const projectRoot = projectFrom(values.project);
  if (positionals.length > 1 || (positionals[0] !== undefined && !/^#?\d+$/.test(positionals[0])))
    throw new UserError(`expected one record number, e.g. \`shellgate undo 12\` (see --list)`);
  if (values.list) {
    const { projectRecords } = await import('../../undo/undo-project.js');
    const { undoneBy } = await import('../../undo/history.js');
    const records = projectRecords(projectRoot);
    listRecords(records, !!values.all, !!values.json, undoneBy(records));
    return 0;
  }
  if (values.gc) {
    const { gcProject } = await import('../../undo/gc-project.js');
    const { dropped } = gcProject(projectRoot, cfg);
    process.stdout.write(`expired ${dropped} record(s) of ${projectRoot} and pruned the snapshot store\n`);
    return 0;
  }
  const { undoProject } = await import('../../undo/undo-project.js');
  const seq = positionals[0] === undefined ? undefined : Number(positionals[0].replace('#', ''));
  const dryRun = !!values['dry-run'];
  let r: UndoResult;
  try {
    r = undoProject({ projectRoot, seq, force: !!values.force, dryRun, by: approverName() }, cfg);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(
      `undo failed: ${(err as Error).message}. See \`shellgate undo --list\`; the snapshot store is in the state directory (docs/undo.md)`,
      1,
    );
  }
  say(r, dryRun);
  return r.report && r.report.skipped.some((s) => !r.conflicts.includes(s.path)) ? 1 : 0;
}
