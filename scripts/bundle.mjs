#!/usr/bin/env node
// Bundles the start-up-critical entries (shellgate-sh, the CLI) into a few files with esbuild:
// unbundled ESM spends ~100 ms resolving and loading ~150 modules on every agent command.
// Native addons and Ink stay external/lazy (see NOTES.md: start-up cost).
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry content hashes: clear old ones so that dist/bundle holds only this build.
rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: { sh: 'src/integrations/sh-main.ts', cli: 'src/cli/main.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  logLevel: 'warning',
  external: ['tree-sitter', 'tree-sitter-bash', 'node-pty', 'libpg-query', 'ink', 'react', 'react/jsx-runtime', 'ink-testing-library', '@secretlint/*', 'yoga-layout'],
  banner: { js: "import { createRequire as __sgCreateRequire } from 'node:module'; const require = __sgCreateRequire(import.meta.url);" },
  jsx: 'automatic',
});
