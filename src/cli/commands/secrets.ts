/*!
 * `shellgate secrets scan [DIR] [--json] [--add-to-mask]`: finds credentials in a working tree
 * with secretlint's recommended rules plus `.env` files, prints file:line:column and kind (never
 * the value), and can add the files to the sandbox's mask list (`<configDir>/sandbox.yaml`).
 * Exit status: 0 nothing found, 1 findings, 2 usage or I/O error. On a terminal, stderr shows how
 * far the scan is (src/ui/progress.ts); piped, it stays quiet.
 */
import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../../core/user-error.js';
import { parseCommandArgs, UsageError, wantsHelp } from '../../util/args.js';

const USAGE = `usage: shellgate secrets scan [DIR] [--json] [--add-to-mask]

Finds credentials in DIR (default: the current directory), including git-ignored files.
Prints file:line:column and the kind of secret; never the secret itself.

  --json          print the findings as JSON
  --add-to-mask   add the files with findings to the sandbox mask list (sandbox.yaml)

Exit status: 0 nothing found, 1 findings, 2 error.`;

interface ScanArgs {
  dir: string;
  json: boolean;
  addToMask: boolean;
}

/** Runs `secrets` with the arguments after the word `secrets`. */
export async function run(args: string[]): Promise<number> {
  if (wantsHelp(args)) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const [sub, ...rest] = args;
  if (sub === undefined) throw new UsageError('secrets', 'which subcommand? scan');
  if (sub.startsWith('-')) parseCommandArgs('secrets', [sub], {});
  if (sub !== 'scan') throw new UsageError('secrets', `unknown subcommand '${sub}': expected scan`);
  const opts = parseScanArgs(rest);
  const { scanAndOffer, formatJson, formatText } = await import('../../secrets/index.js');
  const { progressLine } = await import('../../ui/progress.js');
  const progress = progressLine(process.stderr);
  progress.update('listing files');
  let report;
  try {
    report = await scanAndOffer(opts.dir, opts.addToMask, process.env, (done, total) => progress.update('scanning', done, total));
  } finally {
    progress.end();
  }
  const command = `shellgate secrets scan ${opts.dir}`;
  process.stdout.write(opts.json ? formatJson(report) : formatText(report, command));
  return report.scan.findings.length > 0 ? 1 : 0;
}

/** Parses `scan`'s flags and checks that DIR is a directory. */
export function parseScanArgs(args: string[]): ScanArgs {
  const p = parseCommandArgs('secrets scan', args, { '--json': { kind: 'flag' }, '--add-to-mask': { kind: 'flag' } });
  const dirs = [...p.positionals, ...(p.afterDashDash ?? [])];
  if (dirs.length > 1) throw new UsageError('secrets scan', `only one DIR may be given (got '${dirs[0]}' and '${dirs[1]}')`);
  const out: ScanArgs = { dir: dirs[0] ?? '.', json: p.flags.has('--json'), addToMask: p.flags.has('--add-to-mask') };
  const full = resolve(out.dir);
  let isDir = false;
  try {
    isDir = statSync(full).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new UserError(`${out.dir}: no such directory`);
  out.dir = realpathSync(full);
  return out;
}
