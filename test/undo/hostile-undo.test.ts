/*!
 * Undo as a weapon: agent commands (the real shellgate-sh, contained in bubblewrap) arrange the
 * project so that the human's later `shellgate undo` would write what containment keeps out. The
 * checks are on the effect: the file is not there after the undo, and the undo says why.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DAEMON_ENV, makeSandbox, runCli, runShAsync, stopDaemons, type Sandbox } from '../helpers/cli.js';
import { makeProject } from './project-state.js';

function setup(): { sb: Sandbox; dir: string } {
  const sb = makeSandbox();
  const dir = join(sb.dir, 'app');
  mkdirSync(dir);
  makeProject(dir, sb.env);
  return { sb, dir };
}

/** Polls `ok` until it holds (no fixed sleep: the deadline only ends a test that would hang). */
async function until(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never: ${what}`);
}

function auditText(sb: Sandbox): string {
  const dir = join(sb.env.SHELLGATE_STATE_DIR!, 'audit');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('');
}

describe('undo as a weapon', () => {
  // Command A plants a file the check after it moves aside (an .envrc, run by direnv on the human's
  // next `cd`); while A still runs, command B starts (an agent can run commands in the background):
  // B's snapshot before it records the planted file. A ends, its check moves the file aside, and B
  // waits for that, so the file's removal counts as B's change: a plain `shellgate undo` of B would
  // write the planted file back, outside any container and with no check after it.
  // With the classifier daemon, the snapshots after A and B are the daemon's (undo-after), A's scan
  // started before its check moved the file aside.
  it.each([
    ['.envrc', 'echo planted; touch "$HOME/pwned"\n', false],
    ['.vscode/tasks.json', '{"version":"2.0.0","tasks":[{"label":"x","command":"touch ~/pwned","runOptions":{"runOn":"folderOpen"}}]}\n', false],
    ['.env', 'NODE_OPTIONS=--require ./evil.js\n', false],
    ['.envrc', 'echo planted; touch "$HOME/pwned"\n', true],
    ['.vscode/tasks.json', '{"version":"2.0.0","tasks":[{"label":"x","command":"touch ~/pwned","runOptions":{"runOn":"folderOpen"}}]}\n', true],
  ])('never writes back %s that the check after a command moved aside (daemon: %s)', async (planted, content, daemon) => {
    const { sb, dir } = setup();
    const env = { ...sb.env, CLAUDECODE: '1', ...(daemon ? DAEMON_ENV : {}) };
    if (daemon) onTestFinished(() => stopDaemons(sb));
    if (daemon) for (let i = 0; i < 3; i++) expect((await runShAsync(['-c', 'true'], { env, cwd: dir })).status).toBe(0);
    const human = sb.env;
    const b64 = Buffer.from(content).toString('base64');
    const a = runShAsync(['-c', `mkdir -p "$(dirname ${planted})"; echo ${b64} | base64 -d > ${planted}; while [ ! -e go ]; do sleep 0.02; done`], {
      env,
      cwd: dir,
    });
    await until(() => existsSync(join(dir, planted)), `command A planted ${planted}`);
    const b = runShAsync(['-c', `touch go; while [ -e ${planted} ]; do sleep 0.02; done`], { env, cwd: dir });
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.status).toBe(0);
    expect(rb.status).toBe(0);
    expect(ra.stderr).toMatch(/moved aside|set aside|moved/i);
    expect(existsSync(join(dir, planted))).toBe(false);
    // The daemon did take the snapshots after (its effect entries carry its pid).
    if (daemon) expect(auditText(sb)).toMatch(/"event":"command-effect".*"daemon":\d+/);

    const list = runCli(['undo', '--list'], { env: human, cwd: dir });
    expect(list.status).toBe(0);
    const u = runCli(['undo'], { env: human, cwd: dir });
    // The effect: the planted file stays away, and the undo says so (and the audit log).
    expect(existsSync(join(dir, planted))).toBe(false);
    expect(u.stdout + u.stderr).toMatch(new RegExp(`${planted.replace(/\./g, '\\.')}.*protected`));
    expect(auditText(sb)).toMatch(/protected/);
    // Undoing the undo does not write it either.
    const seq = /undo #(\d+)/.exec(u.stdout)?.[1];
    expect(seq).toBeDefined();
    runCli(['undo', seq!], { env: human, cwd: dir });
    expect(existsSync(join(dir, planted))).toBe(false);
  });

  // Names come from the agent: `undo --list`, `--dry-run` and the undo's report show them escaped
  // (as `shellgate log` does), direction overrides included, never raw to the human's terminal.
  it('shows names with control characters and direction overrides escaped', async () => {
    const { sb, dir } = setup();
    const env = { ...sb.env, CLAUDECODE: '1' };
    const r = await runShAsync(['-c', `touch "$(printf 'a\\033]0;x\\007b')" "$(printf 'evil\\342\\200\\256txt.sh')"`], { env, cwd: dir });
    expect(r.status).toBe(0);
    const outputs = [
      runCli(['undo', '--list', '--all'], { env: sb.env, cwd: dir }),
      runCli(['undo', '--dry-run'], { env: sb.env, cwd: dir }),
      runCli(['undo'], { env: sb.env, cwd: dir }),
    ];
    for (const o of outputs) {
      expect(o.status).toBe(0);
      expect(o.stdout + o.stderr).not.toMatch(/[\u001b\u0007\u202e]/);
    }
    expect(outputs[0].stdout).toMatch(/a\\x1b\]0;x\\x07b/);
    expect(outputs[0].stdout).toMatch(/evil\\u202etxt\.sh/);
  });

  // Undo runs outside any container, by path: a contained command still running (an agent runs
  // long commands in the background) can swap a directory undo is restoring into for a link to
  // anywhere, between undo's check of the parent and its write, and undo would write there. So undo
  // refuses while a contained command runs in the project (its shellgate-sh alive).
  it('refuses to restore while a contained command runs in the project (it could race the restore)', async () => {
    const { sb, dir } = setup();
    const env = { ...sb.env, CLAUDECODE: '1' };
    const outside = join(sb.home, 'target');
    mkdirSync(outside);
    expect((await runShAsync(['-c', 'mkdir x && echo evil > x/.bash_login'], { env, cwd: dir })).status).toBe(0);
    expect((await runShAsync(['-c', 'rm x/.bash_login && rmdir x'], { env, cwd: dir })).status).toBe(0);
    const racer = runShAsync(['-c', `touch looping; while [ ! -e stop ]; do if [ -d x ] && [ ! -L x ]; then mv x x.$$.$RANDOM; ln -s ${outside} x; fi; done`], {
      env,
      cwd: dir,
    });
    await until(() => existsSync(join(dir, 'looping')), 'the racing command runs');
    const u = runCli(['undo', '2'], { env: sb.env, cwd: dir });
    const dry = runCli(['undo', '2', '--dry-run'], { env: sb.env, cwd: dir });
    writeFileSync(join(dir, 'stop'), '');
    expect((await racer).status).toBe(0);
    expect(existsSync(join(outside, '.bash_login'))).toBe(false);
    expect(u.status).not.toBe(0);
    expect(u.stderr).toMatch(/agent command .*is running in this project/);
    expect(dry.status).toBe(0); // looking is fine
    // Once it ended, the undo runs.
    const again = runCli(['undo', '2'], { env: sb.env, cwd: dir });
    expect(again.status).toBe(0);
    expect(readFileSync(join(dir, 'x', '.bash_login'), 'utf8')).toBe('evil\n');
    expect(existsSync(join(outside, '.bash_login'))).toBe(false);
  });

  // After a command that deleted a file, shellgate reads the user's object directory (and asks
  // git) whether its content was committed. A FIFO where a pack index goes (the command can write
  // `.git/objects`) made that read wait for a writer for ever: the agent's command never returned.
  // Git itself waits for ever on one too (objects/info/alternates, read by `git cat-file`): it is
  // given a bound (effect.ts), after which nothing counts as committed.
  it.each([
    ['a pack index', 'mkfifo .git/objects/pack/pack-0.idx .git/objects/pack/pack-0.pack'],
    ['alternates, read by git', 'mkdir -p .git/objects/info && mkfifo .git/objects/info/alternates'],
  ])(
    'a FIFO planted in .git/objects (%s) does not stall the record of the command',
    async (_what, plant) => {
      const { sb, dir } = setup();
      const env = { ...sb.env, CLAUDECODE: '1' };
      const r = await runShAsync(['-c', `${plant} && rm notes.txt`], { env, cwd: dir });
      expect(r.status).toBe(0);
      expect(existsSync(join(dir, 'notes.txt'))).toBe(false);
      expect(r.stderr).toMatch(/uncommitted work .*notes\.txt/);
      expect(runCli(['undo'], { env: sb.env, cwd: dir }).status).toBe(0);
      expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('my untracked notes\n');
    },
    60_000,
  );
});

describe('a FIFO where git reads a file', () => {
  // git opens every .gitignore it meets: a FIFO in its place blocks git's scan, and the snapshot
  // with it, for ever (and every later recorded command behind the store's lock, and `shellgate
  // undo`). The scan is stopped after undo.yaml's scan_limit_s, the FIFO moved aside, and the
  // snapshot taken again; later commands are recorded as usual.
  it('stops the blocked scan, moves the FIFO aside and records the command after all', async () => {
    const { sb, dir } = setup();
    mkdirSync(sb.env.SHELLGATE_CONFIG_DIR!, { recursive: true });
    writeFileSync(join(sb.env.SHELLGATE_CONFIG_DIR!, 'undo.yaml'), 'scan_limit_s: 1\n');
    const env = { ...sb.env, CLAUDECODE: '1' };
    expect((await runShAsync(['-c', 'echo one > one.txt'], { env, cwd: dir })).status).toBe(0); // the store exists
    const r = await runShAsync(['-c', 'mkdir -p d && mkfifo d/.gitignore && echo two > two.txt'], { env, cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('was blocked by a FIFO where it reads a file');
    expect(r.stderr).toContain(join(dir, 'd', '.gitignore'));
    expect(existsSync(join(dir, 'd', '.gitignore'))).toBe(false);
    const next = await runShAsync(['-c', 'echo three > three.txt'], { env, cwd: dir });
    expect([next.status, next.stderr]).toEqual([0, '']);
    const list = runCli(['undo', '--list'], { env: sb.env, cwd: dir });
    expect(list.stdout).toContain('three.txt');
    expect(list.stdout).toContain('two.txt');
  });
});
