/*!
 * Variables whose value bash, git, ssh or a pager runs as a command (`PROMPT_COMMAND`,
 * `GIT_SSH_COMMAND`, `PAGER`, …): setting one is running its value later.
 */
export const COMMAND_VARS = new Set([
  'GIT_SSH_COMMAND',
  'GIT_SSH',
  'GIT_PAGER',
  'GIT_EDITOR',
  'GIT_SEQUENCE_EDITOR',
  'GIT_EXTERNAL_DIFF',
  'GIT_ASKPASS',
  'SSH_ASKPASS',
  'PAGER',
  'MANPAGER',
  'EDITOR',
  'VISUAL',
  'PROMPT_COMMAND',
  'BASH_ENV',
  'ENV',
  'LESSOPEN',
  'LESSCLOSE',
  'SUDO_ASKPASS',
  'FCEDIT',
  'BROWSER',
  // build tools run these as commands (`CC='…' make`, `RUSTC_WRAPPER=/tmp/w cargo build`)
  'CC',
  'CXX',
  'CPP',
  'LD',
  'AR',
  'RUSTC_WRAPPER',
  'RUSTC_WORKSPACE_WRAPPER',
  'CARGO_BUILD_RUSTC_WRAPPER',
  'GOFLAGS_EXEC',
]);

/** Variable names whose value runs as a command, matched by pattern (`CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUNNER`). */
export function isCommandVar(name: string): boolean {
  return COMMAND_VARS.has(name) || /^CARGO_TARGET_[A-Z0-9_]+_RUNNER$/.test(name);
}
