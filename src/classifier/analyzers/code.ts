/*!
 * Code execution facts: shells, `eval`, `source` and interpreters whose code comes from the
 * network (`curl … | sh`, `bash <(curl …)`) or a decoder (`base64 -d | bash`), or is only known
 * at run time; and inline interpreter code that deletes files or runs shell commands.
 */
import type { Analyzer, Fact } from '../facts.js';
import { isDecoder, isFetcher, producers } from '../producers.js';
import { interpreterCode, isInterpreter } from '../../parser/interpreters.js';
import { SHELLS } from '../../parser/shells.js';
import { sqlFacts } from './sql-statements.js';
import { mutationFieldsInText } from './http.js';
import type { Command } from '../../parser/model.js';
import { codeWrites } from './code-writes.js';
import { withHomeLiterals } from './code-home-paths.js';
import { DELETE_API, literalDeletes } from './code-deletes.js';
import { computedNameFacts, graphqlDynamicFacts } from './code-computed.js';

const CODE_RUNNERS = new Set([...SHELLS, 'eval', 'source', '.', 'exec', 'trap']);

const SHELL_API =
  /\b(system\s+[$@]|exec\s+[$@]|os\.system|os\.popen|subprocess|child_process|execSync|spawnSync|exec\s*\(|system\s*\(|popen|shell_exec|passthru|proc_open|Runtime\.getRuntime|Open3|IO\.popen|%x\{|Start-Process|Invoke-Expression)/;
/** SDK calls whose name says they destroy a remote resource: `client.deleteIndex(…)`, `algolia.clearObjects(…)`, `s3.deleteBucket(…)`. */
const DESTROY_CALL =
  /\.((?:delete|drop|destroy|purge|clear|truncate|wipe|flush)(?:All|Many|Index|Indices|Objects?|Database|Table|Collection|Bucket|Queue|Topic|Stream|Cluster|Instance|Project|Users?|Namespace|Keys?|Secret|Volume|Service|Repository|Repo|Environment)\w*)\s*\(/;
/** ActiveRecord calls that destroy rows: `User.delete_all`, `Project.find(1).destroy`, `Order.destroy_by(…)`. */
const RECORD_DESTROY = /\.(destroy_all|delete_all|destroy_by|delete_by|really_destroy!|destroy!?)(?![\w!?])/;
/** An HTTP DELETE from inline code: `requests.delete(…)`, `axios.delete(…)`, `fetch(u, { method: 'DELETE' })`. */
const HTTP_DELETE =
  /\b(?:requests|httpx|session|client|axios|got|ky|superagent|http|api|s)\.delete\s*\(|\.delete\s*\(\s*['"`](?:https?:\/\/|\/)|method\s*[:=]\s*['"](?:DELETE|PURGE)['"]|Net::HTTP::Delete|-Method\s+Delete\b/i;
/** The method as a call's first argument: `requests.request('DELETE', u)`, `conn.request("DELETE", "/v1/x")`, `http.NewRequest("DELETE", u, nil)`. */
const METHOD_ARG_DELETE = /[\w.]\s*\(\s*['"](?:DELETE|PURGE)['"]\s*,/;
const URL_IN_CODE = /https?:\/\/[^\s'"`)]+/;
const SQL_CALL =
  /\b(execute\w*|exec|query|raw|run|sql|prepare|command|cursor|executemany|executescript|\$executeRaw\w*|\$queryRaw\w*)\s*\(\s*(\w+\s*,\s*)?(\w+\s*\(\s*)?(f|r|b)?[`'"]{1,3}\s*$/i;
const SQL_IN_CODE = /\b(DROP\s+(TABLE|DATABASE|SCHEMA)|TRUNCATE\s+(TABLE\s+)?\w|DELETE\s+FROM\s+\w+\s*(;|["'`]|$))/i;

export const codeAnalyzer: Analyzer = ({ view, parseSql, line, ctx }) => {
  const cmd = view.cmd;
  const p = cmd.program;
  const facts: Fact[] = [];
  // A shell, an interpreter, or a program run by the path of a file the line downloaded.
  const runsCode = (p !== null && CODE_RUNNERS.has(p)) || isInterpreter(p) || !!cmd.argv[0]?.sources?.length;
  if (runsCode) {
    const from = producers(cmd);
    const fetcher = from.find(isFetcher);
    const decoder = from.find(isDecoder);
    if (fetcher) facts.push({ id: 'exec.remote-code', detail: fetcher.program ?? undefined, span: cmd.span });
    else if (decoder) facts.push({ id: 'exec.decoded-code', detail: decoder.program ?? undefined, span: cmd.span });
  }
  if (isInterpreter(p)) {
    for (const code of interpreterCode(cmd).map((c) => withHomeLiterals(c, ctx.env.HOME))) {
      if (DELETE_API.test(code)) facts.push(...(literalDeletes(code, cmd, ctx) ?? [{ id: 'code.delete', detail: DELETE_API.exec(code)?.[1], span: cmd.span }]));
      if (SHELL_API.test(code) && !shellCallsVisible(code)) facts.push({ id: 'code.shell', detail: SHELL_API.exec(code)?.[1], span: cmd.span });
      facts.push(...codeWrites(code, cmd, ctx), ...computedNameFacts(code, p, cmd.span), ...graphqlDynamicFacts(code, cmd.span));
      for (const field of mutationFieldsInText(code)) facts.push({ id: 'http.graphql-destructive', detail: field, span: cmd.span });
      const del = HTTP_DELETE.exec(code) ?? METHOD_ARG_DELETE.exec(code);
      if (del) facts.push({ id: 'http.delete', detail: URL_IN_CODE.exec(code)?.[0] ?? del[0].trim(), span: cmd.span });
      const record = /^(ruby|rails|gitlab-rails)$/.test(p ?? '') ? RECORD_DESTROY.exec(code) : null;
      if (record) facts.push({ id: 'code.delete', detail: record[1], span: cmd.span });
      const call = DESTROY_CALL.exec(code);
      if (call) facts.push({ id: 'code.delete', detail: call[1], span: cmd.span });
      // the whole environment (every token in it) sent to a URL: `urlopen(u, data=str(dict(os.environ)).encode())`
      if (WHOLE_ENV.test(code) && URL_IN_CODE.test(code) && SENDS.test(code)) facts.push({ id: 'secrets.exfil', detail: 'the environment', span: cmd.span });
      if (SOCKET_API.test(code) && SPAWNS_SHELL.test(code)) facts.push({ id: 'exec.remote-code', detail: 'a socket', span: cmd.span });
      if (RUNS_CODE.test(code) && DECODES.test(code)) facts.push({ id: 'exec.decoded-code', detail: DECODES.exec(code)?.[1], span: cmd.span });
      if (/\b(iex|Invoke-Expression)\b/i.test(code) && /\b(iwr|irm|Invoke-WebRequest|Invoke-RestMethod|DownloadString|WebClient)\b/i.test(code)) {
        facts.push({ id: 'exec.remote-code', detail: 'Invoke-WebRequest', span: cmd.span });
      }
      const sql = SQL_IN_CODE.exec(code);
      // Only SQL handed to a driver (`execute('DROP TABLE t')`, `db.query(…)`), not SQL in a message (`puts 'drop table'`).
      if (sql && SQL_CALL.test(code.slice(Math.max(0, sql.index - 80), sql.index)))
        facts.push(...sqlFacts(sql[0].replace(/["'`]$/, ''), cmd.span, parseSql).map((f) => ({ ...f, detail: f.detail ?? sql[0] })));
    }
  }
  if (p === 'pwsh' || p === 'powershell') {
    const enc = cmd.argv.slice(1).find((w) => /^-(e|ec|enc|encodedcommand)$/i.test(w.value));
    if (enc) facts.push({ id: 'exec.decoded-code', detail: `${p} ${enc.value}`, span: cmd.span });
  }
  // A shell reading commands from a network peer, or answering one: `cat f | sh -i 2>&1 | nc host 4444 > f`.
  if (p !== null && SHELLS.has(p) && readsCommands(cmd)) {
    const peers = [...producers(cmd), ...line.commands.filter((c) => c.stdin?.kind === 'pipe' && c.stdin.from.includes(cmd))];
    const net = peers.find((c) => c.program && NETWORK_PEERS.has(c.program));
    if (net) facts.push({ id: 'exec.remote-code', detail: net.program ?? undefined, span: cmd.span });
  }
  if (isForkBomb(cmd, line.source)) facts.push({ id: 'system.fork-bomb', detail: p ?? undefined, span: cmd.span });
  return facts;
};

/** The environment as a whole (not one variable of it): `dict(os.environ)`, `JSON.stringify(process.env)`, `ENV.to_h`, `%ENV`. */
const WHOLE_ENV =
  /\bos\.environ(?!\s*[[.(])|\bos\.environ\.(?:items|copy)\s*\(|\bprocess\.env(?!\s*[[.])|\bENV\.(?:to_h|to_a|inspect)\b|%ENV\b|\bDeno\.env\.toObject\s*\(/;
/** Calls that send a request body. */
const SENDS =
  /\b(urlopen|requests\.(?:post|put|patch)|httpx\.(?:post|put)|fetch|axios|http\.request|https\.request|Net::HTTP|post_form|curl_exec|sendall|send)\b/;

/** Code that opens a network connection and hands it a shell: a reverse shell. */
const SOCKET_API =
  /(socket\.socket|socket\.create_connection|fsockopen|TCPSocket|IO::Socket|socket\s*\(\s*S\b|net\.connect|net\.Socket|new\s+Socket|\/dev\/tcp\/)/;
const SPAWNS_SHELL = /(\/bin\/(ba|z|da)?sh\b|\bsh\s+-i\b|cmd\.exe|pty\.spawn|dup2|\bexec\b|subprocess|spawn\s*\(|\bsystem\s*\()/;
/** Code that runs what it decodes: `eval(Buffer.from(…, 'base64'))`, `exec(b64decode(…))`, `os.system(b64decode(…))`, perl's `eval pack("H*", …)`. */
const RUNS_CODE = /\b(eval|exec|Function|compile|instance_eval|system|popen)\s*\(|\b(eval|exec|system)\s+(?=[\w$"'])/;
const DECODES = /(b64decode|base64|atob\s*\(|unpack\s*\(\s*['"]m|pack\s*\(\s*['"]H\*|decode64|fromCharCode|unhexlify|bytes\.fromhex|codecs\.decode)/;
const NETWORK_PEERS = new Set(['nc', 'ncat', 'netcat', 'socat', 'telnet', 'openssl', 'cryptcat']);

/** A shell that runs commands from its input (interactive, or no -c and no script). */
function readsCommands(cmd: Command): boolean {
  const args = cmd.argv.slice(1);
  if (args.some((w) => /^-[a-z]*i[a-z]*$/.test(w.value))) return true;
  return !args.some((w) => /^-[a-z]*c[a-z]*$/.test(w.value) || !w.value.startsWith('-'));
}

const EXEC_NAME =
  /(?:os\.system|os\.popen|subprocess\.\w+|execSync|execFileSync|execFile|exec|spawnSync|spawn|system|popen|shell_exec|passthru|proc_open|Open3\.\w+|IO\.popen)\s*\(/g;
/** The string literals a call's arguments are made of (`'ls -la'`, `["git", "status"]`, `"git", ["push"]`); null when any is not one. */
function literalArgs(rest: string): string[] | null {
  const out: string[] = [];
  let at = 0;
  let inList = false;
  for (let n = 0; n < 64; n++) {
    const open = /^\s*\[\s*/.exec(rest.slice(at));
    if (open) {
      inList = true;
      at += open[0].length;
    }
    const lit = /^(['"])((?:\\.|(?!\1).)*)\1\s*/.exec(rest.slice(at));
    if (!lit) return null;
    out.push(lit[2]);
    at += lit[0].length;
    const close = /^\]\s*/.exec(rest.slice(at));
    if (close) {
      inList = false;
      at += close[0].length;
    }
    const sep = /^([,)])\s*/.exec(rest.slice(at));
    if (!sep) return null;
    at += sep[0].length;
    if (sep[1] === ')') return out;
    const next = rest.slice(at);
    if (/^['"]/.test(next) || (!inList && /^\[/.test(next))) continue;
    // Past the command's words, options (`check=True`, `{ stdio: … }`) say nothing about what runs.
    return !inList && (/^\{/.test(next) || /^\w+\s*=[^=]/.test(next) || /^\w+:\s/.test(next)) ? out : null;
  }
  return null;
}

/**
 * Every shell call of the code takes plain string literals (`os.system('ls')`, `execSync("git status")`,
 * `run(["git", "status"])`): the parser judges those as command lines, so the call itself says nothing
 * more. Variables, f-strings, templates and backticks stay unseen.
 */
function shellCallsVisible(code: string): boolean {
  if (code.includes('`') || /%x[{(]/.test(code)) return false;
  let calls = 0;
  for (const m of code.matchAll(EXEC_NAME)) {
    const lits = literalArgs(code.slice(m.index + m[0].length));
    if (!lits || lits.some((l) => /\$\{|%[sdr]|\{\w*\}|#\{/.test(l))) return false;
    calls++;
  }
  return calls > 0;
}

/** `f | f &` where f is a function defined in the line: a process that doubles itself forever. */
function isForkBomb(cmd: Command, source: string): boolean {
  const p = cmd.program;
  if (!p || cmd.stdin?.kind !== 'pipe' || !cmd.stdin.from.some((c) => c.program === p)) return false;
  const name = p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[\\s;&|({])(function\\s+)?${name}\\s*\\(\\)\\s*\\{`).test(source);
}
