/*!
 * `shellgate hook AGENT`: the agent hook entry (JSON on stdin, decision on stdout), and
 * `shellgate hook install AGENT`: writes the agent's settings. Hot path: no Ink, no node-pty.
 */
import { UserError } from '../../util/user-error.js';

const USAGE = `usage: shellgate hook claude-code|gemini|cursor
         run by the agent before each shell command: its JSON payload on stdin,
         shellgate's decision on stdout, in the agent's own format
       shellgate hook install claude-code|gemini|cursor [--project [DIR]] [--defer-allow] [--dry-run]
         add the hook to the agent's settings (user settings unless --project);
         merges, keeps a backup of a changed file, does nothing when already installed;
         --defer-allow: what shellgate allows still goes through the agent's own permission
         rules and prompts (shellgate only adds blocks; SHELLGATE_HOOK_ALLOW=defer)
`;

async function install(args: string[]): Promise<number> {
  const { INSTALL_AGENTS, installHook } = await import('../../integrations/hook-install.js');
  const [agent, ...rest] = args;
  const known = INSTALL_AGENTS as string[];
  if (!agent || !known.includes(agent)) throw new UserError(`install: which agent? one of ${known.join(', ')}\n\n${USAGE}`);
  let scope: 'user' | 'project' = 'user';
  let projectDir: string | undefined;
  let dryRun = false;
  let deferAllow = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--dry-run') dryRun = true;
    else if (a === '--defer-allow') deferAllow = true;
    else if (a === '--project') {
      scope = 'project';
      if (rest[i + 1] && !rest[i + 1].startsWith('-')) projectDir = rest[++i];
    } else throw new UserError(`install: unknown option '${a}'\n\n${USAGE}`);
  }
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
  const [first, ...rest] = args;
  if (first === undefined || first === '--help' || first === '-h') {
    process.stdout.write(USAGE);
    return first === undefined ? 2 : 0;
  }
  if (first === 'install') return install(rest);
  const { HOOK_ADAPTERS, runHook } = await import('../../integrations/hook-run.js');
  const adapter = HOOK_ADAPTERS[first];
  if (!adapter) throw new UserError(`unknown agent '${first}'\n\n${USAGE}`);
  return runHook(adapter);
}
