/*!
 * ANSI colour for the few plain-text messages shellgate prints itself, off when NO_COLOR is set
 * to anything but the empty string (https://no-color.org) or TERM is `dumb`. Ink's prompt reads
 * the same switch (src/ui/confirm/theme.ts).
 */

const CODES = { red: 31, green: 32, yellow: 33, bold: 1, dim: 2, inverse: 7 } as const;
export type Style = keyof typeof CODES;

/** True when colour and other text attributes may be used. */
export function colorEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return !env.NO_COLOR && env.TERM !== 'dumb';
}

/** `text` with the styles applied, or unchanged when colour is off. */
export function paint(text: string, ...styles: Style[]): string {
  if (!colorEnabled() || styles.length === 0) return text;
  return `\x1b[${styles.map((s) => CODES[s]).join(';')}m${text}\x1b[0m`;
}
