/*!
 * `shellgate` entry: dispatches to a subcommand. Thin glue only; user errors print a message and
 * a non-zero exit code, never a stack trace. Every error reads `shellgate CMD: …`; usage mistakes
 * add a pointer to `--help` and exit 2 (src/util/args.ts).
 */
import { COMMANDS } from './commands/index.js';
import { UsageError } from '../util/args.js';
import { UserError } from '../core/user-error.js';

const VERSION = '0.1.0';

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: shellgate [COMMAND] [ARGS…]',
    '',
    'With no command, opens the guarded shell (shellgate shell --sandbox: inside the sandbox).',
    '',
    'commands:',
    ...lines,
    '',
    'options:',
    '  -h, --help      show this help (shellgate COMMAND --help: the options of a command)',
    '  -V, --version   print the version',
    '',
    'shellgate-sh is the bash-compatible entry for agents and scripts (shellgate-sh -c CMD):',
    'set it as $SHELL or in a terminal profile. See README.md.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(usage() + '\n');
    return 0;
  }
  if (first === '--version' || first === '-V') {
    process.stdout.write(`shellgate ${VERSION}\n`);
    return 0;
  }
  const name = first === undefined || first.startsWith('-') ? 'shell' : first;
  const args = first === undefined || first.startsWith('-') ? argv : rest;
  const def = COMMANDS.find((c) => c.name === name);
  if (!def) {
    process.stderr.write(`shellgate: unknown command '${name}'\nTry 'shellgate --help'.\n`);
    return 2;
  }
  try {
    const mod = await def.load();
    return await mod.run(args);
  } catch (err) {
    if (err instanceof UserError) {
      const who = err instanceof UsageError ? err.command : name;
      process.stderr.write(`shellgate ${who}: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
}
