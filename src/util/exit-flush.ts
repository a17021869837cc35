/*!
 * Work that must be done before the process goes away even when it leaves by re-raising a fatal
 * signal (exec-bash's exitLike), where `exit` handlers do not run: today, making the audit entries
 * this process wrote durable and anchored. Registered on a process-wide symbol rather than in
 * module state, because each esbuild bundle (sh, sh-full, …) carries its own copy of the modules.
 */
const KEY = Symbol.for('shellgate.exit-flush');

type Registry = Set<() => void>;

function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  return (g[KEY] ??= new Set());
}

/** Registers `fn` to run in `runExitFlushes` (once per function). */
export function onExitFlush(fn: () => void): void {
  registry().add(fn);
}

/** Runs every registered flush; errors are swallowed (the process is leaving). */
export function runExitFlushes(): void {
  for (const fn of registry()) {
    try {
      fn();
    } catch {
      /* leaving anyway */
    }
  }
}
