/*!
 * The classifier daemon killed while it takes the snapshot after an agent's command for
 * shellgate-sh (daemon/server.ts `undo-after`), every part real: the built shellgate-sh, bubblewrap,
 * bash, the daemon. The daemon is held at a known point first, without timing: the project's own
 * repository has an alternates file (so that its object store cannot tell whether a deleted file
 * was committed) and a FIFO for packed-refs, so that the `git cat-file` that tells waits there
 * (effect.ts bounds it), the daemon's snapshot taken and the store's lock held. It is killed
 * there; the client must still end the command's journal record itself, with the command's
 * effect, and a later command and `shellgate undo` must work (the lock of the dead daemon broken).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { daemonSocket } from '../../src/daemon/protocol.js';
import { readJournal } from '../../src/undo/journal.js';
import { storeFor } from '../../src/undo/git-store.js';
import { ROOT } from '../helpers/cli.js';
import { agentRun, human, makeWorld, SH_BIN } from '../contain/helpers.js';
import { parentOf, processesWith, until } from '../helpers/processes.js';

describe('the daemon killed mid-snapshot', () => {
  it("the client ends the command's record itself, with its effect; the next command and undo work", async () => {
    const w = makeWorld({ SHELLGATE_DAEMON: '1', SHELLGATE_DAEMON_IDLE_MS: '60000' });
    mkdirSync(w.config, { recursive: true });
    writeFileSync(join(w.config, 'undo.yaml'), 'enabled: true\n');
    writeFileSync(join(w.project, 'notes.txt'), 'uncommitted notes\n');
    const socket = daemonSocket(join(ROOT, 'dist', 'bundle'), w.env)!;
    for (let i = 0; i < 3 || !existsSync(socket); i++) {
      expect(agentRun(w, 'true').status).toBe(0);
      if (i > 50) throw new Error('no daemon');
    }
    const [daemon] = processesWith(socket);
    expect(daemon).toBeGreaterThan(0);
    // An earlier command's doing (or the user's): the repository's objects cannot settle what was committed.
    const git = (...a: string[]) => spawnSync('git', a, { cwd: w.project, env: w.env, encoding: 'utf8' });
    git('pack-refs', '--all');
    mkdirSync(join(w.project, '.git', 'objects', 'info'), { recursive: true });
    writeFileSync(join(w.project, '.git', 'objects', 'info', 'alternates'), '/nonexistent/objects\n');
    rmSync(join(w.project, '.git', 'packed-refs'));
    expect(spawnSync('mkfifo', [join(w.project, '.git', 'packed-refs')]).status).toBe(0);

    const child = spawn(process.execPath, [SH_BIN, '-c', 'rm README.md notes.txt'], { cwd: w.project, env: w.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    // The daemon's cat-file, waiting at the FIFO: the daemon has taken the snapshot and holds the lock.
    await until("the daemon's cat-file", () => processesWith('cat-file').some((p) => parentOf(p) === daemon), 30_000);
    process.kill(daemon, 'SIGKILL');
    // Unblock the cat-files waiting at the FIFO (the client's too): a writer that closes at once.
    const unblock = setInterval(() => spawnSync('sh', ['-c', `exec 3<>"$1"; exec 3>&-`, 'sh', join(w.project, '.git', 'packed-refs')]), 200);
    const code = await exited;
    clearInterval(unblock);
    expect(code, stderr).toBe(0);
    expect(existsSync(join(w.project, 'README.md'))).toBe(false);

    const store = storeFor(w.project, w.env);
    const last = readJournal(store).at(-1)!;
    expect(last.line).toBe('rm README.md notes.txt');
    expect(last.after, stderr).toMatch(/^[0-9a-f]{40}$/);
    expect(last.effect).toMatchObject({ deleted: 2, paths: ['D README.md', 'D notes.txt'] });

    // The fifo gone (else every later check waits at it), the next command runs and is recorded.
    rmSync(join(w.project, '.git', 'packed-refs'));
    rmSync(join(w.project, '.git', 'objects', 'info', 'alternates'));
    expect(agentRun(w, 'echo more > more.txt').status).toBe(0);
    expect(readJournal(store).at(-1)).toMatchObject({ line: 'echo more > more.txt', effect: { added: 1 } });
    const undo = human(w, ['undo', String(last.seq)]);
    expect(undo.status, undo.stderr + undo.stdout).toBe(0);
    expect(readFileSync(join(w.project, 'notes.txt'), 'utf8')).toBe('uncommitted notes\n');
  }, 120_000);
});
