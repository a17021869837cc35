#!/usr/bin/env node
// Cost of undo per agent command: the snapshot before and after one command (undo/record-command.js,
// in-process, so that only undo is measured), in a project of 5,000 and of 50,000 files (a git
// work tree; files of ~100 bytes in directories of 100), plus the first snapshot of each (all files
// hashed once), and `shellgate-sh -c :` end to end with undo on and off. Figures only. Beside the
// wall-clock medians, the CPU time per command (this process and the git processes it ran): on a
// loaded machine the wall clock mostly measures the others.
//   node scripts/bench-undo.mjs [--runs N] [--sizes 5000,50000]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : dflt);
const RUNS = Number(arg('--runs', 15));
const SIZES = arg('--sizes', '5000,50000').split(',').map(Number);
const work = mkdtempSync(join(tmpdir(), 'shellgate-bench-undo-'));
process.env.SHELLGATE_STATE_DIR = join(work, 'state');
process.env.SHELLGATE_CONFIG_DIR = join(work, 'config');
const { prepareCommand, beforeCommand, afterCommand } = await import('../dist/undo/record-command.js');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6;
/** CPU ms used so far by this process and its reaped children (Linux: /proc/self/stat, 10 ms ticks for children). */
function cpu() {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  const own = process.cpuUsage();
  return (Number(f[13]) + Number(f[14])) * 10 + (own.user + own.system) / 1000;
}

function project(n, name = `p${n}`) {
  const dir = join(work, name);
  mkdirSync(join(dir, '.git'), { recursive: true }); // a work tree root (nothing else of git is needed)
  for (let d = 0; d < n / 100; d++) {
    mkdirSync(join(dir, `d${d}`));
    for (let f = 0; f < 100; f++) writeFileSync(join(dir, `d${d}`, `f${f}.txt`), `file ${d}/${f}\n`.repeat(8));
  }
  return dir;
}

async function command(dir, change) {
  const info = { projectRoot: dir, cwd: dir, line: 'make', env: { PATH: '/usr/bin:/bin' }, actor: { kind: 'agent', agent: 'bench' }, sessionId: 'bench' };
  const t = process.hrtime.bigint();
  const b = await beforeCommand(prepareCommand(info));
  if (!b.run || !b.recording) throw new Error(`no snapshot: ${b.say}`);
  const between = ms(t);
  if (change) writeFileSync(join(dir, 'd0', 'f0.txt'), `changed ${Math.random()}\n`);
  const t2 = process.hrtime.bigint();
  await afterCommand(b.recording, 0);
  return { before: between, after: ms(t2) };
}

/** One `shellgate-sh -c LINE` in `dir`, undo on or off; ms. */
function sh(dir, undoOn, line = ':') {
  writeFileSync(join(process.env.SHELLGATE_CONFIG_DIR, 'undo.yaml'), `enabled: ${undoOn}\n`);
  const t = process.hrtime.bigint();
  // With the classifier daemon, as agents run (the first call starts it).
  // In a clean environment, as bench-sh.mjs (an extra CA bundle variable alone adds 45–60 ms to every Node start).
  const env = { SHELLGATE_DAEMON: '1', SHELLGATE_DAEMON_IDLE_MS: '5000' };
  for (const [k, v] of Object.entries(process.env)) if (k === 'HOME' || k === 'PATH' || k.startsWith('XDG_') || k.startsWith('SHELLGATE_')) env[k] ??= v;
  const r = spawnSync(process.execPath, [join(root, 'bin/shellgate-sh.cjs'), '-c', line], { cwd: dir, env, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`shellgate-sh -c ${line} failed`);
  return ms(t);
}

mkdirSync(process.env.SHELLGATE_CONFIG_DIR, { recursive: true });
console.log(`undo snapshots per agent command (median of ${RUNS}; before + after one command)`);
for (const n of SIZES) {
  writeFileSync(join(process.env.SHELLGATE_CONFIG_DIR, 'undo.yaml'), 'enabled: true\n');
  const dir = project(n);
  // A project whose files were not all written this very second, as an agent meets one: files
  // changed in the current or previous second are hashed by every scan until a later snapshot
  // records them again (docs/undo.md, the same-second rule), which is not the cost per command.
  await new Promise((r) => setTimeout(r, 2100));
  const t = process.hrtime.bigint();
  await command(dir, false);
  const first = ms(t);
  const same = [];
  const changed = [];
  const ref = [];
  let cpuSame = 0;
  let cpuChanged = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0']);
    ref.push(ms(t0));
    const c0 = cpu();
    const a = await command(dir, false);
    const c1 = cpu();
    same.push(a.before + a.after);
    const b = await command(dir, true);
    cpuSame += c1 - c0;
    cpuChanged += cpu() - c1;
    changed.push(b.before + b.after);
  }
  const on = [];
  const off = [];
  // Undo off runs in a copy of the project: a change made there unrecorded would otherwise be
  // found, and stored, by the next recorded command's first snapshot (not the cost per command).
  const dirOff = project(n, `p${n}-off`);
  sh(dirOff, false); // start the daemon
  sh(dir, true);
  await new Promise((r) => setTimeout(r, 300));
  // And a command that changes one file (what most recorded commands do): its snapshot stores it.
  const CHANGE = 'date +%N > d1/f1.txt';
  const onChange = [];
  const offChange = [];
  for (let i = 0; i < RUNS; i++) {
    on.push(sh(dir, true));
    off.push(sh(dirOff, false));
    onChange.push(sh(dir, true, CHANGE));
    offChange.push(sh(dirOff, false, CHANGE));
  }
  console.log(
    `  ${String(n).padStart(6)} files: first snapshot ${first.toFixed(0)} ms; per command: nothing changed ${median(same).toFixed(1)} ms, one file changed ${median(changed).toFixed(1)} ms`,
  );
  console.log(
    `                CPU per command (with its git processes): nothing changed ${(cpuSame / RUNS).toFixed(1)} ms, one file changed ${(cpuChanged / RUNS).toFixed(1)} ms`,
  );
  console.log(`                (machine load: \`node -e 0\` took ${median(ref).toFixed(1)} ms meanwhile; ≈55 ms on this machine when quiet)`);
  console.log(
    `                shellgate-sh -c : (daemon) undo on ${median(on).toFixed(1)} ms, off ${median(off).toFixed(1)} ms: +${(median(on) - median(off)).toFixed(1)} ms`,
  );
  console.log(
    `                shellgate-sh -c '${CHANGE}' (one file changed) undo on ${median(onChange).toFixed(1)} ms, off ${median(offChange).toFixed(1)} ms: +${(median(onChange) - median(offChange)).toFixed(1)} ms`,
  );
}
rmSync(work, { recursive: true, force: true });
