/*!
 * Variables whose value bash, git, ssh or a pager runs as a command (`PROMPT_COMMAND`,
 * `GIT_SSH_COMMAND`, `PAGER`, …): setting one is running its value later.
 */
export const COMMAND_VARS = new Set(['GIT_SSH_COMMAND', 'GIT_SSH', 'GIT_PAGER', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR', 'GIT_EXTERNAL_DIFF',
  'GIT_ASKPASS', 'SSH_ASKPASS', 'PAGER', 'MANPAGER', 'EDITOR', 'VISUAL', 'PROMPT_COMMAND', 'BASH_ENV', 'ENV', 'LESSOPEN', 'LESSCLOSE',
  'SUDO_ASKPASS', 'FCEDIT', 'BROWSER']);
