import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // node-pty is not thread-safe: every test file gets its own process.
    pool: 'forks',
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
