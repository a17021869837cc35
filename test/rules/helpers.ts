/*!
 * Real temp directories for ruleset tests: a project (a git repo root with `.shellgate/`), a user
 * config dir, npm packages in the project's node_modules, and the built CLI run with an
 * environment that is a human's (no agent markers, no guarded session) unless a test says so.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { onTestFinished } from 'vitest';
import { childEnv } from '../helpers/cli.js';

export const CLI = new URL('../../bin/shellgate.js', import.meta.url).pathname;
export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

/** Variables that make shellgate think an agent or a guarded session is running it. */
const AGENT_VARS = [
  'CLAUDECODE',
  'CLAUDE_CODE_ENTRYPOINT',
  'CURSOR_TRACE_ID',
  'CURSOR_AGENT',
  'GEMINI_CLI',
  'CODEX_SANDBOX',
  'CODEX_SANDBOX_NETWORK_DISABLED',
  'AIDER_MODEL',
  'SHELLGATE_AGENT',
  'SHELLGATE_SESSION',
];

export interface Sandbox {
  root: string;
  /** The project: a git repository root. */
  project: string;
  /** SHELLGATE_CONFIG_DIR. */
  config: string;
  env: NodeJS.ProcessEnv;
  /** Writes a file (creating directories) relative to `root`; returns its absolute path. */
  write(rel: string, text: string): string;
  /** Writes an npm package into the project's node_modules. */
  npmPackage(name: string, files: Record<string, string>): string;
}

/** A fresh sandbox, removed when the calling test finishes. */
export function sandbox(): Sandbox {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'sg-rulesets-')));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const project = join(root, 'project');
  const config = join(root, 'config');
  mkdirSync(join(project, '.git'), { recursive: true });
  mkdirSync(config, { recursive: true });
  const env: NodeJS.ProcessEnv = childEnv({ SHELLGATE_CONFIG_DIR: config, SHELLGATE_STATE_DIR: join(root, 'state'), HOME: join(root, 'home') });
  for (const v of AGENT_VARS) delete env[v];
  const write = (rel: string, text: string) => {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  };
  const npmPackage = (name: string, files: Record<string, string>) => {
    const dir = join('project', 'node_modules', name);
    for (const [f, text] of Object.entries(files)) write(join(dir, f), text);
    return join(root, dir);
  };
  write('project/package.json', JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  return { root, project, config, env, write, npmPackage };
}

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

/** Runs the built CLI in `cwd` with `env`. */
export function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A rule as YAML (a list item), for building files in tests. */
export function rule(id: string, match: string, action: string, extra = ''): string {
  return `  - id: ${id}\n    match: ${match}\n    risk: high\n    action: ${action}\n    message: "${id} fired"\n${extra}`;
}
