/*!
 * Undo fails loudly, never silently and never stale: a broken undo.yaml refuses agent commands; a
 * snapshot that cannot be taken is said on the agent's stderr and in the audit log (and with
 * `required: true` the command does not run); snapshots expire by count, `undo --gc` prunes;
 * oversized files are left out, and removed from the store rather than kept with old content.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, runCli, runSh, type Sandbox } from '../helpers/cli.js';
import { makeProject } from './project-state.js';

function setup(): { sb: Sandbox; dir: string } {
  const sb = makeSandbox({ CLAUDECODE: '1' });
  const dir = join(sb.dir, 'app');
  mkdirSync(dir);
  makeProject(dir, sb.env);
  mkdirSync(sb.env.SHELLGATE_CONFIG_DIR!, { recursive: true });
  return { sb, dir };
}

const human = (sb: Sandbox) => ({ ...sb.env, CLAUDECODE: '' });
const undoYaml = (sb: Sandbox, text: string) => writeFileSync(join(sb.env.SHELLGATE_CONFIG_DIR!, 'undo.yaml'), text);
const storeOf = (sb: Sandbox) => {
  const base = join(sb.env.SHELLGATE_STATE_DIR!, 'undo');
  return join(base, readdirSync(base)[0]);
};

describe('undo fails closed', () => {
  it('a broken undo.yaml refuses agent commands and names the line', () => {
    const { sb, dir } = setup();
    undoYaml(sb, 'keep: 10\nmax_age_dayz: 3\n');
    const r = runSh(['-c', 'touch made'], { env: sb.env, cwd: dir });
    expect(r.status).toBe(126);
    expect(r.stderr).toMatch(/undo\.yaml:2: unknown key "max_age_dayz"/);
    expect(existsSync(join(dir, 'made'))).toBe(false);
  });

  it('a snapshot that cannot be taken is said loudly; with required: true the command does not run', () => {
    const { sb, dir } = setup();
    expect(runSh(['-c', 'touch first'], { env: sb.env, cwd: dir }).status).toBe(0);
    const store = storeOf(sb);
    rmSync(join(store, 'git'), { recursive: true, force: true });
    writeFileSync(join(store, 'git'), 'not a directory'); // the store is broken
    const r = runSh(['-c', 'touch second'], { env: sb.env, cwd: dir });
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, 'second'))).toBe(true);
    expect(r.stderr).toMatch(/WARNING: no undo snapshot of the project could be taken .*cannot be undone/);
    const audit = readFileSync(join(sb.env.SHELLGATE_STATE_DIR!, 'audit', 'audit.jsonl'), 'utf8');
    expect(audit).toMatch(/"event":"command-effect".*"snapshotError"/);

    undoYaml(sb, 'required: true\n');
    const refused = runSh(['-c', 'touch third'], { env: sb.env, cwd: dir });
    expect(refused.status).toBe(126);
    expect(refused.stderr).toMatch(/refusing to run: no undo snapshot .*required: true/);
    expect(existsSync(join(dir, 'third'))).toBe(false);
    // Nothing ran: no check of a killed command is left for the next shellgate-sh.
    const pending = join(sb.env.SHELLGATE_STATE_DIR!, 'contain', 'pending');
    expect(existsSync(pending) ? readdirSync(pending) : []).toEqual([]);
  });

  it('a lock left by a shellgate-sh that was killed does not cost the next command its snapshot', () => {
    const { sb, dir } = setup();
    expect(runSh(['-c', 'touch first'], { env: sb.env, cwd: dir }).status).toBe(0);
    writeFileSync(join(storeOf(sb), 'lock'), `999999999 ${hostname()} dead\n`); // its owner is gone
    const r = runSh(['-c', 'rm notes.txt'], { env: sb.env, cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/WARNING/);
    expect(runCli(['undo'], { env: human(sb), cwd: dir }).status).toBe(0);
    expect(existsSync(join(dir, 'notes.txt'))).toBe(true);
  });

  it("git's index.lock left in the store by a shellgate-sh killed mid-snapshot does not cost later commands their snapshots", () => {
    const { sb, dir } = setup();
    expect(runSh(['-c', 'touch first'], { env: sb.env, cwd: dir }).status).toBe(0);
    writeFileSync(join(storeOf(sb), 'git', 'index.lock'), ''); // git was killed while writing the index
    undoYaml(sb, 'required: true\n');
    const r = runSh(['-c', 'rm notes.txt'], { env: sb.env, cwd: dir });
    expect(r.stderr).not.toMatch(/WARNING|refusing/);
    expect(r.status).toBe(0);
    expect(runCli(['undo'], { env: human(sb), cwd: dir }).status).toBe(0);
    expect(existsSync(join(dir, 'notes.txt'))).toBe(true);
  });

  it('expires snapshots beyond keep; undo --gc prunes the store', () => {
    const { sb, dir } = setup();
    undoYaml(sb, 'keep: 2\n');
    for (const cmd of ['echo only-in-old-snapshots > gone.txt', 'rm gone.txt', 'echo 2 > f2.txt', 'echo 3 > f3.txt']) {
      expect(runSh(['-c', cmd], { env: sb.env, cwd: dir }).status).toBe(0);
    }
    const blob = spawnSync('git', ['hash-object', '--stdin'], { input: 'only-in-old-snapshots\n', encoding: 'utf8' }).stdout.trim();
    const inStore = () => spawnSync('git', ['cat-file', '-e', blob], { env: { ...process.env, GIT_DIR: join(storeOf(sb), 'git') } }).status === 0;
    expect(inStore()).toBe(true);
    const gc = runCli(['undo', '--gc'], { env: human(sb), cwd: dir });
    expect(gc.stdout).toMatch(/expired 2 record/);
    expect(inStore()).toBe(false);
    const list = runCli(['undo', '--list'], { env: human(sb), cwd: dir });
    expect(list.stdout).toMatch(/#4 /);
    expect(list.stdout).toMatch(/#3 /);
    expect(list.stdout).not.toMatch(/#2 /);
    expect(readdirSync(join(storeOf(sb), 'git', 'refs', 'undo')).sort()).toEqual(['3-a', '3-b', '4-a', '4-b']);
    const old = runCli(['undo', '1'], { env: human(sb), cwd: dir });
    expect(old.stderr).toMatch(/no record #1 .*kept: #3–#4/);
    expect(runCli(['undo'], { env: human(sb), cwd: dir }).status).toBe(0);
    expect(existsSync(join(dir, 'f3.txt'))).toBe(false);
    expect(existsSync(join(dir, 'f2.txt'))).toBe(true);
    expect(existsSync(join(dir, 'gone.txt'))).toBe(false);
  });

  it('leaves out files over max_file_mb, and never restores an old version of one', () => {
    const { sb, dir } = setup();
    undoYaml(sb, 'max_file_mb: 0.01\n'); // 10 KiB
    writeFileSync(join(dir, 'big.bin'), 'small at first\n');
    expect(runSh(['-c', 'echo x > a.txt'], { env: sb.env, cwd: dir }).status).toBe(0); // big.bin recorded while small
    writeFileSync(join(dir, 'big.bin'), 'x'.repeat(20_000)); // the user makes it big
    expect(runSh(['-c', 'echo y > b.txt'], { env: sb.env, cwd: dir }).status).toBe(0);
    const u = runCli(['undo'], { env: human(sb), cwd: dir });
    expect(u.status).toBe(0);
    expect(readFileSync(join(dir, 'big.bin'), 'utf8')).toBe('x'.repeat(20_000));
    expect(existsSync(join(dir, 'b.txt'))).toBe(false);
  });
});
