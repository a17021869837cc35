/*!
 * Lookup tables keyed by words from a command line. A plain object answers for `constructor`,
 * `toString` or `__proto__` with what Object.prototype holds, so a program or variable of that
 * name was looked up as if the table knew it (and crashed the classifier into "could not judge").
 * A table without a prototype knows only its own keys.
 */

/** `entries` as a table without a prototype: only its own keys answer. */
export function dict<T>(entries: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}

/** An empty table without a prototype, to be filled with words from a line. */
export function emptyDict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
