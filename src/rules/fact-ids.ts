/*!
 * The facts analyzers produce (src/classifier/analyzers/*.ts), as rules can match them with
 * `facts:` / `not_facts:`. Used by `rules lint` to flag a fact glob that nothing produces, and by
 * docs/rulesets.md. test/rules/fact-ids.test.ts fails when an analyzer gains an id missing here.
 */
import { anyGlob } from './glob.js';
import { dict } from '../util/dict.js';

/** Where a path points (src/classifier/path-class.ts), appended to path facts: `fs.delete.home`. */
export const PATH_CLASSES = [
  'root',
  'home',
  'home-sub',
  'system',
  'system-file',
  'device',
  'parent',
  'cwd',
  'wildcard',
  'scratch',
  'tmp',
  'outside',
  'inside',
  'dynamic',
  'container',
] as const;

/** Fact families that end in a path class, with what they mean. */
export const PATH_FACTS: Record<string, string> = dict({
  'fs.delete': 'rm/unlink/trash of a path (not recursive)',
  'fs.delete-recursive': 'rm -r of a path',
  'fs.shred': 'shred/wipe/srm of a path',
  'fs.truncate': 'truncate -s 0 of a path',
  'fs.find-delete': 'find START -delete without filters',
  'fs.find-delete-filtered': 'find START -name … -delete',
  'fs.overwrite': 'mv/cp/rsync/install/ln onto a path',
  'fs.move': 'mv of a source path',
  'fs.sync-delete': 'rsync --delete into a path',
  'fs.chmod': 'chmod/chown/chgrp/setfacl of a path',
  'fs.chmod-recursive': 'chmod -R (and chown -R …) of a path',
  'fs.setuid': 'chmod setting the set-user-ID bit of a path (u+s, 4755)',
  'fs.write': 'a > redirect, tee, dd of=, sed -i onto a path',
  'fs.append': 'a >> redirect onto a path',
  'fs.fill': 'dd from /dev/zero or /dev/urandom without count= onto a path (writes until the disk is full)',
  'fs.empty': 'a path made empty, by any tool (: >, cp /dev/null, sort -o, install, ln -sf /dev/null, tee < /dev/null, dd, sed -i d, an editor script)',
  'db.backup-overwrite': "SQLite's .backup/.save writing the database over a path",
});

/** Facts without a path class. */
export const PLAIN_FACTS: Record<string, string> = dict({
  'fs.no-preserve-root': 'rm --no-preserve-root',
  'fs.format-image': 'mkfs/mkswap given a regular file (a disk image), not a device',
  'fs.move-home-config': 'mv of a dotfile of the home directory (~/.zshrc, ~/.gitconfig) somewhere else',
  'verb.destructive':
    'a destroying verb in the verb position of any CLI (delete, destroy, purge, drop, …), or a destroying action in a JSON argument ("Action": "DELETE")',
  'verb.disruptive': 'a verb that stops, restarts or suspends a running service (stop, restart, reboot, deallocate, failover …)',
  'verb.read': 'a reading verb in the verb position (list, get, describe, …)',
  'verb.destructive-flag': 'a long flag that destroys (--delete, --purge, --force-delete, …)',
  'verb.destructive-mass': 'a container CLI stopping, killing or removing every container a listing returns (docker stop $(docker ps -q))',
  'verb.destructive-program': 'a program whose name is the verb (lvremove, dropuser, wipefs, userdel)',
  'http.delete': 'an HTTP DELETE (or PURGE, BAN) (curl, wget, httpie, xh, gh api, or inline interpreter code)',
  'http.write': 'an HTTP POST, PUT or PATCH',
  'http.destructive-endpoint': 'a POST/PUT/PATCH to a URL whose path names a destroying verb (/v1/volumes/x/delete)',
  'http.auth': 'an HTTP request with credentials (Authorization header, -u, gh api)',
  'http.graphql-destructive': 'a GraphQL mutation whose field name destroys (volumeDelete); detail is the field',
  'sql.drop-database': 'DROP DATABASE / DROP SCHEMA',
  'sql.drop': 'DROP TABLE/INDEX/ROLE/…; detail is the object kind',
  'sql.truncate': 'TRUNCATE',
  'sql.delete': 'DELETE with a WHERE',
  'sql.delete-all': 'DELETE without a real WHERE',
  'sql.update': 'UPDATE with a WHERE',
  'sql.update-all': 'UPDATE without a real WHERE',
  'sql.alter-drop': 'ALTER TABLE … DROP',
  'sql.write': 'SELECT … INTO',
  'db.flush': 'redis FLUSHALL/FLUSHDB',
  'db.destructive': 'other destroying redis commands (DEL, SHUTDOWN, CONFIG, …)',
  'db.drop': 'mongo dropDatabase/drop/deleteMany({})',
  'db.delete': 'mongo deleteMany/remove with a filter',
  'exec.remote-code': 'a shell or interpreter running code fetched from the network (curl … | sh)',
  'exec.decoded-code': 'a shell or interpreter running decoded code (base64 -d | bash)',
  'code.delete': 'inline interpreter code that deletes files (python -c "shutil.rmtree(…)")',
  'code.shell': 'inline interpreter code that runs shell commands',
  'system.crontab-replace': 'crontab FILE or crontab - replacing the whole crontab with content that does not start from crontab -l',
  'system.shell-over-network': 'a shell or interpreter whose input or output is redirected to /dev/tcp or /dev/udp (a reverse shell)',
  'system.fork-bomb': 'a function piped into itself in the background',
  'secrets.read': 'a command that reads a credential store (~/.aws/credentials, .env, *.pem, …)',
  'secrets.exfil': 'a network command sending a secret or the environment somewhere',
  'self.write': "a write to shellgate's own config, rules, approvals or audit log",
  'self.kill': 'killing the shellgate process',
  'self.agent-hooks': "a write to an agent's hook settings (.claude/settings.json, .codex/hooks.json, .opencode/plugins/, …)",
  'self.agent-settings': "a write, move or delete of an agent's hook settings (.claude/settings.json, .gemini/settings.json, .cursor/hooks.json, …)",
  'code.dynamic': 'inline interpreter code that names what it calls at run time (getattr(os, "sys" + "tem"), require("fs")[x], perl qx of a variable)',
  'exec.path-shadow': "a file put into a PATH directory under a command's name (cp x ~/.local/bin/git)",
  'http.graphql-dynamic': 'a GraphQL request whose document cannot be read (built at run time, an unread @file, inline code reading it)',
  'http.dynamic-method': 'an HTTP request whose method is only known at run time (-X "$M", --expand-request of an unknown variable)',
  'sql.unread-file': 'SQL run from a file that cannot be read here (absent, unreadable, or named at run time); detail is its name',
  'sql.dynamic': 'SQL that runs SQL built at run time (EXECUTE format(…), dblink_exec of a computed string, \\gexec, a statement from a variable)',
  'db.dynamic': 'a MongoDB command document held in a variable (db.runCommand(cmd))',
  'db.restore': "SQLite's .restore replacing the database",
  'self.approve': 'an approval or trust command of shellgate run through a JavaScript runtime (node …/shellgate.js approve)',
});

let all: string[] | null = null;

/** Every concrete fact id. */
export function allFactIds(): string[] {
  all ??= [...Object.keys(PATH_FACTS).flatMap((f) => PATH_CLASSES.map((c) => `${f}.${c}`)), ...Object.keys(PLAIN_FACTS)];
  return all;
}

/** True when some fact an analyzer produces matches the glob. */
export function factGlobReachable(glob: string): boolean {
  return allFactIds().some((id) => anyGlob([glob], id));
}
