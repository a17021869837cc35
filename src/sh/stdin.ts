/*!
 * shellgate-sh reading commands from a non-terminal stdin (`echo cmds | shellgate-sh`, or an agent
 * that keeps a bash process open and writes commands into it). Input is judged in complete units
 * — whatever has arrived, cut at the last newline, once `bash -n` no longer reports it unfinished —
 * and only then written to bash's stdin. A blocked unit is replaced by `(exit 126)` so that `$?`
 * (and `set -e`) behave as if the command had failed.
 * Limitation: a line that a command would *read* as data (e.g. after `read x`) is judged as a
 * command too: the gate cannot know; it errs towards asking.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import type { GateContext } from '../gate/gate-call.js';
import { decideSh } from './decide.js';

/** True when `text` is a complete bash program (no open quote, block or here-document). */
export function isComplete(bash: string, text: string): boolean {
  const res = spawnSync(bash, ['-n'], { input: text, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  const err = res.stderr ?? '';
  if (/unexpected end of file|delimited by end-of-file/.test(err)) return false;
  return true;
}

/**
 * Pumps our stdin into `child`'s stdin, unit by unit, through the gate. `beforeUnit` runs before
 * each unit is written (the check after the previous command: contain/after-command.ts).
 */
export function pumpStdin(child: ChildProcess, bash: string, ctx: GateContext, beforeUnit?: () => Promise<void>): void {
  const sink = child.stdin;
  if (!sink) throw new Error('bash was started without a stdin pipe');
  sink.on('error', () => {}); // bash may exit before reading everything (EPIPE)
  let buf = '';
  let chain: Promise<void> = Promise.resolve();

  const step = async (eof: boolean): Promise<void> => {
    const cut = eof ? buf.length : buf.lastIndexOf('\n') + 1;
    if (cut > 0) {
      const unit = buf.slice(0, cut);
      if (eof || unit.trim() === '' || isComplete(bash, unit)) {
        buf = buf.slice(cut);
        if (unit.trim() !== '') await beforeUnit?.();
        if (unit.trim() === '' || (await decideSh(unit, 'commands on stdin', ctx))) sink.write(unit);
        else sink.write('(exit 126)\n');
      }
    }
    if (eof) sink.end();
  };
  const schedule = (eof: boolean) => {
    chain = chain.then(() => step(eof));
  };

  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (d: string) => {
    buf += d;
    schedule(false);
  });
  process.stdin.on('end', () => schedule(true));
  child.on('exit', () => process.stdin.destroy());
}
