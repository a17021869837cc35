/*!
 * Scripts a shell runs: a file (`bash x.sh`, `source x.sh`, `./x.sh`) read when the context can read
 * it or when the line wrote it, a process substitution whose output is known, or its stdin (a
 * heredoc, a here-string, `< file`, a static pipe). What cannot be known is an issue.
 */
import { posix } from 'node:path';
import { DYN, UNKNOWN_INPUT, type Command, type Word } from './model.js';
import type { Walker } from './walker.js';
import { parseNested } from './nested.js';
import { absolutePath, fileText, writtenFile } from './written-files.js';
import { staticOutput } from './static-output.js';
import { readsFifo, unknownCommandIn, unknownData, unseenScript } from './unseen-scripts.js';

/** A shell reading its script from stdin: a heredoc, here-string, `< file` or a static pipe. */
export function stdinScript(cmd: Command, walker: Walker): Command[] {
  walker.state.commands.push(cmd);
  const s = cmd.stdin;
  const label = `${cmd.program} <stdin>`;
  if (!s) return [cmd];
  // A shell written to through `>(sh)` or fed a program's output (`psql -c '\o |sh'`): that output is code.
  if (s === UNKNOWN_INPUT) {
    walker.state.issue('dynamic-command', `\`${cmd.program}\` reads and runs code that is only known when the line runs`, cmd.span);
  }
  if ((s.kind === 'heredoc' || s.kind === 'herestring') && !s.dynamic) {
    parseNested(walker, s.text, () => s.span, 'stdin-script', label, cmd.remote);
  } else if (s.kind === 'heredoc' || s.kind === 'herestring') {
    // `bash <<EOF … $CMD … EOF`, `. /dev/stdin <<< "$X"`: judged as far as known; a command only known when the line runs is unseen.
    parseNested(walker, s.text.split(DYN).join('__shellgate_dynamic__'), () => s.span, 'stdin-script', label, cmd.remote);
    if (unknownCommandIn(s.text))
      walker.state.issue('dynamic-input', `\`${cmd.program}\` runs commands from its input that are only known when the line runs`, cmd.span);
  } else if (s.kind === 'pipe' && s.text !== null) {
    const from = s.from[0]?.span ?? cmd.span;
    parseNested(walker, s.text, () => from, 'stdin-script', label, cmd.remote);
  } else if (s.kind === 'pipe' && s.from.length) {
    // `./gen.sh | sh`, `cat fifo | bash`, `echo "$X" | sh`: the shell runs output only known when the line runs.
    walker.state.issue(
      'dynamic-input',
      `\`${cmd.program}\` runs what \`${s.from[0]!.program ?? 'a command'}\` prints, only known when the line runs`,
      cmd.span,
    );
  } else if (s.kind === 'file') {
    script(cmd, walker, s.path, 'script', false);
  }
  return [cmd];
}

const SCRIPT_LIMIT = 64 * 1024;

/** Parses a script file when the context can read it (`bash x.sh`, `source x.sh`, `./x.sh`). */
export function script(cmd: Command, walker: Walker, file: Word | undefined, label: string, pushCmd = true): Command[] {
  // `. /dev/stdin`, `bash /dev/fd/0`: the script is what the command reads on stdin.
  if (file && !file.dynamic && /^\/dev\/(stdin|fd\/0)$/.test(file.value)) {
    if (!pushCmd) return [cmd];
    return stdinScript(cmd, walker);
  }
  if (pushCmd) walker.state.commands.push(cmd);
  const written = file && writtenFile(file, walker.state);
  if (file && !file.dynamic)
    unseenScript(file, written, walker.state, cmd.span, absolutePath(file.value, walker.state), walker.frame.source, label === 'source');
  if (file && written) {
    // A file this line wrote: its downloader is where the code comes from, its static text is the code.
    if (written.from.length) file.sources = [...(file.sources ?? []), ...written.from];
    if (written.text !== null) parseNested(walker, written.text, () => cmd.span, 'script', `${label} ${file.value}`);
    return [cmd];
  }
  // `source <(echo …)`, `bash <(cat x.sh)`: a process substitution whose output is known.
  const fed = file?.dynamic && file.sources?.length === 1 ? staticOutput(file.sources[0]!, (w) => fileText(w, walker.state)) : null;
  // `bash <(cat fifo)`: the script is whatever another process writes into the FIFO.
  if (
    file?.dynamic &&
    fed === null &&
    file.sources?.length &&
    (readsFifo(file.sources, walker.state, (p) => absolutePath(p, walker.state)) || unknownData(file.sources, walker.state))
  )
    walker.state.issue('dynamic-input', `\`${cmd.program}\` runs data only known when the line runs (a FIFO, a variable, a file not there)`, cmd.span);
  // `find … -exec sh {} \;`: each file find finds is run as a script.
  if (file && cmd.origin === 'find-exec' && file.raw.includes('{}'))
    walker.state.issue('dynamic-input', `\`${cmd.program}\` runs every file find finds as a script`, cmd.span);
  if (file && fed !== null && fed.length <= SCRIPT_LIMIT) {
    parseNested(walker, fed, () => cmd.span, 'script', `${label} ${file.raw}`);
    return [cmd];
  }
  const read = walker.state.ctx.readFile;
  if (!file || file.dynamic || !read) return [cmd];
  const cwd = walker.state.ctx.cwd ?? '.';
  const path = posix.normalize(file.value.startsWith('/') ? file.value : `${cwd}/${file.value}`);
  const text = read(path);
  if (text === undefined || text.length > SCRIPT_LIMIT) return [cmd];
  if (label === 'script' && !pushCmd && !isShellScript(text, file.value)) return [cmd];
  parseNested(walker, text, () => cmd.span, 'script', `${label} ${file.value}`);
  return [cmd];
}

function isShellScript(text: string, name: string): boolean {
  const first = text.slice(0, 120).split('\n')[0];
  if (first.startsWith('#!')) return /\b(ba|z|da|k)?sh\b/.test(first);
  return name.endsWith('.sh') || name.endsWith('.bash');
}
