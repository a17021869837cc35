/*!
 * `shellgate hook AGENT`: the agent hook entry (JSON on stdin, decision on stdout), and
 * `shellgate hook install|uninstall AGENT`: writes or takes out the agent's settings.
 * Hot path: no Ink, no node-pty.
 */
import { UserError } from '../../util/user-error.js';

const AGENTS = 'claude-code|gemini|codex|copilot|opencode|cursor';

const USAGE = `usage: shellgate hook ${AGENTS}
         run by the agent before each shell command: its JSON payload on stdin,
         shellgate's decision on stdout, in the agent's own format
       shellgate hook install ${AGENTS} [--project [DIR]] [--defer-allow] [--no-contain] [--dry-run]
         add the hook to the agent's settings (user settings unless --project);
         merges, keeps a backup of a changed file, does nothing when already installed;
         --defer-allow: what shellgate allows still goes through the agent's own permission
         rules and prompts (shellgate only adds blocks; SHELLGATE_HOOK_ALLOW=defer);
         --no-contain: allowed commands run as they are, not contained (SHELLGATE_HOOK_CONTAIN=0)
       shellgate hook uninstall AGENT [--project [DIR]] [--dry-run]
         take shellgate's hook out of the agent's settings again (nothing else is touched)
`;

interface Parsed {
  agent: string;
  scope: 'user' | 'project';
  projectDir?: string;
  dryRun: boolean;
  deferAllow: boolean;
  noContain: boolean;
}

function parse(verb: string, args: string[], known: string[]): Parsed {
  const [agent, ...rest] = args;
  if (!agent || !known.includes(agent)) throw new UserError(`${verb}: which agent? one of ${known.join(', ')}\n\n${USAGE}`);
  const p: Parsed = { agent, scope: 'user', dryRun: false, deferAllow: false, noContain: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--dry-run') p.dryRun = true;
    else if (a === '--defer-allow' && verb === 'install') p.deferAllow = true;
    else if (a === '--no-contain' && verb === 'install') p.noContain = true;
    else if (a === '--project') {
      p.scope = 'project';
      if (rest[i + 1] && !rest[i + 1].startsWith('-')) p.projectDir = rest[++i];
    } else throw new UserError(`${verb}: unknown option '${a}'\n\n${USAGE}`);
  }
  return p;
}

async function change(verb: 'install' | 'uninstall', args: string[]): Promise<number> {
  const { INSTALL_AGENTS, installHook, uninstallHook } = await import('../../integrations/hook-install.js');
  const p = parse(verb, args, INSTALL_AGENTS as string[]);
  const opts = { ...p, agent: p.agent as (typeof INSTALL_AGENTS)[number] };
  const res = verb === 'install' ? installHook(opts) : uninstallHook(opts);
  const body = res.settings ? JSON.stringify(res.settings, null, 2) : (res.text ?? '');
  const out = process.stdout;
  if (p.dryRun) out.write(`${res.file}${res.changed ? ' would become:' : ' is already up to date:'}\n${body}\n`);
  else if (!res.changed) out.write(verb === 'install' ? `shellgate hook for ${p.agent} is already installed in ${res.file}\n` : `no shellgate hook for ${p.agent} in ${res.file}\n`);
  else {
    out.write(verb === 'install' ? `installed the shellgate hook for ${p.agent} in ${res.file}\n` : `removed the shellgate hook for ${p.agent} from ${res.file}\n`);
    if (res.backup) out.write(`previous file saved as ${res.backup}\n`);
  }
  if (res.note && verb === 'install' && !p.dryRun) out.write(`note: ${res.note}\n`);
  return 0;
}

/** Runs `shellgate hook …`. */
export async function run(args: string[]): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined || first === '--help' || first === '-h') {
    process.stdout.write(USAGE);
    return first === undefined ? 2 : 0;
  }
  if (first === 'install' || first === 'uninstall') return change(first, rest);
  const { HOOK_ADAPTERS, runHook } = await import('../../integrations/hook-run.js');
  const adapter = HOOK_ADAPTERS[first];
  if (!adapter) throw new UserError(`unknown agent '${first}'\n\n${USAGE}`);
  return runHook(adapter);
}
