/*!
 * shellgate's own variables (SHELLGATE_*: its state and config directories, the daemon, the hook's
 * containment switch …, and the XDG_*_HOME / XDG_RUNTIME_DIR / TMPDIR its directories follow when
 * no SHELLGATE_*_DIR names them) must not come from a file the agent can write. Some agent CLIs load the
 * project's `.env` files into their own environment, and so into the hooks and the `$SHELL` they
 * start: Gemini CLI (`.env` from the working directory up to the project root, `.gemini/.env`),
 * OpenCode (Bun loads `.env`, `.env.local`, `.env.<NODE_ENV>`). A contained command may create
 * such a file; at the agent's next start `SHELLGATE_CONFIG_DIR=./x` would then put the guard's
 * config, approvals and daemon key in the agent's hands. The entries refuse to run when a
 * SHELLGATE_ variable of their environment is assigned in such a file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Variables that name shellgate's own directories or switch it. */
const GUARD_VAR = /^(SHELLGATE_[A-Za-z0-9_]*|XDG_(?:CONFIG|STATE|CACHE|DATA)_HOME|XDG_RUNTIME_DIR|TMPDIR)$/;
const ASSIGNS = /^[ \t]*(?:export[ \t]+)?(SHELLGATE_[A-Za-z0-9_]*|XDG_[A-Z_]+|TMPDIR)[ \t]*[=:]/gm;
const MAX_BYTES = 1 << 20;

/**
 * The `.env*` files (and `.gemini/.env`) of `dir`: what the agent CLIs above load (also read by
 * contain/planted-dotenv.ts after each contained command).
 */
export function envFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith('.env'));
  } catch {
    return [];
  }
  return [...names.map((n) => join(dir, n)), join(dir, '.gemini', '.env')];
}

function assigned(file: string): string[] {
  try {
    const st = statSync(file);
    if (!st.isFile() || st.size > MAX_BYTES) return [];
    return [...readFileSync(file, 'utf8').matchAll(ASSIGNS)].map((m) => m[1]);
  } catch {
    return [];
  }
}

/**
 * The guard's variables (GUARD_VAR) set in `env` that a `.env` file in `cwd` or a directory above it (up to
 * the one holding `.git`, the home directory or the root) also assigns.
 */
export function plantedGuardVars(env: NodeJS.ProcessEnv, cwd: string): string[] {
  const ours = Object.keys(env).filter((k) => GUARD_VAR.test(k));
  if (ours.length === 0) return [];
  const home = env.HOME ? resolve(env.HOME) : null;
  const found = new Set<string>();
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const f of envFiles(dir)) for (const name of assigned(f)) if (ours.includes(name)) found.add(name);
    if (dir === home || existsSync(join(dir, '.git')) || dirname(dir) === dir) break;
  }
  return [...found];
}

/** The refusal, or null when nothing was planted. */
export function plantedGuardMessage(env: NodeJS.ProcessEnv, cwd: string): string | null {
  const names = plantedGuardVars(env, cwd);
  if (names.length === 0) return null;
  return `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} set in a .env file of the project, which the agent can write (its CLI loads such files into the environment it runs hooks and shells with): shellgate refuses to run until a human removes ${names.length > 1 ? 'them' : 'it'} from the file`;
}
