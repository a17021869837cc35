/*!
 * A file installed, copied, moved, linked or written into a directory on the PATH under the name of
 * a command (`cp x ~/.local/bin/git`, `ln -s /tmp/x ~/bin/npm`, `> /usr/local/bin/ls`): from then
 * on, that file runs whenever anyone types the command. Code that will run: `exec.path-shadow`.
 * A command's name is a common one, or one installed in another PATH directory.
 */
import { posix } from 'node:path';
import type { Analyzer, Fact } from '../facts.js';
import type { Context } from '../context.js';
import { absolutePath, homeOf } from '../path-class.js';
import { DYN, type Word } from '../../parser/model.js';

/** Names agents and people type every day: shadowing one hijacks it. */
const COMMON = new Set(
  (
    'ls cat cp mv rm ln mkdir rmdir touch chmod chown find grep rg sed awk sort uniq head tail less more wc xargs tee tr cut diff patch ' +
    'tar gzip gunzip zip unzip curl wget ssh scp rsync git gh npm npx node pnpm yarn bun deno tsc tsx eslint prettier jest vitest python python3 pip pip3 ' +
    'uv poetry pytest ruby gem bundle rake rails php composer go cargo rustc make cmake gcc cc clang java javac mvn gradle docker podman kubectl helm ' +
    'terraform tofu pulumi aws gcloud az psql mysql sqlite3 redis-cli mongosh bash sh zsh dash env sudo su which whoami id ps kill top date echo printf ' +
    'test vim vi nvim nano code open xdg-open shellgate shellgate-sh claude gemini codex copilot opencode cursor direnv pass gpg ssh-agent ssh-add'
  ).split(' '),
);

/** Directories on the PATH: the context's, plus the usual per-user and local ones. */
function pathDirs(ctx: Context): Set<string> {
  const home = homeOf(ctx);
  const dirs = (ctx.env.PATH ?? '').split(':').filter((d) => d.startsWith('/'));
  return new Set(
    [
      ...dirs,
      `${home}/.local/bin`,
      `${home}/bin`,
      `${home}/.bin`,
      '/usr/local/bin',
      '/usr/local/sbin',
      '/usr/bin',
      '/bin',
      '/usr/sbin',
      '/sbin',
      '/opt/homebrew/bin',
    ].map((d) => posix.normalize(d).replace(/\/+$/, '')),
  );
}

/** The name is a program in another PATH directory (a few stat calls, only for writes into PATH directories). */
function installedElsewhere(name: string, into: string, dirs: Set<string>, ctx: Context): boolean {
  if (!ctx.fileKind || !/^[\w.+-]+$/.test(name)) return false;
  for (const d of dirs) if (d !== into && ctx.fileKind(`${d}/${name}`) === 'file') return true;
  return false;
}

const INSTALLERS = new Set(['cp', 'mv', 'install', 'ln', 'rsync', 'tee', 'dd']);

export const pathShadowAnalyzer: Analyzer = ({ view, ctx }) => {
  const p = view.program;
  const targets: { dest: Word; name?: string }[] = [];
  if (p && INSTALLERS.has(p)) {
    const ops = view.positionals.filter((w) => !(p === 'install' && /^\d+$/.test(w.value)));
    if (p === 'tee') targets.push(...ops.map((dest) => ({ dest })));
    else if (p === 'dd') {
      const of = view.cmd.argv.find((w) => w.value.startsWith('of='));
      if (of) targets.push({ dest: { ...of, value: of.value.slice(3) } });
    } else if (ops.length >= 2) {
      const dest = ops[ops.length - 1]!;
      for (const src of ops.slice(0, -1)) targets.push({ dest, name: posix.basename(src.value.replace(/\/+$/, '')) });
    }
  }
  for (const r of view.cmd.redirects) if (/^(>|>>|>\||&>)$/.test(r.op)) targets.push({ dest: r.target });
  const facts: Fact[] = [];
  if (!targets.length) return facts;
  const dirs = pathDirs(ctx);
  for (const { dest, name } of targets) {
    if (dest.dynamic || dest.value.includes(DYN)) continue;
    const abs = absolutePath(dest.value, ctx);
    const intoDir = dirs.has(abs) || dest.value.endsWith('/');
    const dir = intoDir ? abs : posix.dirname(abs);
    const cmdName = intoDir ? name : posix.basename(abs);
    if (cmdName && dirs.has(dir) && (COMMON.has(cmdName) || installedElsewhere(cmdName, dir, dirs, ctx)))
      facts.push({ id: 'exec.path-shadow', detail: `${dir}/${cmdName}`, span: dest.span });
  }
  return facts;
};
