#!/usr/bin/env node
// Bundles the start-up-critical entries with esbuild: unbundled ESM spends ~100 ms resolving and
// loading ~150 modules on every agent command. Native addons and Ink stay external/lazy (see
// NOTES.md: start-up cost).
//   ESM (dist/bundle/*.js): the CLI, the loader of the CommonJS entries, and the confirmation
//     prompt (Ink is ESM-only, so what imports it statically must stay ESM).
//   CommonJS (dist/bundle/*.cjs), loaded with a V8 code cache by src/cli/entry-loader.ts:
//     loader (loads the others), sh (shellgate-sh: the daemon's client), sh-plan (its containment
//     planning, loaded when the daemon did not plan), sh-full (shellgate-sh in-process), sh-daemon (the
//     classifier daemon), hook-fast (`shellgate hook AGENT`: the daemon's client), hook (the hook in-process),
//     contain (shellgate-contain: runs a hook-judged command contained).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { build } from 'esbuild';

const external = [
  'tree-sitter',
  'web-tree-sitter',
  'tree-sitter-bash',
  '@lydell/node-pty',
  'libpg-query',
  'ink',
  'react',
  'react/jsx-runtime',
  'ink-testing-library',
  '@secretlint/*',
  'yoga-layout',
  '@napi-rs/keyring',
  'age-encryption',
];
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: false, logLevel: 'warning', external, jsx: 'automatic' };

// The entry points are declared once, in package.json's `entryPoints` (name → source file).
const entries = JSON.parse(readFileSync('package.json', 'utf8')).entryPoints;

const esm = await build({
  ...common,
  metafile: true,
  entryPoints: entries.esm,
  outdir: 'dist/bundle',
  splitting: true,
  format: 'esm',
  banner: { js: "import { createRequire as __sgCreateRequire } from 'node:module'; const require = __sgCreateRequire(import.meta.url);" },
});

/**
 * In the CommonJS entries, modules they only import() are the ESM entries above: the Ink prompt
 * (Ink is ESM-only) and the interactive shell (`shellgate-sh` on a terminal), which keeps the
 * per-command bundle small.
 */
const esmBySource = new Map(Object.entries(entries.esm).map(([name, src]) => [resolve(src).replace(/\.tsx?$/, ''), name]));
const lazyAsEsm = {
  name: 'lazy-as-esm',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
      const name = esmBySource.get(resolve(args.resolveDir, args.path).replace(/\.js$/, ''));
      return name ? { path: `./${name}.js`, external: true } : undefined;
    });
  },
};

/**
 * shellgate-sh's per-command bundle (sh.cjs) loads the in-process containment planning only when
 * the daemon did not plan (the `sh-plan` entry): as its own CommonJS bundle, through the loader
 * (with its code cache). The other bundles include it.
 */
const planSource = resolve(entries.cjs['sh-plan']).replace(/\.tsx?$/, '');
const planLater = {
  name: 'plan-later',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) =>
      resolve(args.resolveDir, args.path).replace(/\.js$/, '') === planSource ? { path: 'sh-plan', namespace: 'sg-later' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'sg-later' }, () => ({ contents: "module.exports = require('./loader.cjs').loadEntry('sh-plan');", loader: 'js' }));
    b.onResolve({ filter: /^\.\/loader\.cjs$/ }, () => ({ path: './loader.cjs', external: true }));
  },
};
const cjsOptions = {
  ...common,
  outdir: 'dist/bundle',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  // yaml is only needed on a ruleset-cache miss or for the sandbox config: required when used.
  external: [...external, 'yaml'],
  // import.meta.url is made only when used (≈0.5 ms per bundle on the start-up path); code that
  // needs only its directory reads import.meta.dirname, which is __dirname here.
  define: { 'import.meta.url': '__sgMeta.url', 'import.meta.dirname': '__dirname' },
  banner: { js: "const __sgMeta = { get url() { return require('node:url').pathToFileURL(__filename).href; } };" },
  write: false,
};
const { sh: shEntry, ...otherCjs } = entries.cjs;
const shFast = await build({ ...cjsOptions, entryPoints: { sh: shEntry }, plugins: [lazyAsEsm, planLater] });
const cjs = await build({ ...cjsOptions, entryPoints: otherCjs, plugins: [lazyAsEsm] });
// Code compiled by vm.Script cannot use import() without an experimental Node API, so the
// import() calls of these bundles go through globalThis.__sgImport, set by the loader
// (src/cli/entry-loader.ts), which resolves them as if from this directory.
const DYNAMIC_IMPORT = /\bimport\((?="(\.\/[\w.-]+\.js|ink|react|libpg-query|age-encryption)")/g;
mkdirSync('dist/bundle', { recursive: true });
for (const f of [...shFast.outputFiles, ...cjs.outputFiles]) {
  const text = f.text.replace(DYNAMIC_IMPORT, 'globalThis.__sgImport(');
  if (/\bimport\(["']/.test(text)) throw new Error(`${f.path}: an import() the loader does not handle`);
  writeFileSync(f.path, text);
}

// Chunk names carry content hashes: remove the files of earlier builds (after writing this one,
// so that a CLI running meanwhile never finds the directory empty).
const current = new Set(
  [...Object.keys(esm.metafile.outputs), ...shFast.outputFiles.map((f) => f.path), ...cjs.outputFiles.map((f) => f.path)].map((p) => basename(p)),
);
for (const f of readdirSync('dist/bundle')) if (!current.has(f)) rmSync(`dist/bundle/${f}`, { force: true });
