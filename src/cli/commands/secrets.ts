/*!
 * `shellgate secrets scan [DIR] [--json] [--add-to-mask]`: finds credentials in a working tree
 * with secretlint's recommended rules plus `.env` files, prints file:line:column and kind (never
 * the value), and can add the files to the sandbox's mask list (`<configDir>/sandbox.yaml`).
 * Exit status: 0 nothing found, 1 findings, 2 usage or I/O error.
 */
import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../../util/user-error.js';

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
  const [sub, ...rest] = args;
  if (sub === undefined) {
    process.stderr.write(USAGE + '\n');
    return 2;
  }
  if (sub === '--help' || sub === '-h' || rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (sub !== 'scan') throw new UserError(`unknown subcommand '${sub}' (expected: scan)\n\n${USAGE}`);
  const opts = parseScanArgs(rest);
  const { scanAndOffer, formatJson, formatText } = await import('../../secrets/index.js');
  const report = await scanAndOffer(opts.dir, opts.addToMask);
  const command = `shellgate secrets scan ${opts.dir}`;
  process.stdout.write(opts.json ? formatJson(report) : formatText(report, command));
  return report.scan.findings.length > 0 ? 1 : 0;
}

/** Parses `scan`'s flags and checks that DIR is a directory. */
export function parseScanArgs(args: string[]): ScanArgs {
  const out: ScanArgs = { dir: '.', json: false, addToMask: false };
  let sawDir = false;
  for (const arg of args) {
    if (arg === '--json') out.json = true;
    else if (arg === '--add-to-mask') out.addToMask = true;
    else if (arg.startsWith('-')) throw new UserError(`unknown option '${arg}'\n\n${USAGE}`);
    else if (sawDir) throw new UserError(`only one DIR may be given (got '${out.dir}' and '${arg}')`);
    else [out.dir, sawDir] = [arg, true];
  }
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
