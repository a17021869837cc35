/*!
 * Unpacking an archive writes its files over whatever is in the destination: `tar -xf x.tar -C /`,
 * `unzip -o x.zip -d ~`, `7z x x.7z -o/etc`. The destination is judged as a write there: onto the
 * root or a system directory (fs.overwrite.system), or into the home directory itself, where an
 * archive's dotfiles replace the user's (fs.write.home). Into the project, a build or a tool's own
 * directory under home (`-C ~/.local`), it is routine and says nothing.
 */
import type { Word } from '../../parser/model.js';
import type { Fact } from '../facts.js';
import type { CommandView } from '../command-view.js';

const TAR = new Set(['tar', 'gtar', 'bsdtar']);
const SYSTEM = new Set(['root', 'system', 'system-file', 'device']);

/** tar: extracting (`-x`, `--extract`, `--get`, or an old-style first word with `x`: `xzf`). */
function tarExtracts(argv: Word[]): boolean {
  return argv
    .slice(1)
    .some((w, i) => w.value === '--extract' || w.value === '--get' || /^-[A-Za-z]*x/.test(w.value) || (i === 0 && /^[A-Za-z]*x[A-Za-z]*$/.test(w.value)));
}

/** The word after `short`/`long`, or the rest of `--long=DIR` / `-oDIR` (7z). */
function destination(argv: Word[], short: string[], long: string[], attached: string | null): Word | null {
  for (let i = 1; i < argv.length; i++) {
    const v = argv[i]!.value;
    if ((short.includes(v) || long.includes(v)) && argv[i + 1]) return argv[i + 1]!;
    const eq = long.find((l) => v.startsWith(`${l}=`));
    if (eq) return { ...argv[i]!, value: v.slice(eq.length + 1) };
    if (attached && v.startsWith(attached) && v.length > attached.length) return { ...argv[i]!, value: v.slice(attached.length) };
  }
  return null;
}

function where(view: CommandView): Word | null {
  const p = view.program ?? '';
  const argv = view.cmd.argv;
  if (TAR.has(p)) return tarExtracts(argv) ? destination(argv, ['-C'], ['--directory'], null) : null;
  if (p === 'unzip') return argv.some((w) => /^-[A-Za-z]*[lvtZ]/.test(w.value)) ? null : destination(argv, ['-d'], [], null);
  if (p === '7z' || p === '7za' || p === '7zz') return ['x', 'e'].includes(argv[1]?.value ?? '') ? destination(argv, [], [], '-o') : null;
  return null;
}

/**
 * What unpacking writes over, when it is the system or the home directory itself. `overwrite`
 * classifies a destination as fs.ts does for `cp` (fs.overwrite.CLASS).
 */
export function extractFacts(view: CommandView, overwrite: (dest: Word) => Fact): Fact[] {
  const dest = where(view);
  if (!dest) return [];
  const over = overwrite(dest);
  const cls = over.id.slice('fs.overwrite.'.length);
  if (SYSTEM.has(cls)) return [{ ...over, detail: `${over.detail} (unpacking over it)` }];
  if (cls === 'home') return [{ ...over, id: 'fs.write.home', detail: `${over.detail} (unpacking over it)` }];
  return [];
}
