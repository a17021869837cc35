import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // node-pty (@lydell/node-pty) is not thread-safe: every test file gets its own process.
    pool: 'forks',
    // shellgate-sh's classifier daemon only where a test asks for it (test/integrations/cli.ts).
    env: { SHELLGATE_DAEMON: '0' },
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Loads the WASM grammar first where that is the binding in use (src/parser/grammar.ts).
    setupFiles: ['test/helpers/grammar-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
