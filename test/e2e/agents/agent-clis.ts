/*!
 * The real agent CLIs the end-to-end tests drive, at pinned versions, installed on first use into
 * a cache outside the package's dependencies (node_modules/.cache/agent-clis, or
 * $SHELLGATE_AGENT_CLI_CACHE), one directory per package and version, so a second run costs
 * nothing. An install that fails fails the test; only an install that could not even be tried
 * (the npm registry unreachable) lets the caller skip, with the reason.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../helpers/cli.js';

export interface AgentCli {
  pkg: string;
  version: string;
  bin: string;
}

/** The pinned CLIs (checked with `npm view PKG version`, Dec 2026). */
export const AGENT_CLIS = {
  'claude-code': { pkg: '@anthropic-ai/claude-code', version: '2.1.332', bin: 'claude' },
  gemini: { pkg: '@google/gemini-cli', version: '0.61.0', bin: 'gemini' },
  codex: { pkg: '@openai/codex', version: '0.171.0', bin: 'codex' },
  copilot: { pkg: '@github/copilot', version: '1.0.102', bin: 'copilot' },
  opencode: { pkg: 'opencode-ai', version: '1.18.33', bin: 'opencode' },
} satisfies Record<string, AgentCli>;

export type AgentName = keyof typeof AGENT_CLIS;

const CACHE = process.env.SHELLGATE_AGENT_CLI_CACHE || join(ROOT, 'node_modules', '.cache', 'agent-clis');

/** Outcome: the CLI's executable, or why the install was not attempted. */
export type Ensured = { bin: string } | { skip: string };

function npm(args: string[], timeout: number) {
  return spawnSync('npm', args, {
    encoding: 'utf8',
    timeout,
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
  });
}

/** The executable of `name`, installing it into the cache first if needed. Throws when an attempted install fails. */
export function ensureAgentCli(name: AgentName): Ensured {
  const cli: AgentCli = AGENT_CLIS[name];
  const dir = join(CACHE, `${cli.pkg.replace('/', '+')}@${cli.version}`);
  const bin = join(dir, 'node_modules', '.bin', cli.bin);
  const done = join(dir, '.installed');
  if (existsSync(done) && existsSync(bin)) return { bin };
  const ping = npm(['ping'], 20_000);
  if (ping.status !== 0)
    return {
      skip: `the npm registry is unreachable (npm ping: ${(ping.stderr || ping.error?.message || '').trim().split('\n').pop()}); ${cli.pkg}@${cli.version} was not installed`,
    };
  mkdirSync(dir, { recursive: true });
  const r = npm(['install', '--prefix', dir, '--no-save', '--no-package-lock', `${cli.pkg}@${cli.version}`], 300_000);
  if (r.status !== 0 || !existsSync(bin)) throw new Error(`installing ${cli.pkg}@${cli.version} into ${dir} failed (exit ${r.status}):\n${r.stderr}`);
  const v = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH, HOME: dir } });
  if (!`${v.stdout}${v.stderr}`.includes(cli.version)) throw new Error(`${bin} --version does not say ${cli.version}: ${v.stdout}${v.stderr}`);
  writeFileSync(done, `${cli.pkg}@${cli.version}\n`);
  return { bin };
}
