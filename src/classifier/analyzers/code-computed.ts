/*!
 * Inline interpreter code that builds the names it calls at run time, so that no list of dangerous
 * calls can see them: `getattr(os, "sys" + "tem")`, `__import__(m)`, `require("fs")["rm" + "Sync"]`,
 * `cp[method](…)` on child_process, perl backticks or `system` given a variable; and an HTTP POST to
 * a GraphQL endpoint whose document is not in the code. Each is dynamic (`code.dynamic`): a human
 * confirms, it is never allowed. Names that are literals are judged as the call they name.
 */
import type { Fact } from '../facts.js';
import type { Span } from '../../core/verdict.js';

/** Python modules whose attributes run commands, delete files or load code. */
const PY_MODULES =
  '(?:os|shutil|subprocess|pty|posix|builtins|__builtins__|importlib|sys|pathlib|ctypes|socket|requests|httpx|urllib(?:\\.request)?|sqlite3|psycopg2?)';
const PY_DANGEROUS_NAMES =
  /^(system|popen|exec\w*|spawn\w*|remove|unlink|rmdir|removedirs|rmtree|move|rename|replace|run|call|check_call|check_output|Popen|getoutput|getstatusoutput|truncate|eval|exec|compile|__import__|delete|post|put|patch|request)$/;
const LITERAL = /^\s*(['"])([\w.]*)\1\s*$/;

/** `getattr(os, NAME)`, `getattr(__import__('os'), NAME)`, `vars(os)[NAME]`, `os.__dict__[NAME]`. */
function pythonFacts(code: string, span: Span): Fact[] {
  const out: Fact[] = [];
  const getattr = new RegExp(
    String.raw`\bgetattr\s*\(\s*(${PY_MODULES}|__import__\s*\([^()]*\)|importlib\.import_module\s*\([^()]*\)|\w+)\s*,\s*([^,)]+(?:\([^()]*\))?[^,)]*)`,
    'g',
  );
  const modules = pythonModuleNames(code);
  for (const m of code.matchAll(getattr)) {
    const target = m[1]!;
    if (!new RegExp(`^${PY_MODULES}$`).test(target) && !/^(__import__|importlib)/.test(target) && !modules.has(target)) continue;
    const lit = LITERAL.exec(m[2]!);
    if (lit && !PY_DANGEROUS_NAMES.test(lit[2]!)) continue;
    out.push(
      lit
        ? { id: 'code.shell', detail: `getattr(${target}, '${lit[2]}')`, span }
        : { id: 'code.dynamic', detail: `getattr(${target}, …) of a name built at run time`, span },
    );
  }
  // `exec(…)`/`eval(…)`/`compile(…)` of anything but one plain literal (a literal's calls are read like the code around them).
  for (const m of code.matchAll(/(?<![.\w])(exec|eval|compile)\s*\(\s*([^)]*)\)/g)) {
    if (!/^\s*[rbu]?(['"])[^'"]*\1\s*(,|$)/.test(m[2]!)) out.push({ id: 'code.dynamic', detail: `${m[1]} of code built at run time`, span });
  }
  // `Popen(["sh"], stdin=PIPE).communicate(b"…")`: a shell reading what the code writes.
  if (/\b(Popen|run|call|check_output)\s*\(\s*\[?\s*['"](?:\/bin\/|\/usr\/bin\/)?(ba|z|da)?sh['"]\s*\]?\s*,[^)]*\b(stdin|input)\s*=/.test(code))
    out.push({ id: 'code.dynamic', detail: 'a shell fed by the code', span });
  for (const m of code.matchAll(/\b(__import__|importlib\.import_module)\s*\(\s*([^)]*)\)/g)) {
    if (!LITERAL.test(m[2]!)) out.push({ id: 'code.dynamic', detail: `${m[1]}(…) of a module named at run time`, span });
  }
  for (const m of code.matchAll(
    new RegExp(String.raw`\b(?:vars\s*\(\s*${PY_MODULES}\s*\)|${PY_MODULES}\.__dict__|globals\s*\(\s*\)|__builtins__(?:\.__dict__)?)\s*\[([^\]]+)\]`, 'g'),
  )) {
    const lit = LITERAL.exec(m[1]!);
    if (!lit || PY_DANGEROUS_NAMES.test(lit[2]!)) out.push({ id: 'code.dynamic', detail: 'a call looked up by a name built at run time', span });
  }
  return out;
}

/** Names the code binds to a dangerous module (`import os as o`, `o = __import__('os')`). */
function pythonModuleNames(code: string): Set<string> {
  const names = new Set<string>();
  for (const m of code.matchAll(
    new RegExp(
      String.raw`\bimport\s+${PY_MODULES}\s+as\s+(\w+)|(\w+)\s*=\s*(?:__import__|importlib\.import_module)\s*\(\s*['"]${PY_MODULES}['"]|(\w+)\s*=\s*${PY_MODULES}\s*(?:[;\n]|$)`,
      'g',
    ),
  ))
    names.add((m[1] ?? m[2] ?? m[3])!);
  return names;
}

const JS_MODULE = String.raw`require\s*\(\s*['"\x60](?:node:)?(?:fs|fs\/promises|child_process)['"\x60]\s*\)`;
const JS_DANGEROUS_NAMES = /^(rm|rmSync|rmdir|rmdirSync|unlink|unlinkSync|truncate\w*|writeFile\w*|rename\w*|copyFile\w*|cp|cpSync|exec\w*|spawn\w*|fork)$/;

/** `require('fs')[x]`, `fs[x]`, `cp[x]` (names bound to fs/child_process), `require(x)`, `import(x)`, `process.binding(…)`. */
function jsFacts(code: string, span: Span): Fact[] {
  const out: Fact[] = [];
  const names = ['fs', 'child_process', 'cp', ...jsModuleNames(code)].map((n) => n.replace(/\$/g, '\\$'));
  const member = new RegExp(String.raw`(?:${JS_MODULE}|\b(?:${names.join('|')})(?:\.promises)?)\s*\[([^\]]+)\]`, 'g');
  for (const m of code.matchAll(member)) {
    const lit = /^\s*(['"\x60])(\w*)\1\s*$/.exec(m[1]!);
    if (lit && !JS_DANGEROUS_NAMES.test(lit[2]!)) continue;
    out.push(lit ? { id: 'code.shell', detail: lit[2], span } : { id: 'code.dynamic', detail: 'a fs/child_process call named at run time', span });
  }
  for (const m of code.matchAll(/\b(require|import)\s*\(\s*([^)]*)\)/g)) {
    if (!/^\s*(['"`])[\w@./:-]+\1\s*$/.test(m[2]!)) out.push({ id: 'code.dynamic', detail: `${m[1]}(…) of a module named at run time`, span });
  }
  // `const {[name]: f} = require('fs')`: a member picked by a computed key.
  if (new RegExp(String.raw`\{[^}]*\[[^:]+\]\s*:[^}]*\}\s*=\s*${JS_MODULE}`).test(code))
    out.push({ id: 'code.dynamic', detail: 'a fs/child_process call named at run time', span });
  if (/\bprocess\.(binding|_linkedBinding)\s*\(|\bprocess\.mainModule\b|\bmodule\.constructor\b|\bnew\s+Function\s*\(|\bFunction\s*\(\s*['"`]/.test(code))
    out.push({ id: 'code.dynamic', detail: 'code loaded or built at run time', span });
  for (const m of code.matchAll(/\b(eval|vm\.run\w*)\s*\(\s*([^)]*)\)/g))
    if (!/^\s*(['"`])[^'"`$]*\1\s*$/.test(m[2]!)) out.push({ id: 'code.dynamic', detail: `${m[1]} of code built at run time`, span });
  return out;
}

/** `const c = require('child_process')`, `import * as f from 'fs'`, `const { promises: p } = require('fs')`. */
function jsModuleNames(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(
    new RegExp(
      String.raw`\b(?:const|let|var)\s+([\w$]+)\s*=\s*${JS_MODULE}|import\s+(?:\*\s+as\s+)?([\w$]+)\s+from\s+['"](?:node:)?(?:fs|fs\/promises|child_process)['"]`,
      'g',
    ),
  ))
    out.push((m[1] ?? m[2])!);
  return out.slice(0, 8);
}

/** Perl: backticks/`qx` interpolating a variable, `system`/`exec` of a variable, and file deletes (`unlink`, `rmtree`). */
function perlFacts(code: string, span: Span): Fact[] {
  const out: Fact[] = [];
  for (const m of code.matchAll(/`([^`]*)`|\bqx\s*(?:\{([^}]*)\}|\(([^)]*)\)|([!/|#])(.*?)\4)/g)) {
    const body = m[1] ?? m[2] ?? m[3] ?? m[5] ?? '';
    if (/[$@]\{?\w/.test(body)) out.push({ id: 'code.dynamic', detail: 'a command built from a variable', span });
  }
  if (/\b(system|exec)\s*\(?\s*[$@]/.test(code)) out.push({ id: 'code.dynamic', detail: 'system of a variable', span });
  // `open(my $p, "|-", "sh")`, `open(P, "| bash")`: what the code prints is a program's input (a shell's: code).
  if (/\bopen\s*\(?[^;]*?["']\s*\|-?\s*["']\s*,\s*["']?[\w/]*\b(ba|z|da)?sh\b|\bopen\s*\(?[^;]*?["']\s*\|\s*[\w/]*\b(ba|z|da)?sh\b/.test(code))
    out.push({ id: 'code.dynamic', detail: 'a shell fed by the code', span });
  const del = /\b(unlink|rmtree|remove_tree|rmdir)\b\s*(\(|[$@'"<]|glob\b|map\b|grep\b|\w+\s*\()/.exec(code);
  if (del) out.push({ id: 'code.delete', detail: del[1], span });
  return out;
}

/** Ruby/PHP: calls named by a string at run time (`send(m)`, `public_send`, `$f(…)`, `call_user_func`). */
function otherFacts(code: string, span: Span): Fact[] {
  return /\b(send|public_send|__send__|call_user_func(_array)?)\s*\(\s*[^'":\s)]/.test(code) || /\bKernel\.send\b/.test(code)
    ? [{ id: 'code.dynamic', detail: 'a method named at run time', span }]
    : [];
}

/** Names of calls built at run time in inline code, by language. */
export function computedNameFacts(code: string, program: string | null, span: Span): Fact[] {
  const p = program ?? '';
  if (/^(python|pypy)/.test(p)) return pythonFacts(code, span);
  if (/^(node|nodejs|bun|deno)$/.test(p)) return jsFacts(code, span);
  if (p === 'perl') return perlFacts(code, span);
  if (p === 'ruby' || p === 'php') return otherFacts(code, span);
  return [];
}

const GRAPHQL_URL = /https?:\/\/[^\s'"`]*graphql[^\s'"`]*|['"`][^'"`\s]*\/(graphql|gql)(\/v\d+)?['"`]/i;
const POSTS = /\b(post|put|patch)\s*\(|method\s*[:=]\s*['"](POST|PUT|PATCH)['"]|\bdata\s*=|Net::HTTP::Post|-Method\s+Post|\bfetch\s*\([^)]*,\s*\{/i;
/** A GraphQL document written in the code: `query …{`, `mutation …{`, `{ field … }` in a string. */
const DOCUMENT = /(['"`]|"""|''')\s*(query|mutation|subscription)?\b[^'"`]{0,200}?\{\s*\w+/;

/**
 * A POST to a GraphQL endpoint from inline code whose document is not written in the code
 * (read from a file, an argument, the environment, built by concatenation): what it does is unknown.
 */
export function graphqlDynamicFacts(code: string, span: Span): Fact[] {
  const url = GRAPHQL_URL.exec(code);
  if (!url || !POSTS.test(code)) return [];
  // Written in the code and readable: judged by its fields elsewhere (mutationFieldsInText); a mutation whose field is built is not.
  if (DOCUMENT.test(code) && !(/\bmutation\b/.test(code) && !/\bmutation\b[^{}"'`]{0,256}\{\s*(?:\w+\s*:\s*)?\w+\s*[({]/.test(code))) return [];
  return [{ id: 'http.graphql-dynamic', detail: url[0].replace(/^['"`]|['"`]$/g, ''), span }];
}
