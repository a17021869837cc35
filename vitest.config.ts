import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // node-pty is not thread-safe: every test file gets its own process.
    pool: 'forks',
    // shellgate-sh's classifier daemon only where a test asks for it (test/helpers/cli.ts).
    env: { SHELLGATE_DAEMON: '0' },
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
