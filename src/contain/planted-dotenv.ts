/*!
 * `.env` files that an agent CLI loads into its own environment at its next start, and so into
 * every hook and shell it starts outside the container: Gemini CLI (the first `.gemini/.env` or
 * `.env` from its working directory upwards, every variable not already set, in a trusted folder)
 * and OpenCode (Bun: `.env`, `.env.local`, `.env.<NODE_ENV>` of its directory). A contained command
 * may create one (only existing `.env*` files are masked). A variable there that makes a process
 * run code (`LD_PRELOAD=./x.so`, `NODE_OPTIONS=--require ./x.js`, `BASH_ENV`) would run the
 * agent's code outside the container, in shellgate's own hook process before a line of it runs;
 * config/planted-env.ts can only refuse SHELLGATE_* variables from inside that process.
 * So after each contained command, the `.env*` files (and `.gemini/.env`) of the directories from
 * its working directory up to the project root that it wrote, and that assign such a variable,
 * are returned to be moved aside. Ordinary settings (`DATABASE_URL`, `NODE_ENV`, API keys,
 * `NODE_OPTIONS=--max-old-space-size=4096`) are left alone.
 */
import { lstatSync, readFileSync } from 'node:fs';
import { envFiles } from '../config/planted-env.js';
import { withRegularFile } from '../util/regular-file.js';
import { dirname } from 'node:path';
import { isWithin } from '../sandbox/protected-paths.js';

/** Variables that make a program load or run code, or move shellgate's directories (XDG_*) or switch it. */
const RUNS_CODE =
  /^[ \t]*(?:export[ \t]+)?(LD_[A-Z_]+|DYLD_[A-Z_]+|BASH_ENV|ENV|SHELLOPTS|BASHOPTS|PROMPT_COMMAND|PS4|SHELL|PATH|PYTHONSTARTUP|PYTHONPATH|PYTHONHOME|PERL5OPT|PERL5LIB|PERLLIB|RUBYOPT|RUBYLIB|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|JDK_JAVA_OPTIONS|NODE_PATH|GIT_[A-Z_]+|EDITOR|VISUAL|PAGER|BROWSER|SHELLGATE_[A-Za-z0-9_]*|XDG_[A-Z_]+|HOME|TMPDIR|CLAUDE_CODE_[A-Z_]+|npm_config_[A-Za-z_]+)[ \t]*[=:]/m;
/** NODE_OPTIONS that load a module or a file (not a memory limit). */
const NODE_LOADS =
  /^[ \t]*(?:export[ \t]+)?NODE_OPTIONS[ \t]*[=:].*(?:--require|(?:^|[\s"'=])-r\b|--import|--loader|--experimental-loader|--env-file|--inspect)/m;
const MAX_BYTES = 1 << 20;

function changedFile(path: string, sinceMs: number): boolean {
  try {
    const st = lstatSync(path);
    return st.isFile() && st.ctimeMs >= sinceMs && st.size <= MAX_BYTES;
  } catch {
    return false;
  }
}

/** The text of the regular file at `path`, read without blocking on a FIFO (null: not readable). */
function readText(path: string): string | null {
  return withRegularFile(path, (fd) => readFileSync(fd, 'utf8'));
}

/** True when the text of a `.env` file sets a variable that makes a process run code. */
export function envRunsCode(text: string): boolean {
  return RUNS_CODE.test(text) || NODE_LOADS.test(text);
}

/**
 * The `.env` files in `cwd` and the directories above it up to `projectRoot` that were written at
 * or after `sinceMs` and set a variable that runs code.
 */
export function plantedDotenv(projectRoot: string, cwd: string, sinceMs: number): string[] {
  const out: string[] = [];
  let dir = isWithin(cwd, projectRoot) ? cwd : projectRoot;
  for (;;) {
    for (const f of envFiles(dir)) {
      if (!changedFile(f, sinceMs)) continue;
      const text = readText(f);
      // One that cannot be read (swapped for a FIFO meanwhile) goes too: nothing can say it is harmless.
      if (text === null || envRunsCode(text)) out.push(f);
    }
    if (dir === projectRoot || dirname(dir) === dir) return out;
    dir = dirname(dir);
  }
}
