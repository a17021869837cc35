/*!
 * Commands sent to key-value and proxy servers: redis-cli's arguments, stdin and EVAL scripts
 * (`FLUSHALL`, `DEL key`, `CONFIG SET`), and commands typed into a server's text protocol through
 * netcat or socat (`echo flush_all | nc localhost 11211`, HAProxy's `disable server`).
 */
import type { AnalyzerInput, Fact } from '../facts.js';
import type { CommandView } from '../command-view.js';
import { absolutePath } from '../path-class.js';

const REDIS_DESTRUCTIVE = /^(flushall|flushdb|del|unlink|shutdown|config|debug|swapdb|migrate|script|function|acl|cluster|replicaof|slaveof)$/i;

export function redisFacts(view: CommandView, ctx: AnalyzerInput['ctx']): Fact[] {
  const words = view.positionals.map((w) => w.value);
  const stdin = view.cmd.stdin;
  // Commands on stdin: piped, a heredoc, or a file (`redis-cli < cmds.txt`).
  const text =
    stdin && 'text' in stdin ? stdin.text : stdin?.kind === 'file' && !stdin.path.dynamic ? ctx.readFile?.(absolutePath(stdin.path.value, ctx)) : null;
  const lines = text ? text.split('\n').map((l) => l.trim().split(/\s+/)) : [];
  // EVAL's Lua script runs commands of its own: `EVAL "return redis.call('flushall')" 0`.
  const scripted = /^eval(_ro)?$/i.test(words[0] ?? '')
    ? [...(words[1] ?? '').matchAll(/redis\.p?call\s*\(\s*['"](\w+)['"]\s*(?:,\s*['"](\w+))?/g)].map((m) => [m[1]!, m[2] ?? ''])
    : [];
  // `redis-cli --cluster del-node host id`; `--cluster call host CMD …` runs CMD on every node
  const cluster = view.flags.some((f) => f.name === '--cluster');
  if (cluster && words[0] === 'del-node') return [{ id: 'db.destructive', detail: 'CLUSTER DEL-NODE', span: view.cmd.span }];
  if (cluster && words[0] === 'call') words.splice(0, 2);
  const commands = [words, ...lines, ...scripted].filter((c) => c[0]);
  // `DEL session:123`: keys named in full (no glob reaches DEL) are a targeted delete, as `DELETE … WHERE id = 1`;
  // keys from input or a substitution (`--scan … | xargs redis-cli del`) are not known.
  const named = !view.cmd.extraArgsUnknown && !view.positionals.some((w) => w.dynamic);
  return commands
    .filter((c) => REDIS_DESTRUCTIVE.test(c[0]!) && !REDIS_READING.test(c[1] ?? ''))
    .map((c) => ({
      id: /^flush/i.test(c[0]!) ? 'db.flush' : named && c.length > 1 && /^(del|unlink)$/i.test(c[0]!) ? 'sql.delete' : 'db.destructive',
      detail: c[0]!.toUpperCase(),
      span: view.cmd.span,
    }));
}

/** Subcommands of CONFIG, CLUSTER, SCRIPT, FUNCTION, ACL and DEBUG that only read: `CONFIG GET maxmemory`, `CLUSTER INFO`. */
const REDIS_READING =
  /^(get|info|nodes|slots|shards|myid|myshardid|links|keyslot|countkeysinslot|getkeysinslot|list|whoami|cat|users|getuser|log|exists|stats|dump|help|object|genpass|count-failure-reports)$/i;

export const NETCAT = new Set(['nc', 'ncat', 'netcat', 'telnet', 'socat']);
const WIRE_DESTRUCTIVE =
  /^\s*(flush_all|flushall|flushdb|shutdown\b(\s+(sessions|frontend|server))?|disable\s+(server|frontend|backend)|del\s+(server|map|acl)|clear\s+(table|map|acl)|set\s+server\s+\S+\s+state\s+(maint|drain))/im;

/**
 * Commands typed straight into a server's text protocol: `echo flush_all | nc localhost 11211`, `printf 'FLUSHALL\r\n' | nc redis 6379`,
 * HAProxy's runtime API (`echo 'disable server be/web1' | socat stdio /run/haproxy.sock`).
 */
export function wireFacts(view: CommandView): Fact[] {
  const s = view.cmd.stdin;
  const text = s && 'text' in s ? s.text : null;
  const m = text ? WIRE_DESTRUCTIVE.exec(text) : null;
  return m ? [{ id: /^flush/i.test(m[1]) ? 'db.flush' : 'db.destructive', detail: m[1], span: view.cmd.span }] : [];
}
