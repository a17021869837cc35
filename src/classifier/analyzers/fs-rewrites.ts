/*!
 * Deletes and rewrites by other names. Archivers and copiers that remove their sources (`zip -m`,
 * `7z -sdel`, `rar m`, `rsync --remove-source-files`, `rclone move`) delete them as far as the
 * file system is concerned; editors run as scripts (`ex`, `ed`, `vim -es`, `emacs --batch`) rewrite
 * the files they are given; and every way of making a file empty (`: >`, `cp /dev/null`, `sort -o`,
 * `install`, `ln -sf /dev/null`, `mv -f`, `tee < /dev/null`, `dd`, `sed -i d`, `ex '%d'`) gives one
 * fact, `fs.empty.<class>`, so that one rule decides about emptying a file outside the project.
 */
import type { Command, Word } from '../../parser/model.js';
import type { Analyzer, Fact } from '../facts.js';
import type { CommandView } from '../command-view.js';
import type { Context } from '../context.js';
import { hasFlag } from '../command-view.js';
import { staticOutput } from '../../parser/static-output.js';
import { target } from './fs-target.js';
import { homeDotPath } from './home-dotfiles.js';

/** Sources of nothing: what is copied, linked or read from them makes a file empty. */
const EMPTY_SOURCE = /^\/dev\/(null|zero)$/;
const HARMLESS_TARGET = /^\/dev\/(null|zero|stdout|stderr|stdin|tty|fd\/\d+|random|urandom|full|tcp\/.*|udp\/.*)$/;

function fact(word: Word, ctx: Context, prefix: string, value = word.value): Fact {
  return target(value === word.value ? word : { ...word, value }, ctx, prefix);
}

export const fsRewritesAnalyzer: Analyzer = ({ view, ctx }) => {
  // As for redirects: a rewrite of a plain file in the home directory is a file like any other; its dotfiles are config.
  return rewrites(view, ctx).filter((f) => f.id !== 'fs.write.home-sub' || homeDotPath(f.detail ?? '', ctx));
};

function rewrites(view: CommandView, ctx: Context): Fact[] {
  const p = view.program;
  const facts: Fact[] = [...emptiedByRedirect(view.cmd, ctx)];
  switch (p) {
    case 'zip':
      if (view.cmd.argv.some((w) => w.value === '--move' || /^-[a-zA-Z0-9]*m[a-zA-Z0-9]*$/.test(w.value))) {
        for (const s of zipSources(view)) facts.push(fact(s, ctx, 'fs.delete-recursive'));
      }
      break;
    case '7z':
    case '7za':
    case '7zz':
    case '7zr':
      if (view.cmd.argv.some((w) => w.value === '-sdel')) for (const s of view.positionals.slice(2)) facts.push(fact(s, ctx, 'fs.delete-recursive'));
      break;
    case 'rar':
      if (/^(m|mf)$/.test(view.positionals[0]?.value ?? '')) for (const s of view.positionals.slice(2)) facts.push(fact(s, ctx, 'fs.delete-recursive'));
      break;
    case 'rsync':
      if (hasFlag(view, ['--remove-source-files', '--remove-sent-files']) && !hasFlag(view, ['-n', '--dry-run'])) {
        for (const s of view.positionals.slice(0, -1)) if (!/^[\w.-]*@?[\w.-]+:/.test(s.value)) facts.push(fact(s, ctx, 'fs.delete-recursive'));
      }
      break;
    case 'aws':
    case 'gsutil':
    case 'gcloud':
    case 's3cmd':
    case 'mc': {
      // `aws s3 mv ~/dir s3://b --recursive`, `gsutil mv`, `gcloud storage mv`: a local source is gone once uploaded.
      const ops = view.positionals;
      const at = ops.findIndex((w) => w.value === 'mv');
      if (at >= 0 && (p !== 'aws' || ops[at - 1]?.value === 's3') && (p !== 'gcloud' || ops[at - 1]?.value === 'storage')) {
        // without --recursive one file moves, judged as `rm` of it (`aws s3 mv notes.txt s3://b/` leaves a copy in the bucket)
        const kind = hasFlag(view, ['--recursive', '-r', '-R']) ? 'fs.delete-recursive' : 'fs.delete';
        for (const src of ops.slice(at + 1, -1))
          if (!/^[a-z][\w+.-]*:\/\/|^[\w-]+\//.test(src.value) || src.value.startsWith('./')) facts.push(fact(src, ctx, kind));
      }
      break;
    }
    case 'rclone':
      if (/^(move|moveto)$/.test(view.positionals[0]?.value ?? '') && view.positionals[1] && !/^[\w-]+:/.test(view.positionals[1].value)) {
        facts.push(fact(view.positionals[1], ctx, 'fs.delete-recursive'));
      }
      break;
    case 'cp':
    case 'install':
    case 'mv':
    case 'ln': {
      const ops = view.positionals.filter((w) => !(p === 'install' && /^\d+$/.test(w.value)));
      const dest = ops[ops.length - 1];
      if (ops.length >= 2 && dest && ops.slice(0, -1).every((s) => EMPTY_SOURCE.test(s.value)) && !HARMLESS_TARGET.test(dest.value))
        facts.push(fact(dest, ctx, 'fs.empty'));
      break;
    }
    case 'sort':
    case 'shuf': {
      const out = sortOutput(view.cmd.argv);
      if (out && !HARMLESS_TARGET.test(out.value)) {
        facts.push(fact(out, ctx, 'fs.write'));
        const inputs = view.positionals.filter((w) => w !== out.word && !w.value.startsWith('-o'));
        const none = inputs.length ? inputs.every((w) => EMPTY_SOURCE.test(w.value)) : emptyStdin(view.cmd);
        if (none) facts.push(fact(out, ctx, 'fs.empty'));
      }
      break;
    }
    case 'truncate': {
      const size =
        view.cmd.argv.find((_w, i) => /^(-s|--size)$/.test(view.cmd.argv[i - 1]?.value ?? ''))?.value ??
        /^(?:-s|--size=)(.+)$/.exec(view.cmd.argv.find((w) => /^(-s.|--size=)/.test(w.value))?.value ?? '')?.[1];
      if (size !== undefined && /^0+[KMGTPEZY]?(iB|B)?$/i.test(size))
        for (const t of view.positionals.filter((w) => w.value !== size)) facts.push(fact(t, ctx, 'fs.empty'));
      break;
    }
    case 'awk':
    case 'gawk':
      // `gawk -i inplace PROG FILE…` rewrites the files with what the program prints.
      if (view.cmd.argv.some((w, i) => (w.value === '-i' || w.value === '--include') && view.cmd.argv[i + 1]?.value === 'inplace')) {
        const ops = view.cmd.argv.slice(1).filter((w, i, a) => !w.value.startsWith('-') && !/^(-i|--include|-v|-f|-F)$/.test(a[i - 1]?.value ?? ''));
        for (const t of ops.slice(1)) facts.push(fact(t, ctx, 'fs.write'));
      }
      break;
    case 'sponge':
      // `cmd | sponge FILE` writes FILE once its input ends (`-a` appends).
      for (const t of view.positionals) {
        if (HARMLESS_TARGET.test(t.value)) continue;
        if (!hasFlag(view, ['-a'])) facts.push(fact(t, ctx, 'fs.write'));
        if (emptyStdin(view.cmd) && !hasFlag(view, ['-a'])) facts.push(fact(t, ctx, 'fs.empty'));
      }
      break;
    case 'perl':
      if (perlEmpties(view.cmd.argv.slice(1).map((w) => w.value))) for (const t of view.positionals) facts.push(fact(t, ctx, 'fs.empty'));
      break;
    // `history -w FILE` replaces FILE with the shell's history, `-a FILE` appends to it (`history -w ~/.bashrc`)
    case 'history':
      if (hasFlag(view, ['-w', '-a'])) for (const t of view.positionals) facts.push(fact(t, ctx, 'fs.write'));
      break;
    case 'tee':
      if (emptyStdin(view.cmd) && !hasFlag(view, ['-a', '--append']))
        for (const t of view.positionals) if (!HARMLESS_TARGET.test(t.value)) facts.push(fact(t, ctx, 'fs.empty'));
      break;
    case 'dd': {
      const of = view.cmd.argv.find((w) => w.value.startsWith('of='));
      const from = view.cmd.argv.find((w) => w.value.startsWith('if='))?.value.slice(3);
      const notrunc = view.cmd.argv.some((w) => /^conv=.*notrunc/.test(w.value));
      const nothing = from === '/dev/null' || view.cmd.argv.some((w) => /^count=0+$/.test(w.value));
      if (of && nothing && !notrunc && !HARMLESS_TARGET.test(of.value.slice(3))) facts.push(fact(of, ctx, 'fs.empty', of.value.slice(3)));
      break;
    }
    case 'sed':
      if (
        view.flags.some((f) => f.name === '-i' || f.name.startsWith('--in-place') || /^-[a-zA-Z]*i/.test(f.word.value)) &&
        view.positionals[0] &&
        sedEmpties(view)
      ) {
        for (const t of view.positionals.slice(1)) facts.push(fact(t, ctx, 'fs.empty'));
      }
      break;
  }
  facts.push(...editorScript(view, ctx));
  return facts;
}

/** The file `sort -o FILE` (`-oFILE`, `--output=FILE`) writes, as a word of its own value. */
function sortOutput(argv: Word[]): (Word & { word: Word }) | undefined {
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    if ((w.value === '-o' || w.value === '--output') && argv[i + 1]) return { ...argv[i + 1]!, word: argv[i + 1]! };
    const m = /^(?:-o|--output=)(.+)$/.exec(w.value);
    if (m) return { ...w, value: m[1]!, word: w };
  }
  return undefined;
}

/** `: > f`, `> f`, `echo -n > f`, `printf '' > f`, `cat /dev/null > f`: a truncating redirect of a command that writes nothing. */
function emptiedByRedirect(cmd: Command, ctx: Context): Fact[] {
  const trunc = cmd.redirects.filter(
    (r) =>
      /^(>|>\||&>)$/.test(r.op) &&
      (r.fd === null || r.fd === 1 || cmd.program === 'exec') &&
      !HARMLESS_TARGET.test(r.target.value) &&
      !/^\d+$/.test(r.target.value),
  );
  if (!trunc.length || !writesNothing(cmd)) return [];
  return trunc.map((r) => fact(r.target, ctx, 'fs.empty'));
}

function writesNothing(cmd: Command): boolean {
  const p = cmd.program;
  // `exec 3> f`, `exec > f`: the shell opens (and truncates) f for what comes later.
  if (p === ':' || p === 'true' || p === 'false' || (p === 'exec' && cmd.argv.length === 1)) return true;
  if (p === 'cat' || p === 'head' || p === 'tail') {
    const files = cmd.argv.slice(1).filter((w) => !w.value.startsWith('-'));
    const zero = cmd.argv.some(
      (w, i) => /^(-c|-n|--bytes|--lines)=?0+$/.test(w.value) || (/^(-c|-n|--bytes|--lines)$/.test(w.value) && /^0+$/.test(cmd.argv[i + 1]?.value ?? '')),
    );
    if (p !== 'cat' && zero) return true;
    return files.length > 0 ? files.every((w) => EMPTY_SOURCE.test(w.value) && w.value === '/dev/null') : emptyStdin(cmd);
  }
  return staticOutput(cmd) === '';
}

/** stdin is `/dev/null`, an empty here-string/heredoc, or a pipe from a command that writes nothing. */
function emptyStdin(cmd: Command): boolean {
  const s = cmd.stdin;
  if (!s) return false;
  if (s.kind === 'file') return !s.path.dynamic && s.path.value === '/dev/null';
  if (s.kind === 'heredoc' || s.kind === 'herestring') return !s.dynamic && s.text.trim() === '';
  if (s.kind === 'pipe') return s.text === '' || (s.from.length > 0 && s.from.every(writesNothing));
  return false;
}

/** `perl -i -ne ''`, `perl -pi -e '$_=""'`, `perl -i -ne 'print if 0'`: in-place edits that leave nothing. */
function perlEmpties(args: string[]): boolean {
  const bundles = args.filter((a) => /^-[a-zA-Z]+$/.test(a)).join('');
  if (!/i/.test(bundles) && !args.some((a) => /^-i\S*$/.test(a))) return false;
  const code = args[args.findIndex((a) => /^-[a-zA-Z]*e$/.test(a)) + 1] ?? '';
  if (/p/.test(bundles)) return /^\s*(\$_\s*=\s*(''|""|undef)|undef\s+\$_|\$_\s*=\s*q\{\})\s*;?\s*$/.test(code);
  return /n/.test(bundles) && !/\bprint|\bsay|\bprintf|\bsyswrite/.test(code);
}

/** Addresses that cover every line (`1,$`, `/.*∕`, `/^/`, none) before a `d`. */
const ALL_LINES = String.raw`(?:|1,\$|0,\$|\/\.\*\/|\/\^\/|\/\$\/|\/\/|\$!|1,\$!?)`;
const SED_DELETE_ALL = new RegExp(String.raw`^\s*(?:${ALL_LINES}\s*[dD]\s*;?\s*)+$`);

/** A sed script that leaves nothing: delete every line, or `-n` with nothing printed. */
function sedEmpties(view: CommandView): boolean {
  const script = view.positionals[0]!.value;
  if (SED_DELETE_ALL.test(script)) return true;
  const quiet = view.flags.some((f) => f.name === '-n' || f.name === '--quiet' || f.name === '--silent' || /^-[a-zA-Z]*n/.test(f.word.value));
  return quiet && !/[pPwl=]/.test(script.replace(/\/(?:\\.|[^/])*\//g, ''));
}

const EDITORS = new Set(['ex', 'ed', 'red', 'vim', 'vi', 'nvim', 'gvim', 'view', 'emacs', 'kak']);
/** Ex commands that empty the buffer: `%d`, `1,$d`, `g/^/d`, `%delete`, `normal ggdG`. */
const EX_EMPTIES =
  /(^|[|\n:;\s])(%|1,\$|0,\$)\s*d(el(ete)?)?\b|g\/[.^$]?\*?\/d\b|ggdG|normal!?\s+(gg)?dG|\(erase-buffer\)|delete-region\s+\(point-min\)\s+\(point-max\)/;

/**
 * An editor run as a script (`ex`, `ed`, `vim -es`, `vim -c CMD FILE`, `nvim --headless`, `emacs --batch`):
 * the files it opens are rewritten (`fs.write`), and emptied when the script deletes every line.
 */
function editorScript(view: CommandView, ctx: Context): Fact[] {
  const p = view.program;
  if (!p || !EDITORS.has(p)) return [];
  const argv = view.cmd.argv.slice(1);
  const values = argv.map((w) => w.value);
  const lineEditor = p === 'ex' || p === 'ed' || p === 'red';
  const scripted =
    lineEditor ||
    values.some(
      (v) =>
        /^-[a-zA-Z]*[eEs][a-zA-Z]*$/.test(v) ||
        v === '--headless' ||
        v === '--batch' ||
        v === '-batch' ||
        v === '--script' ||
        v === '-c' ||
        v === '--cmd' ||
        v.startsWith('+'),
    );
  if (!scripted) return [];
  const exMode = values.some((v) => /^-[a-zA-Z]*[eE][a-zA-Z]*$/.test(v));
  const cmds: string[] = [];
  const files: Word[] = [];
  for (let i = 0; i < argv.length; i++) {
    const v = values[i]!;
    if (v === '-c' || /^-[a-zA-Z]+c$/.test(v) || v === '--cmd' || v === '--eval' || v === '-eval') {
      cmds.push(argv[++i]?.value ?? '');
      continue;
    }
    // `-s FILE` is vim's normal-mode script only outside Ex mode; in `ex -s`/`vim -es` it means silent.
    if (/^(-u|-i|-S|-T|-w|-W|-l|--load|-f|--file)$/.test(v) || (v === '-s' && !lineEditor && !exMode)) {
      i++;
      continue;
    }
    if (v.startsWith('+')) {
      cmds.push(v.slice(1));
      continue;
    }
    if (v.startsWith('-')) continue;
    files.push(argv[i]!);
  }
  const s = view.cmd.stdin;
  if (s && (s.kind === 'heredoc' || s.kind === 'herestring' || (s.kind === 'pipe' && s.text !== null))) cmds.push(s.text ?? '');
  const text = cmds.join('\n');
  // A script that writes nothing back (`vim -es -c 'g/x/p' -c q f`) leaves the files as they were.
  if (
    cmds.length &&
    !/(^|[|\n:;\s])(w|wq|x|xit|wall|wa|up|update|exit|save-buffer|write-file)!?(\s|$|[|;\n])|\(save-buffer\)|\bZZ\b/.test(text) &&
    !(lineEditor && /(^|\n)\s*w/.test(text))
  )
    return [];
  const empties = EX_EMPTIES.test(text) || (p === 'ed' && /(^|\n)\s*(1,\$|,|%)?d\s*(\n|$)/.test(text));
  const out: Fact[] = [];
  for (const f of files) {
    if (HARMLESS_TARGET.test(f.value)) continue;
    out.push(fact(f, ctx, 'fs.write'));
    if (empties) out.push(fact(f, ctx, 'fs.empty'));
  }
  return out;
}

/** The files `zip` reads (after the archive name; not what `-x`/`-i` exclude or include). */
function zipSources(view: CommandView): Word[] {
  const argv = view.cmd.argv.slice(1);
  const out: Word[] = [];
  let archive = false;
  let patterns = false;
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i]!.value;
    if (v === '-x' || v === '-i' || v === '--exclude' || v === '--include') {
      patterns = true;
      continue;
    }
    if (/^-(b|n|t|tt|P|O|Z|s|sp)$/.test(v)) {
      i++;
      continue;
    }
    if (v.startsWith('-')) {
      patterns = false;
      continue;
    }
    if (patterns) continue;
    if (!archive) {
      archive = true;
      continue;
    }
    out.push(argv[i]!);
  }
  return out;
}
