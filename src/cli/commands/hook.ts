/*!
 * `shellgate hook AGENT`: the agent hook entry (JSON on stdin, decision on stdout), and
 * `shellgate hook install AGENT`: writes the agent's settings. Hot path: no Ink, no node-pty.
 */
import { parseCommandArgs, UsageError, wantsHelp } from '../args.js';

const USAGE = `usage: shellgate hook claude-code|gemini|cursor
         run by the agent before each shell command: its JSON payload on stdin,
         shellgate's decision on stdout, in the agent's own format
       shellgate hook install claude-code|gemini|cursor [--project [DIR]] [--defer-allow] [--dry-run]
         add the hook to the agent's settings (user settings unless --project);
         merges, keeps a backup of a changed file, does nothing when already installed;
         --defer-allow: what shellgate allows still goes through the agent's own permission
         rules and prompts (shellgate only adds blocks; SHELLGATE_HOOK_ALLOW=defer)
`;

const AGENTS = ['claude-code', 'gemini', 'cursor'];

/** `unknown agent 'vim'`, naming the ones there are. */
function unknownAgent(command: string, agent: string | undefined): UsageError {
  const known = AGENTS.join(', ');
  return new UsageError(command, agent === undefined ? `which agent? one of ${known}` : `unknown agent '${agent}': expected one of ${known}`);
}

async function install(args: string[]): Promise<number> {
  const { INSTALL_AGENTS, installHook } = await import('../../integrations/hook-install.js');
  const spec = { '--project': { kind: 'flag' }, '--dry-run': { kind: 'flag' }, '--defer-allow': { kind: 'flag' } } as const;
  const p = parseCommandArgs('hook install', args, spec, { maxPositionals: 2 });
  const [agent, dir] = p.positionals;
  if (!agent || !(INSTALL_AGENTS as string[]).includes(agent)) throw unknownAgent('hook install', agent);
  if (dir !== undefined && !p.flags.has('--project')) throw new UsageError('hook install', `unexpected argument '${dir}' (a directory goes with --project)`);
  const scope: 'user' | 'project' = p.flags.has('--project') ? 'project' : 'user';
  const projectDir = dir;
  const dryRun = p.flags.has('--dry-run');
  const deferAllow = p.flags.has('--defer-allow');
  const res = installHook({ agent: agent as (typeof INSTALL_AGENTS)[number], scope, projectDir, dryRun, deferAllow });
  if (dryRun) {
    process.stdout.write(`${res.file}${res.changed ? ' would become:' : ' is already up to date:'}\n${JSON.stringify(res.settings, null, 2)}\n`);
  } else if (!res.changed) {
    process.stdout.write(`shellgate hook for ${agent} is already installed in ${res.file}\n`);
  } else {
    process.stdout.write(`installed the shellgate hook for ${agent} in ${res.file}\n`);
    if (res.backup) process.stdout.write(`previous file saved as ${res.backup}\n`);
  }
  return 0;
}

/** Runs `shellgate hook …`. */
export async function run(args: string[]): Promise<number> {
  // Help never reads stdin: `hook claude-code --help` shows it instead of waiting for a payload.
  if (wantsHelp(args)) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [first, ...rest] = args;
  if (first === 'install') return install(rest);
  if (first === undefined) throw unknownAgent('hook', undefined);
  if (first.startsWith('-')) parseCommandArgs('hook', [first], {});
  parseCommandArgs(`hook ${first}`, rest, {}, { maxPositionals: 0 });
  const { HOOK_ADAPTERS, runHook } = await import('../../integrations/hook-run.js');
  const adapter = HOOK_ADAPTERS[first];
  if (!adapter) throw unknownAgent('hook', first);
  return runHook(adapter);
}
