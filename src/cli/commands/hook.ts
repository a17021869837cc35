/*!
 * `shellgate hook AGENT`: the agent hook entry (JSON on stdin, decision on stdout), and
 * `shellgate hook install|uninstall AGENT`: writes or takes out the agent's settings.
 * Hot path: no Ink, no node-pty.
 */
import { parseCommandArgs, UsageError, wantsHelp, type OptionSpec } from '../../util/args.js';

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

const AGENTS_HELP = 'claude-code, gemini, codex, copilot, opencode, cursor';

/** `unknown agent 'vim'`, naming the ones there are. */
function unknownAgent(command: string, agent: string | undefined): UsageError {
  return new UsageError(command, agent === undefined ? `which agent? one of ${AGENTS_HELP}` : `unknown agent '${agent}': expected one of ${AGENTS_HELP}`);
}

interface Parsed {
  agent: string;
  scope: 'user' | 'project';
  projectDir?: string;
  dryRun: boolean;
  deferAllow: boolean;
  noContain: boolean;
}

function parse(verb: 'install' | 'uninstall', args: string[], known: string[]): Parsed {
  const installOnly = { '--defer-allow': { kind: 'flag' }, '--no-contain': { kind: 'flag' } } as const;
  const spec = { '--project': { kind: 'flag' }, '--dry-run': { kind: 'flag' }, ...(verb === 'install' ? installOnly : {}) } as OptionSpec;
  const p = parseCommandArgs(`hook ${verb}`, args, spec, { maxPositionals: 2 });
  const [agent, dir] = p.positionals;
  if (!agent || !known.includes(agent)) throw unknownAgent(`hook ${verb}`, agent);
  if (dir !== undefined && !p.flags.has('--project')) throw new UsageError(`hook ${verb}`, `unexpected argument '${dir}' (a directory goes with --project)`);
  return {
    agent,
    scope: p.flags.has('--project') ? 'project' : 'user',
    projectDir: dir,
    dryRun: p.flags.has('--dry-run'),
    deferAllow: p.flags.has('--defer-allow'),
    noContain: p.flags.has('--no-contain'),
  };
}

async function change(verb: 'install' | 'uninstall', args: string[]): Promise<number> {
  const { INSTALL_AGENTS, installHook, uninstallHook } = await import('../../hooks/install.js');
  const p = parse(verb, args, INSTALL_AGENTS as string[]);
  const opts = { ...p, agent: p.agent as (typeof INSTALL_AGENTS)[number] };
  const res = verb === 'install' ? installHook(opts) : uninstallHook(opts);
  const body = res.settings ? JSON.stringify(res.settings, null, 2) : (res.text ?? '');
  const out = process.stdout;
  if (p.dryRun) out.write(`${res.file}${res.changed ? ' would become:' : ' is already up to date:'}\n${body}\n`);
  else if (!res.changed)
    out.write(verb === 'install' ? `shellgate hook for ${p.agent} is already installed in ${res.file}\n` : `no shellgate hook for ${p.agent} in ${res.file}\n`);
  else {
    out.write(
      verb === 'install' ? `installed the shellgate hook for ${p.agent} in ${res.file}\n` : `removed the shellgate hook for ${p.agent} from ${res.file}\n`,
    );
    if (res.backup) out.write(`previous file saved as ${res.backup}\n`);
  }
  if (res.note && verb === 'install' && !p.dryRun) out.write(`note: ${res.note}\n`);
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
  if (first === 'install' || first === 'uninstall') return change(first, rest);
  if (first === undefined) throw unknownAgent('hook', undefined);
  if (first.startsWith('-')) parseCommandArgs('hook', [first], {});
  parseCommandArgs(`hook ${first}`, rest, {}, { maxPositionals: 0 });
  const { HOOK_ADAPTERS, runHook } = await import('../../hooks/run.js');
  const adapter = HOOK_ADAPTERS[first];
  if (!adapter) throw unknownAgent('hook', first);
  await (await import('../../engine/load-engine.js')).loadGrammar();
  return runHook(adapter);
}
