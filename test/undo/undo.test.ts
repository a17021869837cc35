/*!
 * Undo end to end: agent commands run through the real shellgate-sh (contained in bubblewrap),
 * the human runs the real `shellgate undo`, and the checks are on the files themselves: restored
 * byte for byte, the user's .git untouched, the user's later changes never lost, nothing written
 * outside the project through a link the agent planted.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DAEMON_ENV, daemonSocketOf, makeSandbox, runCli, runSh, stopDaemons, type Sandbox } from '../helpers/cli.js';
import { makeProject, treeState } from './project-state.js';

const AGENT = { CLAUDECODE: '1' };
const sandboxes: Sandbox[] = [];
afterAll(() => sandboxes.forEach(stopDaemons));

function setup(name: string, extra: NodeJS.ProcessEnv = {}): { sb: Sandbox; dir: string } {
  const sb = makeSandbox(extra);
  sandboxes.push(sb);
  const dir = join(sb.dir, name);
  mkdirSync(dir);
  makeProject(dir, sb.env);
  return { sb, dir };
}

/** The agent runs `command`; when it needs approval, the human approves it and the agent retries. */
function agent(sb: Sandbox, dir: string, command: string) {
  const env = { ...sb.env, ...AGENT };
  const first = runSh(['-c', command], { env, cwd: dir });
  const id = /shellgate approve (\d+)/.exec(first.stderr)?.[1];
  if (first.status !== 126 || !id) return first;
  expect(runCli(['approve', id], { env: sb.env, cwd: dir }).status).toBe(0);
  return runSh(['-c', command], { env, cwd: dir });
}

function undo(sb: Sandbox, dir: string, ...args: string[]) {
  return runCli(['undo', ...args], { env: sb.env, cwd: dir });
}

function auditEntries(sb: Sandbox): Record<string, unknown>[] {
  const dir = join(sb.env.SHELLGATE_STATE_DIR!, 'audit');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean))
    .map((l) => JSON.parse(l));
}

describe('shellgate undo', () => {
  it.each([
    ['in-process', {}],
    ['through the classifier daemon', DAEMON_ENV],
  ])('restores a deleted directory with uncommitted work, an untracked file and a rewritten README byte for byte (%s)', (_mode, extra) => {
    const { sb, dir } = setup('app', extra);
    const before = treeState(dir);
    const gitBefore = treeState(dir, { only: '.git' });
    const r = agent(
      sb,
      dir,
      `python3 -c 'import shutil,os; shutil.rmtree("src"); os.remove("notes.txt"); open("README.md","w").write("rewritten by the agent\\n")'`,
    );
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, 'src'))).toBe(false);
    // The agent is told, and that only the user can undo it.
    expect(r.stderr).toMatch(/deleted 4 files and rewrote 1 file/);
    expect(r.stderr).toMatch(/uncommitted work .*notes\.txt/);
    expect(r.stderr).toMatch(/the user can restore them with `shellgate undo`/);
    // Its effect is in the audit log.
    const effect = auditEntries(sb).find((e) => e.event === 'command-effect') as { effect: Record<string, unknown> } | undefined;
    expect(effect?.effect).toMatchObject({ added: 0, modified: 1, deleted: 4, lostCount: 3, undoSeq: 1 });

    const u = undo(sb, dir);
    expect(u.stderr).toBe('');
    expect(u.status).toBe(0);
    expect(treeState(dir)).toEqual(before);
    // shellgate never touched the user's repository: index, refs, objects, config byte for byte.
    expect(treeState(dir, { only: '.git' })).toEqual(gitBefore);
    expect(auditEntries(sb).some((e) => e.event === 'undo')).toBe(true);
  });

  it('git reset --hard and git clean -fd over uncommitted work: the agent is told, undo brings the work back', () => {
    const { sb, dir } = setup('app');
    const before = treeState(dir);
    const r = agent(sb, dir, 'git reset -q --hard && git clean -q -fd');
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'src', 'lib', 'util.ts'), 'utf8')).toBe('export const util = 2;\n');
    expect(r.stderr).toMatch(/deleted 3 files and rewrote 1 file/);
    expect(r.stderr).toMatch(/4 of them held uncommitted work/);
    expect(undo(sb, dir).status).toBe(0);
    expect(treeState(dir)).toEqual(before);
  });

  it('undoes several commands in turn, and an undo can be undone', () => {
    const { sb, dir } = setup('app');
    const s0 = treeState(dir);
    expect(agent(sb, dir, 'echo one > one.txt').status).toBe(0);
    const s1 = treeState(dir);
    expect(agent(sb, dir, 'sed -i s/main/MAIN/ src/main.ts && rm run.sh').status).toBe(0);
    const s2 = treeState(dir);
    expect(agent(sb, dir, 'ls src').status).toBe(0); // read-only: not recorded
    expect(agent(sb, dir, 'mv src source').status).toBe(0);
    const s3 = treeState(dir);

    const list = undo(sb, dir, '--list', '--all');
    expect(list.stdout).toMatch(/#3 .*mv src source/);
    expect(list.stdout).not.toMatch(/ls src/); // read-only: no snapshot, no record

    expect(undo(sb, dir).status).toBe(0);
    expect(treeState(dir)).toEqual(s2);
    expect(undo(sb, dir).status).toBe(0);
    expect(treeState(dir)).toEqual(s1);
    const third = undo(sb, dir);
    expect(third.stdout).toMatch(/undo #6: back to before #1/);
    expect(treeState(dir)).toEqual(s0);
    expect(undo(sb, dir).stderr).toMatch(/nothing to undo/);

    // Undo the last undo (#6): back to s1; then a plain undo goes back to s0 again.
    expect(undo(sb, dir, '6').status).toBe(0);
    expect(treeState(dir)).toEqual(s1);
    expect(undo(sb, dir).status).toBe(0);
    expect(treeState(dir)).toEqual(s0);
    // Going back to before #3 directly from here redoes #1 and #2.
    expect(undo(sb, dir, '3').status).toBe(0);
    expect(treeState(dir)).toEqual(s2);
    expect(s3).not.toEqual(s2);
  });

  it('works in a project that is not a git repository', () => {
    const sb = makeSandbox();
    sandboxes.push(sb);
    const dir = mkdtempSync(join(tmpdir(), 'shellgate-undo-nogit-'));
    try {
      makeProject(dir, sb.env, false);
      const before = treeState(dir);
      const r = agent(sb, dir, 'rm -rf ./* && echo gone > README.md');
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/uncommitted work/); // nothing is committed anywhere
      expect(undo(sb, dir).status).toBe(0);
      // build/ is in .gitignore (honoured without git too): never recorded, so not restored.
      expect(treeState(dir)).toEqual(treeState(dir, { skip: ['build'] }));
      expect(treeState(dir)).toEqual(Object.fromEntries(Object.entries(before).filter(([k]) => !k.startsWith('build'))));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('through the daemon, the scan before a later command (started while it is judged) counts only its own changes', async () => {
    const { sb, dir } = setup('app', DAEMON_ENV);
    expect(agent(sb, dir, 'printf "first\\n" > first.txt').status).toBe(0); // starts the daemon, creates the store
    for (let i = 0; i < 600 && !existsSync(daemonSocketOf(sb)); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(daemonSocketOf(sb))).toBe(true);
    writeFileSync(join(dir, 'README.md'), 'the user, between two agent commands\n');
    const r = agent(sb, dir, 'printf "agent\\n" > src/main.ts && rm src/lib/util.ts');
    expect(r.status).toBe(0);
    const effect = auditEntries(sb)
      .filter((e) => e.event === 'command-effect')
      .pop() as { effect: { paths: string[]; undoSeq: number }; pid: number; daemon?: number };
    expect(effect.effect.paths).toEqual(['D src/lib/util.ts', 'M src/main.ts']);
    // The snapshot after it was taken, and its effect logged, by the daemon for the client.
    expect(effect.daemon).toBeGreaterThan(0);
    expect(effect.pid).not.toBe(effect.daemon);
    expect(undo(sb, dir, String(effect.effect.undoSeq)).status).toBe(0);
    expect(readFileSync(join(dir, 'src', 'main.ts'), 'utf8')).toBe('export const main = 1;\n');
    expect(existsSync(join(dir, 'src', 'lib', 'util.ts'))).toBe(true);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('the user, between two agent commands\n');
  });

  it('never loses a change the user made after the command: left as it is, or moved aside with --force', () => {
    const { sb, dir } = setup('app');
    const userVersion = 'the user edited this after the agent\n';
    expect(agent(sb, dir, 'printf "agent\\n" > src/main.ts && printf "agent\\n" > src/lib/util.ts').status).toBe(0);
    writeFileSync(join(dir, 'src', 'main.ts'), userVersion); // the human, in their editor

    const dry = undo(sb, dir, '--dry-run');
    expect(dry.stdout).toMatch(/keep \(yours\)\s+src\/main\.ts/);
    const u = undo(sb, dir);
    expect(u.status).toBe(0);
    expect(u.stdout).toMatch(/left as it is: src\/main\.ts: changed by you after the command/);
    expect(readFileSync(join(dir, 'src', 'main.ts'), 'utf8')).toBe(userVersion);
    expect(readFileSync(join(dir, 'src', 'lib', 'util.ts'), 'utf8')).toBe('export const util = 3; // not committed\n');

    // --force on the original command: restored, and the user's version is kept aside.
    const f = undo(sb, dir, '1', '--force');
    expect(f.status).toBe(0);
    expect(readFileSync(join(dir, 'src', 'main.ts'), 'utf8')).toBe('export const main = 1;\n');
    const kept = /moved to (\S+)/.exec(f.stdout)?.[1];
    expect(kept && readFileSync(join(kept, 'src', 'main.ts'), 'utf8')).toBe(userVersion);
    // And undoing that undo brings the user's version back into the project.
    const seq = /undo #(\d+)/.exec(f.stdout)![1];
    expect(undo(sb, dir, seq).status).toBe(0);
    expect(readFileSync(join(dir, 'src', 'main.ts'), 'utf8')).toBe(userVersion);
  });

  it('an agent that plants a link to outside the project cannot make undo write through it', () => {
    const { sb, dir } = setup('app');
    const outside = join(sb.dir, 'outside');
    mkdirSync(outside);
    const before = treeState(dir);
    expect(agent(sb, dir, `rm -rf src && ln -s ${outside} src`).status).toBe(0);
    expect(undo(sb, dir).status).toBe(0);
    expect(readdirSync(outside)).toEqual([]);
    expect(treeState(dir)).toEqual(before);
  });

  it('an agent cannot blind later snapshots: .gitignore "*", a nested repository without a commit', () => {
    const { sb, dir } = setup('app');
    const before = treeState(dir);
    expect(agent(sb, dir, "printf '*\\n' > .gitignore").status).toBe(0);
    expect(agent(sb, dir, 'mkdir nested && cd nested && git init -q && echo x > x').status).toBe(0);
    const r = agent(sb, dir, 'rm -rf notes.txt src');
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/WARNING/);
    expect(r.stderr).toMatch(/uncommitted work/);
    expect(undo(sb, dir, '1').status).toBe(0); // back to before the .gitignore change
    expect(treeState(dir, { skip: ['nested'] })).toEqual(before);
  });

  it('refuses to run from an agent, and agent commands cannot reach the snapshot store', () => {
    const { sb, dir } = setup('app');
    expect(agent(sb, dir, 'rm notes.txt').status).toBe(0);
    const fromAgentEnv = runCli(['undo'], { env: { ...sb.env, ...AGENT }, cwd: dir });
    expect(fromAgentEnv.status).toBe(126);
    const inside = agent(sb, dir, `shellgate undo; ls -A "${sb.env.SHELLGATE_STATE_DIR}" | wc -l`);
    expect(inside.stdout.trim().split('\n').pop()).toBe('0');
    expect(existsSync(join(dir, 'notes.txt'))).toBe(false);
    expect(undo(sb, dir).status).toBe(0);
    expect(existsSync(join(dir, 'notes.txt'))).toBe(true);
  });

  it('leaves out ignored paths and node_modules, and says so in the list', () => {
    const { sb, dir } = setup('app');
    mkdirSync(join(dir, 'node_modules', 'pkg'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'pkg', 'index.js'), 'module\n');
    expect(agent(sb, dir, 'rm -rf build node_modules src/main.ts').status).toBe(0);
    expect(undo(sb, dir).status).toBe(0);
    expect(existsSync(join(dir, 'src', 'main.ts'))).toBe(true);
    expect(existsSync(join(dir, 'build'))).toBe(false); // ignored by .gitignore: never recorded
    expect(existsSync(join(dir, 'node_modules'))).toBe(false);
  });
});

describe("shellgate's own directories inside the project", () => {
  it('are never recorded: the store does not snapshot itself, and the effect names only the project files', () => {
    const sb = makeSandbox();
    sandboxes.push(sb);
    const dir = join(sb.dir, 'with-state');
    mkdirSync(dir);
    makeProject(dir, sb.env);
    // shellgate's state and cache directories set inside the project (the project holds its own guard state).
    const env = { ...sb.env, ...AGENT, SHELLGATE_STATE_DIR: join(dir, '.sg-state'), SHELLGATE_CACHE_DIR: join(dir, '.sg-cache') };
    for (const n of [1, 2, 3]) expect(runSh(['-c', `echo ${n} > counter.txt`], { env, cwd: dir }).status).toBe(0);
    const effects = auditEntries({ ...sb, env }).filter((e) => e.event === 'command-effect') as { effect: { paths: string[] } }[];
    expect(effects.length).toBeGreaterThan(0);
    for (const e of effects) for (const p of e.effect.paths) expect(p).not.toMatch(/\.sg-(state|cache)/);
  });
});
