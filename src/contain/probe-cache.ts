/*!
 * bubblewrap's probe (sandbox/probe.ts: can it build a container here at all?) costs a process
 * start, on every agent command. Its success is remembered in the cache directory, keyed by the
 * bwrap binary (path, size, mtime), the kernel and the boot: a new bwrap, kernel or boot probes
 * again. A stale "ok" cannot let anything run uncontained: if bwrap fails later, the command fails
 * with bwrap's message (nothing runs outside it); only the friendlier explanation is lost.
 * A long-lived process (the classifier daemon) also remembers the keys it found in the file: the
 * kernel and the boot cannot change while it runs, and the binary is stat'ed again every time.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';
import { cacheDir } from '../config/paths.js';
import { probeBwrap } from '../sandbox/probe.js';

let boot: string | undefined;

/** This boot's id (a reboot may bring another kernel or other boot parameters). */
export function bootId(): string {
  try {
    boot ??= readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return boot;
  } catch {
    return 'unknown-boot';
  }
}

/** Keys known to be in the probe file (this process read or wrote them there). */
const known = new Set<string>();

function keyFor(bwrap: string, net: 'open' | 'none'): string {
  const st = statSync(bwrap);
  return JSON.stringify([bwrap, st.size, st.mtimeMs, release(), bootId(), net]);
}

/** probeBwrap, remembered: throws SandboxError exactly when a fresh probe would. */
export function probeBwrapCached(bwrap: string, net: 'open' | 'none'): void {
  const file = join(cacheDir(process.env), 'bwrap-probe-ok');
  const key = keyFor(bwrap, net);
  if (known.has(`${file}\0${key}`)) return;
  try {
    if (readFileSync(file, 'utf8').split('\n').includes(key)) {
      known.add(`${file}\0${key}`);
      return;
    }
  } catch {
    /* not probed yet */
  }
  probeBwrap(bwrap, net);
  try {
    mkdirSync(cacheDir(process.env), { recursive: true, mode: 0o700 });
    writeFileSync(file, `${key}\n`, { flag: 'a', mode: 0o600 });
  } catch {
    /* no place to remember it: probe again next time */
  }
}
