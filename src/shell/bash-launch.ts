/*!
 * Everything needed to start the guarded bash: which bash, its private channel and rc file, the
 * environment it gets (with SHELLGATE_SESSION), and — with `--sandbox` — the wrapped command.
 * Problems here are the user's to fix, so they are UserErrors with a plain message.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SESSION_ENV } from '../config/actor.js';
import { loadSandboxConfig, sandboxCommand } from '../sandbox/index.js';
import { trustedBash } from '../config/trusted-bash.js';
import { prepareContainment, type Containment } from '../contain/index.js';
import { UserError } from '../core/user-error.js';
import { FifoChannel } from './fifo-channel.js';
import { integrationScript } from './integration-script.js';

export interface LaunchPlan {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  channel: FifoChannel;
  token: string;
  sessionId: string;
  /** The bash used for syntax checks (the real one, outside any sandbox wrapper). */
  bash: string;
  /** An agent's session in a container: checked after each command (contain/index.ts quarantineAfter). */
  contained?: Extract<Containment, { kind: 'contained' }>;
}

/**
 * The bash to run: sandbox.yaml's `bash:`, else a root-owned /bin/bash (config/trusted-bash.ts);
 * never the first `bash` on PATH, which anything running as the user could have put there.
 */
export function resolveBash(): string {
  try {
    return trustedBash(loadSandboxConfig(process.env).bash);
  } catch (err) {
    throw new UserError((err as Error).message, 1);
  }
}

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** This package's bin/ (two levels up from dist/shell/ and dist/bundle/). */
const PACKAGE_BIN = fileURLToPath(new URL('../../bin/', import.meta.url));

/**
 * `shellgate` and `shellgate-sh` as commands, in `dir`/bin (symlinks to this package's bin/), for
 * the guarded bash to append to PATH when it finds no `shellgate` of its own (`npm start` in a
 * checkout). Null when the package's bin/ is not where it should be.
 */
function commandsDir(dir: string): string | null {
  const targets = { shellgate: 'shellgate.cjs', 'shellgate-sh': 'shellgate-sh.cjs' };
  if (!Object.values(targets).every((f) => isExecutable(path.join(PACKAGE_BIN, f)))) return null;
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { mode: 0o700 });
  for (const [name, file] of Object.entries(targets)) fs.symlinkSync(path.join(PACKAGE_BIN, file), path.join(bin, name));
  return bin;
}

/** Creates the channel and rc file and works out the command line. */
export function planLaunch(opts: { sandbox: boolean; cwd: string; contain?: boolean }): LaunchPlan {
  const bash = resolveBash();
  const sessionId = randomBytes(6).toString('hex');
  const token = randomBytes(16).toString('hex');
  let channel: FifoChannel;
  try {
    channel = FifoChannel.create();
  } catch (err) {
    throw new UserError(`cannot set up the guard's private channel: ${(err as Error).message}`, 1);
  }
  const rc = path.join(channel.dir, 'rc');
  fs.writeFileSync(rc, integrationScript({ dir: channel.dir, token, sessionId, binDir: commandsDir(channel.dir) ?? undefined }), { mode: 0o600 });
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  env[SESSION_ENV] = sessionId;
  env.TERM ||= 'xterm-256color';
  let file = bash;
  let args = ['--rcfile', rc, '-i'];
  let contained: LaunchPlan['contained'];
  if (opts.contain) {
    // An agent's session (detected or --agent): contained like every agent command (contain/).
    try {
      const c = prepareContainment(file, args, { cwd: opts.cwd, env, grant: [channel.dir], interactive: true });
      ({ file, args } = c);
      if (c.kind === 'contained') contained = c;
    } catch (err) {
      channel.close();
      throw new UserError(`${(err as Error).message}; not starting an uncontained agent shell`, 1);
    }
  } else if (opts.sandbox || loadSandboxConfig(process.env).enabled === true) {
    try {
      ({ file, args } = sandboxCommand(file, args, { cwd: opts.cwd, env, writable: [channel.dir], interactive: true }));
    } catch (err) {
      channel.close();
      const why = (err as Error).message.replace(/^sandbox:\s*/, '');
      throw new UserError(`--sandbox: ${why}; not starting an unsandboxed shell`, 1);
    }
  }
  return { file, args, env, cwd: opts.cwd, channel, token, sessionId, bash, ...(contained ? { contained } : {}) };
}
