/*!
 * `crontab FILE` and `… | crontab -` install jobs that run later: each job's command is parsed
 * like a line.
 */
import type { Command, Word } from './model.js';
import type { Walker } from './walker.js';
import { parseNested } from './nested.js';
import { staticOutput } from './static-output.js';

/** `crontab FILE` / `… | crontab -` installs jobs: each job's command is parsed like a line. */
export function crontab(cmd: Command, walker: Walker, args: Word[]): Command[] {
  walker.state.commands.push(cmd);
  if (args.some((w) => /^-[lreiV]$/.test(w.value))) return [cmd];
  const file = args.find((w) => !w.value.startsWith('-') || w.value === '-');
  let text: string | null = null;
  let span = cmd.span;
  const s = cmd.stdin;
  if (!file || file.value === '-') {
    // Unknown piped text (`crontab -l | { cat; echo '* * * * * job'; } | crontab -`): the jobs it adds are still seen.
    if (s?.kind === 'pipe') {
      text =
        s.text ??
        (s.from
          .map((c) => staticOutput(c))
          .filter((t) => t !== null)
          .join('\n') ||
          null);
      span = s.from[0]?.span ?? span;
    } else if ((s?.kind === 'heredoc' || s?.kind === 'herestring') && !s.dynamic) {
      text = s.text;
      span = s.span;
    }
  } else if (!file.dynamic && walker.state.ctx.readFile) {
    const cwd = walker.state.ctx.cwd ?? '.';
    text = walker.state.ctx.readFile(file.value.startsWith('/') ? file.value : `${cwd}/${file.value}`) ?? null;
  }
  for (const line of (text ?? '').split('\n').slice(0, 64)) {
    const job = /^\s*(?:@\w+|(?:\S+\s+){5})(.+)$/.exec(line);
    if (job && !line.trim().startsWith('#') && !/^\s*\w+=/.test(line)) parseNested(walker, job[1], () => span, 'script', 'crontab');
  }
  return [cmd];
}
