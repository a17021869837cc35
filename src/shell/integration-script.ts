/*!
 * The bash side of the guard: an rc file, generated for one session and passed to
 * `bash --rcfile`. It sources the user's ~/.bashrc first, then takes over Enter.
 *
 * How a line gets through (see NOTES.md, "Catching the line before bash runs it"):
 * - Enter (`\C-m`, `\C-j`, in the emacs, vi-insert and vi-command keymaps) is a macro of three
 *   private keys: EXPAND (`history-expand-line`, only while history expansion is on), GATE (a
 *   `bind -x` function that sends the line to shellgate over a FIFO and waits for the verdict) and
 *   ACCEPT, which is bound to `accept-line` only by the gate, only on `allow`, until the next prompt.
 * - Every other key that accepts a line (operate-and-get-next, insert-comment,
 *   edit-and-execute-command, any key the user bound to accept-line) is unbound, at start-up and
 *   again before every prompt.
 * - History expansion is done by readline before the gate, then switched off for the accept, so
 *   the text judged is the text bash parses. It comes back on at the next prompt.
 * - Fail closed: a DEBUG trap (`extdebug`, without function tracing) refuses any top-level command
 *   of a line that did not get an `allow`. The verdict is cleared before every prompt, and it only
 *   covers the lines (LINENO) the allowed text spans, so a line accepted behind the gate's back is
 *   refused even if PROMPT_COMMAND was emptied. If the channel breaks, the gate refuses the line.
 *   Nothing is forwarded to bash until this script has said hello at its very end.
 * PROMPT_COMMAND is reduced to our `__sg_precmd`, which runs the user's own entries (kept in
 * `__sg_user_pc`, and collected again whenever something adds to PROMPT_COMMAND) after reporting
 * the exit status of the line. Our functions and variables are read-only.
 *
 * A refused or declined line leaves `$?` at 126, as shellgate-sh does (bash's "cannot execute").
 * bash restores `$?` after `bind -x` functions and PROMPT_COMMAND, so the gate swaps the line for
 * `\__sg_refused` (quoted: never an alias), a read-only function that returns 126, takes itself out of
 * the history and erases its own echo. The refused text itself never reaches bash's parser.
 *
 * For the user: `SHELLGATE_PS1` (not exported, so a nested shell does not claim to be guarded)
 * holds a plain marker to put in PS1; and when no `shellgate` is on PATH (a checkout started with
 * `npm start`), the session's own bin directory with `shellgate` and `shellgate-sh` is appended.
 */

/** Private key sequences: never typed by a person; shellgate strips them from input. */
export const KEYS = {
  gate: '\\e[>7;7;1~',
  expand: '\\e[>7;7;2~',
  accept: '\\e[>7;7;3~',
} as const;

/** The raw bytes every private key starts with (what the input filter removes). */
export const PRIVATE_KEY_PREFIX = '\x1b[>7;7;';

export interface IntegrationParams {
  /** The session's private 0700 directory holding the FIFOs `req` and `res`. */
  dir: string;
  /** Secret shared with this bash only (an unexported shell variable); every message carries it. */
  token: string;
  /** Exported as SHELLGATE_SESSION. */
  sessionId: string;
  /** A directory holding `shellgate` and `shellgate-sh`, appended to PATH when neither is found. */
  binDir?: string;
}

/** The PS1 marker, `SHELLGATE_PS1` in the guarded bash: plain text, so safe inside or outside `\[…\]`. */
export const PS1_MARKER = '[guarded] ';

/** Quotes a string for bash, single-quote style. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The rc file text for one session. */
export function integrationScript(p: IntegrationParams): string {
  const macro = `"${KEYS.expand}${KEYS.gate}${KEYS.accept}"`;
  return `# shellgate: shell integration for one guarded session (generated; do not edit).
__sg_dir=${shellQuote(p.dir)}
__sg_tok=${shellQuote(p.token)}
export SHELLGATE_SESSION=${shellQuote(p.sessionId)}
SHELLGATE_PS1=${shellQuote(PS1_MARKER)}
if [[ -r \${HOME-}/.bashrc ]]; then . "$HOME/.bashrc"; fi
${
  p.binDir
    ? `if ! type -P shellgate >/dev/null; then PATH=\${PATH:+$PATH:}${shellQuote(p.binDir)}; fi
`
    : ''
}
# ---- everything below runs after the user's config and wins over it ----
# (__sg_ok=1 lets the rest of this file run once the DEBUG trap is set; the first prompt clears it.)
__sg_seq=0 __sg_ok=1 __sg_base=0 __sg_max=2147483647 __sg_last= __sg_prompt=1 __sg_H= __sg_warned= __sg_prev_trap=
__sg_user_pc=()

__sg_send() { printf '%s\\0' "$@" >"$__sg_dir/req" 2>/dev/null; }
__sg_status() { return "$1"; }

__sg_gate() {
  __sg_ok=
  bind '"${KEYS.accept}": ""'
  local line=\${READLINE_LINE-} cont= reply id
  [[ -n $__sg_prompt ]] || cont=1
  if [[ -z $cont && $line != *[![:space:]]* ]]; then __sg_allow '' "$line" "$cont"; return 0; fi
  [[ -p $__sg_dir/req && -p $__sg_dir/res ]] || { __sg_broken "$line"; return 0; }
  id="$((++__sg_seq)).$SRANDOM"
  { printf '%s\\0' Q "$__sg_tok" "$id" "$line" "$PWD" "$cont"
    alias -p; printf '\\0'; declare -F; printf '\\0'; declare -px; printf '\\0'
  } >"$__sg_dir/req" 2>/dev/null || { __sg_broken "$line"; return 0; }
  while IFS= read -r -d '' reply <"$__sg_dir/res"; do
    case $reply in
      "$id allow") __sg_allow "$id" "$line" "$cont"; return 0 ;;
      "$id deny") __sg_refuse "$line" "$cont"; return 0 ;;
      "$id more") READLINE_LINE+=$'\\n'; READLINE_POINT=\${#READLINE_LINE}; return 0 ;;
      "$id fn "*) __sg_functions "$id" "\${reply#"$id fn "}" ;;
    esac
  done
  __sg_broken "$line"
}

__sg_functions() {
  local - ; set -f
  { printf '%s\\0' F "$__sg_tok" "$1"; declare -f -- $2; printf '\\0'; } >"$__sg_dir/req" 2>/dev/null
}

# Allows the line: its commands may run while LINENO stays within the lines it spans.
__sg_allow() {
  local nl=\${2//[!$'\\n']/}
  if [[ -n $3 ]]; then __sg_max=$((__sg_max + \${#nl} + 1)); else __sg_max=$((__sg_base + \${#nl} + 1)); fi
  __sg_ok=1 __sg_last=$1 __sg_prompt=
  if [[ $- == *H* ]]; then set +H; __sg_H=1; fi
  bind '"${KEYS.accept}": accept-line'
}

# A refused line: kept in the history, replaced by \\__sg_refused so that $? becomes 126 (see the
# header). Not inside a multi-line command (its first lines already went to bash's parser), and not
# under \`set -e\`, where a failing status would end the shell.
__sg_refuse() {
  READLINE_LINE= READLINE_POINT=0
  [[ -n $2 ]] && return 0
  history -s -- "$1"
  [[ $- == *e* ]] && return 0
  READLINE_LINE='\\__sg_refused' READLINE_POINT=13
  __sg_allow '' '' ''
}

__sg_refused() {
  local last
  last=$(HISTTIMEFORMAT= builtin history 1 2>/dev/null)
  [[ $last == *' \\__sg_refused' ]] && builtin history -d -1
  { printf '\\e[A\\r\\e[K' >/dev/tty; } 2>/dev/null
  return 126
}

__sg_broken() {
  history -s -- "$1"; READLINE_LINE=; READLINE_POINT=0
  printf 'shellgate ✗ not run: %s\\n  why: no verdict (the guard is not answering)\\n' "\${1%%$'\\n'*}" >&2
}

__sg_precmd() {
  local __sg_st=$? __sg_i
  if [[ -n $__sg_last ]]; then __sg_send D "$__sg_tok" "$__sg_last" "$__sg_st"; fi
  __sg_last= __sg_ok= __sg_prompt=1 __sg_warned= __sg_base=\${BASH_LINENO[0]-0} __sg_max=\${BASH_LINENO[0]-0}
  if [[ -n $__sg_H ]]; then set -H; __sg_H=; fi
  __sg_take_prompt_command
  for __sg_i in "\${__sg_user_pc[@]}"; do __sg_status "$__sg_st"; eval -- "$__sg_i"; done
  __sg_arm
}

__sg_take_prompt_command() {
  local item have
  [[ \${#PROMPT_COMMAND[@]} -eq 1 && \${PROMPT_COMMAND-} == __sg_precmd ]] && return 0
  for item in "\${PROMPT_COMMAND[@]}"; do
    item=\${item//__sg_precmd/}
    [[ $item == *[!\\;[:space:]]* ]] || continue
    for have in "\${__sg_user_pc[@]}"; do [[ $have == "$item" ]] && continue 2; done
    __sg_user_pc+=("$item")
  done
  unset PROMPT_COMMAND
  PROMPT_COMMAND=__sg_precmd
}

__sg_arm() {
  local m expand=history-expand-line
  [[ $- == *H* ]] || expand='""'
  for m in emacs vi-insert vi-command; do
    bind -m "$m" -u accept-line
    bind -m "$m" -u operate-and-get-next
    bind -m "$m" -u edit-and-execute-command
    bind -m "$m" -u insert-comment
    bind -m "$m" -x '"${KEYS.gate}": __sg_gate'
    bind -m "$m" '"${KEYS.expand}": '"$expand"
    bind -m "$m" '"${KEYS.accept}": ""'
    bind -m "$m" '"\\C-m": ${macro}'
    bind -m "$m" '"\\C-j": ${macro}'
  done
  [[ -o emacs || -o vi ]] || set -o emacs
  shopt -s extdebug; set +o functrace
  __sg_arm_trap
}

# Keeps our DEBUG trap first, chaining any trap the user (or bash-preexec) installed.
__sg_arm_trap() {
  local cur= ours='[[ -n $__sg_ok && LINENO -le __sg_max ]] || __sg_dbg'
  trap -p DEBUG >"$__sg_dir/trap" 2>/dev/null && IFS= read -r -d '' cur <"$__sg_dir/trap"
  if [[ -n $cur ]]; then eval "__sg_trap_arg $cur"; else __sg_trap_cmd=; fi
  if [[ $__sg_trap_cmd != *__sg_dbg* ]]; then __sg_prev_trap=$__sg_trap_cmd; fi
  if [[ -n $__sg_prev_trap ]]; then ours="{ $ours; } && { $__sg_prev_trap
}"; fi
  trap -- "$ours" DEBUG
}
__sg_trap_arg() { __sg_trap_cmd=\${3-}; }

# A command outside an allowed line's span. Fine inside key bindings and completion, for our
# PROMPT_COMMAND, and for the extra lines of an \`eval\` in an allowed line while PROMPT_COMMAND
# is intact (it clears the verdict at the next prompt). Anything else was not judged: refused.
__sg_dbg() {
  [[ -v READLINE_LINE || -v COMP_LINE ]] && return 0
  case \${BASH_COMMAND-} in __sg_precmd | __sg_gate) return 0 ;; esac
  [[ -n $__sg_ok && \${PROMPT_COMMAND[*]-} == *__sg_precmd* ]] && return 0
  if [[ -z $__sg_warned ]]; then
    __sg_warned=1
    __sg_send B "$__sg_tok" "$PWD" "\${BASH_COMMAND-}"
    printf 'shellgate ✗ not run: %s\\n  why: this line did not go through the guard (its hook was removed or bypassed). The guard is back; type the line again.\\n' "\${BASH_COMMAND-}" >&2
    __sg_take_prompt_command; __sg_arm
  fi
  return 1
}

if (( BASH_VERSINFO[0] < 5 || (BASH_VERSINFO[0] == 5 && BASH_VERSINFO[1] < 1) )); then
  __sg_send X "$__sg_tok" "bash $BASH_VERSION is too old: the guard needs bash 5.1 or newer"
  return 0 2>/dev/null || exit 1
fi
__sg_take_prompt_command
__sg_arm
bind -m emacs -X >"$__sg_dir/check" 2>/dev/null
IFS= read -r -d '' __sg_i <"$__sg_dir/check"
if [[ $__sg_i != *__sg_gate* ]]; then
  __sg_send X "$__sg_tok" "could not bind Enter (is line editing off?)"
  return 0 2>/dev/null || exit 1
fi
unset __sg_i
readonly -f __sg_send __sg_status __sg_gate __sg_functions __sg_allow __sg_refuse __sg_refused __sg_broken __sg_precmd \\
  __sg_take_prompt_command __sg_arm __sg_arm_trap __sg_trap_arg __sg_dbg
readonly __sg_dir __sg_tok
__sg_send H "$__sg_tok" "$$" "$BASH_VERSION"
`;
}
