import { defineConfig } from 'vitest/config';

/** Test folders whose files only call functions: no child processes, env changes or mocks. */
const PURE = [
  'test/parser/**/*.test.ts',
  'test/classifier/**/*.test.ts',
  'test/config/**/*.test.ts',
  'test/rules/{diagnostics,examples,fact-ids,schema}.test.ts',
  'test/gate/gate.test.ts',
];

/** Files that change process-wide state (process.env, mocks, umask): each in its own process. */
const GLOBAL = [
  'test/contain/contain-daemon.test.ts',
  'test/engine/engine-memo.test.ts',
  'test/rules/layers.test.ts',
  'test/rules/parse-cache.test.ts',
  'test/sandbox/fail-closed.test.ts',
  'test/sandbox/sandbox-run.test.ts',
  'test/shell/gatekeeper.test.ts',
  'test/undo/scan.test.ts',
];

export default defineConfig({
  test: {
    // node-pty (@lydell/node-pty) is not thread-safe: every test file gets its own process.
    pool: 'forks',
    // Three files at a time. Vitest's default is one less than the cores (1 on a 2-core machine),
    // but most of a file's time here is spent waiting on the processes it starts (shellgate-sh,
    // bash, bubblewrap, agent CLIs): on 2 cores, two files kept 1.5 cores busy (186 s), three keep
    // them busy (158 s; the CPU time, ≈290 s, is the floor).
    maxWorkers: 3,
    // The console output of passing tests is noise that buries a failure; a failing test's is kept.
    silent: 'passed-only',
    // Name slow tests only when really slow: the per-file lines and a failure's report stay readable.
    slowTestThreshold: 10_000,
    // shellgate-sh's classifier daemon only where a test asks for it (test/integrations/cli.ts).
    env: { SHELLGATE_DAEMON: '0' },
    // Two groups: the pure in-process tests (parser, classifier, config: no process.env changes, no
    // mocks, nothing global) share one module graph per worker instead of loading the engine again
    // for every file (≈25 % of their CPU time); every other file keeps its own process.
    projects: [
      { extends: true, test: { name: 'pure', include: PURE, isolate: false } },
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts', 'test/**/*.test.tsx'], exclude: [...PURE, ...GLOBAL], isolate: false } },
      { extends: true, test: { name: 'processes', include: GLOBAL } },
    ],
    // Loads the WASM grammar first where that is the binding in use (src/parser/grammar.ts).
    setupFiles: ['test/helpers/grammar-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
