/*!
 * The subcommands of `shellgate`, each defined once with its one-line help. Modules are imported
 * lazily so that the hot paths (`check`, hooks) never load Ink or node-pty.
 */

export interface CommandModule {
  /** Runs the subcommand with the arguments after its name; resolves to the exit code. */
  run(args: string[]): Promise<number>;
}

export interface CommandDef {
  name: string;
  summary: string;
  load: () => Promise<CommandModule>;
}

export const COMMANDS: CommandDef[] = [
  { name: 'shell', summary: 'open the guarded interactive shell (the default)', load: () => import('../../shell/command.js') },
  { name: 'check', summary: 'classify a command line and print the verdict', load: () => import('./check.js') },
  { name: 'explain', summary: 'show the command model, each rule considered and the verdict', load: () => import('./explain.js') },
  { name: 'rules', summary: 'rules test | rules lint: test and lint rulesets', load: () => import('./rules.js') },
  { name: 'trust', summary: "trust the project's .shellgate/ ruleset (records its hash)", load: () => import('./trust.js') },
  { name: 'hook', summary: 'hook claude-code|gemini|cursor: agent hook entry; hook install …', load: () => import('./hook.js') },
  { name: 'approvals', summary: 'list pending approval requests and approve or deny them', load: () => import('./approvals.js') },
  { name: 'approve', summary: 'approve a pending request by id (for scripts)', load: () => import('./approve.js') },
  { name: 'undo', summary: 'undo [SEQ] | --list | --gc: put the project back as before an agent command', load: () => import('./undo.js') },
  { name: 'log', summary: 'show the audit log; log verify checks its hash chain', load: () => import('./log.js') },
  { name: 'vault', summary: 'vault set|list|rm|scope|import: credentials given per command, in scope, just in time', load: () => import('./vault.js') },
  { name: 'doctor', summary: 'check what agent containment needs here (bubblewrap, Landlock scoping) and how to fix it', load: () => import('./doctor.js') },
  { name: 'secrets', summary: 'secrets scan [DIR]: find credentials in a working tree', load: () => import('./secrets.js') },
];
