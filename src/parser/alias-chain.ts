/*!
 * Alias chains: when an alias's value ends in a space, bash checks the next word for an alias
 * too (`alias sudo='sudo '; alias x='rm -rf'; sudo x /etc` runs `sudo rm -rf /etc`).
 */

const MAX_CHAIN = 8;

/** The text an aliased command becomes: its value, then the rest with chained aliases expanded. */
export function chainAliases(value: string, rest: string, aliases: Map<string, string>): string {
  let text = value;
  let tail = rest;
  for (let n = 0; n < MAX_CHAIN && text.endsWith(' '); n++) {
    const m = /^(\s*)([^\s;&|<>()'"`$\\]+)(?=\s|$)/.exec(tail);
    const next = m && aliases.get(m[2]);
    if (next === undefined || !m) break;
    text += m[1] + next;
    tail = tail.slice(m[0].length);
  }
  return text + tail;
}
