/*!
 * Whether a git config file may make git run a program. A list of the keys that do is never
 * complete (core.fsmonitor, core.hooksPath and sshCommand are known; gpg.ssh.defaultKeyCommand,
 * core.alternateRefsCommand, sendemail.sendmailCmd or protocol.ext.allow for an `ext::` remote
 * were not on it, and git adds more), so the answer is the other way round: a config runs nothing
 * only when every key in it is one of those that `git init`, `git clone`, `git submodule` and
 * everyday `git config` in a checkout write and that name no program. Anything else, or a file
 * this cannot read as git config, counts as running a program (git-metadata.ts then moves a
 * config a contained command wrote, or the redirect to it, aside).
 */

/** Keys (`section.key`, `section.*.key` for a subsection) that never run a program. */
const SAFE = new Set(
  [
    'core.repositoryformatversion core.filemode core.bare core.logallrefupdates core.ignorecase core.precomposeunicode core.symlinks core.worktree',
    'core.autocrlf core.eol core.safecrlf core.quotepath core.compression core.loosecompression core.bigfilethreshold core.preloadindex',
    'core.untrackedcache core.splitindex core.commitgraph core.multipackindex core.sparsecheckout core.sparsecheckoutcone core.abbrev',
    'core.checkstat core.trustctime core.protecthfs core.protectntfs core.sharedrepository core.warnambiguousrefs core.longpaths',
    'remote.*.url remote.*.pushurl remote.*.fetch remote.*.push remote.*.tagopt remote.*.prune remote.*.mirror remote.*.promisor',
    'remote.*.partialclonefilter branch.*.remote branch.*.merge branch.*.rebase branch.*.pushremote branch.*.description',
    'submodule.*.url submodule.*.active submodule.*.branch submodule.*.ignore submodule.*.fetchrecursesubmodules submodule.recurse',
    'user.name user.email user.signingkey author.name author.email committer.name committer.email init.defaultbranch',
    'extensions.objectformat extensions.refstorage extensions.worktreeconfig extensions.partialclone extensions.preciousobjects',
    'pull.rebase pull.ff fetch.prune fetch.prunetags push.default push.autosetupremote push.followtags merge.ff merge.conflictstyle',
    'rebase.autosquash rebase.autostash rebase.updaterefs diff.algorithm diff.renames diff.colormoved status.showuntrackedfiles',
    'gc.auto gc.autodetach advice.detachedhead color.ui log.date maintenance.auto maintenance.strategy lfs.repositoryformatversion',
  ].flatMap((line) => line.split(' ')),
);

/** `[section]`, `[section "sub"]` or `[section.sub]`, and what follows it on the line. */
const HEADER = /^\s*\[\s*([A-Za-z0-9-]+)(\.[^\]\s"]*)?(?:\s+"(?:[^"\\\n]|\\.)*")?\s*\](.*)$/;
const VARIABLE = /^\s*([A-Za-z][A-Za-z0-9-]*)\s*(?:$|[=;#])/;

/**
 * The keys of git config `text` as SAFE names them; null when a line is not git config, or the
 * text has a line ending in a backslash (a value going on over the next line, which git itself
 * never writes and whose reading differs with quotes and comments: not guessed at).
 */
export function configKeys(text: string): string[] | null {
  if (/\\\r?$/m.test(text)) return null;
  const keys: string[] = [];
  let section: string | null = null;
  for (const raw of text.split('\n')) {
    let line = raw;
    const h = HEADER.exec(line);
    if (h) {
      section = h[1].toLowerCase() + (h[2] !== undefined || /^\s*\[[^\]]*"/.test(line) ? '.*' : '');
      line = h[3];
    }
    if (/^\s*([#;].*)?$/.test(line)) continue;
    const v = VARIABLE.exec(line);
    if (!v || section === null) return null;
    keys.push(`${section}.${v[1].toLowerCase()}`);
  }
  return keys;
}

/** True when the git config `text` may make git run a program (or cannot be read as config). */
export function configMayRun(text: string): boolean {
  const keys = configKeys(text);
  return keys === null || keys.some((k) => !SAFE.has(k));
}
