/*!
 * Did-you-mean for near misses in keys, values and ids (edit distance ≤ 2).
 */

/** ` (did you mean "x"?)` for the closest option within distance 2 (or one the word begins), else ''. */
export function suggest(word: string, options: readonly string[]): string {
  const best = closest(word, options) ?? (word.length >= 3 ? (options.find((o) => o.startsWith(word)) ?? null) : null);
  return best ? ` (did you mean "${best}"?)` : '';
}

/** The option closest to `word` within `max` edits, if any. */
export function closest(word: string, options: readonly string[], max = 2): string | null {
  let best: string | null = null;
  let bestD = max + 1;
  for (const o of options) {
    if (o === word) continue;
    const d = distance(word, o);
    if (d < bestD) {
      best = o;
      bestD = d;
    }
  }
  return best;
}

/** Levenshtein distance. */
export function distance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      dp[i][j] = Math.min(dp[i - 1][j] + 1, dp[i][j - 1] + 1, dp[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return dp[a.length][b.length];
}
