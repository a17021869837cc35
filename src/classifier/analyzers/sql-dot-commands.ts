/*!
 * SQLite's (and DuckDB's) dot-commands that overwrite a file: `.restore [DB] FILE` replaces the open
 * database with FILE's content, `.backup [DB] FILE` and `.save FILE` write the database over FILE.
 * They come from the words after the database, `-cmd`, a heredoc, a here-string or a pipe.
 */
import type { AnalyzerInput, Fact } from '../facts.js';
import { classifyPath } from '../path-class.js';

export function sqliteDotFacts(input: AnalyzerInput): Fact[] {
  const { view, ctx } = input;
  const texts: { text: string; span: [number, number] }[] = view.positionals.slice(1).map((w) => ({ text: w.value, span: w.span }));
  for (const f of view.flags) if (f.name === '-cmd' && f.value) texts.push({ text: f.value, span: f.word.span });
  const argv = view.cmd.argv;
  for (let i = 1; i < argv.length - 1; i++)
    if (argv[i]!.value === '-cmd' && !view.flags.some((f) => f.name === '-cmd' && f.value)) texts.push({ text: argv[i + 1]!.value, span: argv[i + 1]!.span });
  const s = view.cmd.stdin;
  if (s && (s.kind === 'heredoc' || s.kind === 'herestring' || (s.kind === 'pipe' && s.text !== null))) texts.push({ text: s.text ?? '', span: view.cmd.span });
  const facts: Fact[] = [];
  for (const t of texts) {
    for (const m of t.text.matchAll(/^\s*\.(restore|backup|save|clone)\b\s*(.*)$/gm)) {
      const words = m[2]!
        .trim()
        .split(/\s+/)
        .filter((w) => w && !w.startsWith('-'));
      const file = (words[words.length - 1] ?? '').replace(/^(['"])(.*)\1$/, '$2');
      if (m[1] === 'restore') {
        facts.push({ id: 'db.restore', detail: `.restore ${file}`, span: t.span });
        continue;
      }
      if (!file) continue;
      facts.push({ id: `db.backup-overwrite.${classifyPath(file, ctx)}`, detail: file, span: t.span });
    }
  }
  return facts;
}
