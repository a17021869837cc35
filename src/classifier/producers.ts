/*!
 * What feeds a command: the commands whose output reaches it through a pipe or a substitution in
 * its arguments, followed back a few steps (`curl … | base64 -d | bash`).
 */
import type { Command } from '../parser/model.js';

const MAX_STEPS = 4;

export function producers(cmd: Command, steps = MAX_STEPS): Command[] {
  if (steps <= 0) return [];
  const direct: Command[] = [];
  if (cmd.stdin?.kind === 'pipe') direct.push(...cmd.stdin.from);
  for (const w of cmd.argv) if (w.sources) direct.push(...w.sources);
  return direct.flatMap((c) => [c, ...producers(c, steps - 1)]);
}

/** Programs that bring content from the network. */
export const FETCHERS = new Set([
  'curl',
  'wget',
  'fetch',
  'http',
  'https',
  'xh',
  'aria2c',
  'nc',
  'ncat',
  'netcat',
  'socat',
  'lynx',
  'links',
  'w3m',
  'iwr',
  'Invoke-WebRequest',
  'gh',
  'scp',
  'ftp',
  'tftp',
]);

/** gh subcommands that print what this machine generates (completion and alias scripts, settings), not what a server sends. */
const GH_LOCAL = new Set(['completion', 'copilot', 'alias', 'config', 'help', 'version', 'auth', 'extension', 'ext']);

/** A command that brings content from the network (`gh completion -s bash` only prints a local script). */
export function isFetcher(cmd: Command): boolean {
  const p = cmd.program;
  if (!p || !FETCHERS.has(p)) return false;
  if (p !== 'gh') return true;
  const sub = cmd.argv.slice(1).find((w) => !w.value.startsWith('-'));
  return !sub || sub.dynamic || !GH_LOCAL.has(sub.value);
}

/** Programs/flags that decode hidden content. */
export function isDecoder(cmd: Command): boolean {
  const p = cmd.program;
  const args = cmd.argv.slice(1).map((w) => w.value);
  if (p === 'base64' || p === 'base32' || p === 'basenc') return args.some((a) => /^(-\w*d\w*|--decode)$/.test(a));
  if (p === 'xxd') return args.some((a) => /^-\w*r/.test(a));
  if (p === 'openssl') return args.includes('-d') || args.includes('base64');
  return ['gunzip', 'zcat', 'uudecode', 'bunzip2', 'xzcat', 'unxz', 'rev'].includes(p ?? '') || (p === 'gzip' && args.includes('-d'));
}
