/*!
 * What shellgate-sh judges before bash starts, read the way bash will read it: the `-c` string
 * or the script file, after the files bash sources first (`$BASH_ENV`, `--rcfile` with `-i`), and
 * Claude Code's shell snapshot as definitions (sh/claude-snapshot.ts). No engine here: this is shared
 * by the in-process path (sh/main.ts) and the classifier daemon's client (sh/fast.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { SESSION_ENV } from '../config/actor.js';
import { headline } from '../gate/block-message.js';
import { afterSnapshot, commandAfterSnapshot, isSnapshotPath, readSnapshot, type Snapshot, type Unit } from './claude-snapshot.js';
import type { GateContext } from '../gate/gate-call.js';
import type { ShInvocation } from './args.js';

export type { Unit } from './claude-snapshot.js';

/** The context a unit is judged in: the call's, with the functions and aliases it runs with. */
export function unitContext(base: GateContext, unit: Unit): GateContext {
  return unit.functions || unit.aliases ? { ...base, functions: unit.functions, aliases: unit.aliases } : base;
}

/** The session id for the audit log: the guarded session's, or a new one. */
export function sessionIdFor(env: NodeJS.ProcessEnv, agentSession?: string): string {
  return env[SESSION_ENV] || agentSession || `sh-${Date.now().toString(36)}-${process.pid.toString(36)}`;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** bash's lookup of a script operand: as given, else (no slash) along PATH. */
function resolveScript(name: string, env: NodeJS.ProcessEnv): string | undefined {
  if (isFile(name)) return name;
  if (name.includes('/')) return undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) if (dir && isFile(join(dir, name))) return join(dir, name);
  return undefined;
}

/** A script's text. A size-0 file reads as empty without reading (`/proc/kmsg` would block). */
function readText(p: string): string | undefined {
  try {
    return statSync(p).size === 0 ? '' : readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

/** Files bash will source before the commands: `$BASH_ENV` (non-interactive), `--rcfile` (with -i). */
function preludes(inv: ShInvocation, env: NodeJS.ProcessEnv): Unit[] {
  const out: Unit[] = [];
  const add = (label: string, file: string | undefined) => {
    const text = file ? readText(file) : undefined;
    if (file && text !== undefined && text.trim() !== '') out.push({ what: `${label} ${file}`, text });
  };
  if (!inv.interactive && env.BASH_ENV && !isSnapshotPath(env.BASH_ENV, env)) add('BASH_ENV', env.BASH_ENV);
  if (inv.interactive) add('rcfile', inv.rcfile);
  return out;
}

/** A Claude Code shell snapshot named by `$BASH_ENV` (sh/claude-snapshot.ts). */
function bashEnvSnapshot(inv: ShInvocation, env: NodeJS.ProcessEnv): Snapshot | null {
  const file = env.BASH_ENV;
  const text = !inv.interactive && file && isSnapshotPath(file, env) ? readText(file) : undefined;
  return file && text !== undefined ? readSnapshot(file, text) : null;
}

/** What to judge before bash starts. A missing `-c` operand or script is left for bash to report. */
export function unitsFor(inv: ShInvocation, env: NodeJS.ProcessEnv): Unit[] {
  const units = preludes(inv, env);
  const snapshot = bashEnvSnapshot(inv, env);
  const after = (u: Unit) => (snapshot ? afterSnapshot(u, snapshot) : u);
  if (inv.mode === 'command' && inv.command !== undefined) {
    units.push(after(commandAfterSnapshot({ what: headline(inv.command), text: inv.command }, env, readText)));
  }
  if (inv.mode === 'script' && inv.script !== undefined) {
    const file = resolveScript(inv.script, env);
    const text = file ? readText(file) : undefined;
    if (text !== undefined) units.push(after({ what: `script ${inv.script}`, text }));
  }
  return units;
}
