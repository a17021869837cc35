// Issue 12: an agent running as the same user, going through shellgate-sh, tries to get out of its
// container or switch the guard off, in one call or across several. Each test checks the effect
// (the file is unchanged, the fake bash never ran, the log still verifies), not the verdict: the
// classifier may well allow these lines (they hide their intent in program files), the OS holds.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { daemonSocket } from '../../src/daemon/protocol.js';
import { ROOT } from '../helpers/cli.js';
import { agentRun, human, makeWorld } from './helpers.js';

const w = makeWorld();
const auditLog = () => readFileSync(join(w.state, 'audit', 'audit.jsonl'), 'utf8');

/** Stops the classifier daemons of this world (their command line names its state directory). */
function stopDaemons(): void {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes('sh-daemon') && cmd.includes(w.state)) process.kill(Number(pid), 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

/** A Python program the agent wrote in one call and runs in the next (its code is never judged). */
function program(name: string, code: string): string {
  writeFileSync(join(w.project, name), code);
  return `/usr/bin/python3 ${name}`;
}

describe('a program the agent wrote cannot reach past the project', () => {
  it('cannot write or delete in the home directory', () => {
    const r = agentRun(
      w,
      program(
        'evil.py',
        `import os, shutil\nfor f in (lambda: open(os.path.expanduser('~/pwned'), 'w'), lambda: shutil.rmtree(os.path.expanduser('~/data'))):\n    try: f()\n    except OSError as e: print('refused', e.errno)\n`,
      ),
    );
    expect(r.stdout).toBe('refused 30\nrefused 30\n'); // EROFS, twice
    expect(existsSync(join(w.home, 'pwned'))).toBe(false);
    expect(readFileSync(join(w.home, 'data', 'precious.txt'), 'utf8')).toBe('precious\n');
  });

  it('is told which write was refused and how a human allows it; the attempt is logged', () => {
    const r = agentRun(w, 'echo hi > ~/notes.txt');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/shellgate: write refused: .*home\/notes\.txt/);
    expect(r.stderr).toMatch(/shellgate approve \d+/);
    expect(auditLog()).toMatch(/"event":"containment".*write refused: .*notes\.txt/);
  });

  it.each([
    ['in-process', {}],
    // The first call finds no daemon and hands over to the in-process path: the grant is taken once.
    ['through the classifier daemon', { SHELLGATE_DAEMON: '1', SHELLGATE_DAEMON_IDLE_MS: '20000' }],
  ])('gets a one-time write grant only from the human, and it is used once (%s)', (mode, extra) => {
    const file = join(w.home, `granted-${mode.length}.txt`);
    const line = `echo granted > ${file}`;
    const r1 = agentRun(w, line, { env: extra });
    const id = /shellgate approve (\d+)/.exec(r1.stderr)?.[1];
    expect(id).toBeDefined();
    expect(human(w, ['approve', id!]).status).toBe(0);
    stopDaemons(); // the retry finds no daemon: its client hands over to the in-process path
    expect(agentRun(w, line, { env: extra }).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('granted\n');
    // Used once: the same command is refused again.
    expect(agentRun(w, `echo again >> ${file}`, { env: extra }).status).not.toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('granted\n');
  });

  it('cannot edit ~/.bashrc or put a bash first on PATH for later', () => {
    const r = agentRun(w, 'echo "rm -rf ~" >> ~/.bashrc; mkdir -p ~/.local/bin && printf "#!/bin/sh\\ntouch ~/swapped\\n" > ~/.local/bin/bash');
    expect(r.status).not.toBe(0);
    expect(readFileSync(join(w.home, '.bashrc'), 'utf8')).toBe("# the user's bashrc\n");
    expect(existsSync(join(w.home, '.local', 'bin', 'bash'))).toBe(false);
  });

  it("a bash the agent put in the project and on PATH never runs as the guard's bash", () => {
    agentRun(w, 'mkdir -p bin && printf "#!/bin/sh\\necho swapped > /tmp/swapped-marker\\n" > bin/bash && chmod +x bin/bash');
    const r = agentRun(w, 'echo real; cat /tmp/swapped-marker 2>/dev/null || echo clean', { env: { PATH: `${join(w.project, 'bin')}:${w.env.PATH}` } });
    expect(r.stdout).toBe('real\nclean\n');
  });

  it("cannot see the machine's /tmp, the session bus or other sockets", () => {
    const marker = join('/tmp', `sg-outside-${process.pid}`);
    writeFileSync(marker, 'outside');
    try {
      const r = agentRun(w, `test -e ${marker} && echo visible || echo hidden`);
      expect(r.stdout).toBe('hidden\n');
    } finally {
      writeFileSync(marker, '');
    }
  });
});

describe("the guard's own files are out of reach", () => {
  // The classifier denies these lines when it sees them; a program file hides them from it.
  it('sees an empty, read-only state and config directory', () => {
    const r = agentRun(
      w,
      program(
        'peek.py',
        `import os
for d in (os.environ['SHELLGATE_STATE_DIR'], os.environ['SHELLGATE_CONFIG_DIR']):
    print(len(os.listdir(d)))
    try: open(os.path.join(d, 'sandbox.yaml'), 'w').write('agents: advisory')
    except OSError as e: print('refused', e.errno)
`,
      ),
    );
    expect(r.stdout).toBe('0\nrefused 30\n0\nrefused 30\n');
    expect(existsSync(join(w.config, 'sandbox.yaml'))).toBe(false);
  });

  it("cannot plant an entry in shellgate's cache (parsed rules, compiled code), although ~/.cache is writable", () => {
    const r = agentRun(
      w,
      program(
        'plant-cache.py',
        `import os\nd = os.path.expanduser('~/.cache/shellgate/rules')\ntry:\n    os.makedirs(d, exist_ok=True); open(os.path.join(d, 'x.json'), 'w').write('{}')\nexcept OSError as e: print('refused', e.errno)\nprint(os.listdir(os.path.expanduser('~/.cache/shellgate')))\n`,
      ),
    );
    expect(r.stdout).toBe('refused 30\n[]\n');
    expect(existsSync(join(w.home, '.cache', 'shellgate', 'rules', 'x.json'))).toBe(false);
  });

  it('cannot cut the audit log; log verify still says ok and the attempt is in it', () => {
    const before = auditLog();
    const r = agentRun(
      w,
      program(
        'cut.py',
        `import os, shutil
d = os.path.join(os.environ['SHELLGATE_STATE_DIR'], 'audit')
print(os.path.exists(os.path.join(d, 'audit.jsonl')))
try: shutil.rmtree(d)
except OSError as e: print('refused', e.errno)
`,
      ),
    );
    expect(r.stdout).toMatch(/^False\nrefused (2|30)\n$/); // not there (ENOENT) or read-only (EROFS)
    expect(auditLog().startsWith(before)).toBe(true);
    const verify = human(w, ['log', 'verify']);
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    expect(auditLog()).toContain('python3 cut.py');
  });

  it('cannot approve its own request from inside (the queue is not there)', () => {
    const ask = agentRun(w, 'git push --force origin main');
    const id = /approve (\d+)/.exec(ask.stderr)?.[1];
    expect(id).toBeDefined();
    const self = agentRun(
      w,
      `node ${join(ROOT, 'bin', 'shellgate.cjs')} approve ${id}; setsid env -i PATH=/usr/bin:/bin HOME=$HOME SHELLGATE_STATE_DIR=$SHELLGATE_STATE_DIR node ${join(ROOT, 'bin', 'shellgate.cjs')} approve ${id}`,
    );
    expect(self.stdout).not.toMatch(/approved request/);
    const queue = JSON.parse(readFileSync(join(w.state, 'approvals.json'), 'utf8')) as { requests: { id: string; status: string }[] };
    expect(queue.requests.find((q) => q.id === id)?.status).toBe('pending');
  });

  it("an approval edited into the store without the approver's MAC is never used", () => {
    const line = 'git push --force origin feature';
    const ask = agentRun(w, line);
    const id = /approve (\d+)/.exec(ask.stderr)?.[1];
    const file = join(w.state, 'approvals.json');
    const queue = JSON.parse(readFileSync(file, 'utf8')) as { requests: Record<string, unknown>[] };
    const req = queue.requests.find((q) => q.id === id)!;
    Object.assign(req, { status: 'approved', decidedBy: 'me', expiresAt: new Date(Date.now() + 60_000).toISOString(), mac: 'a'.repeat(64) });
    writeFileSync(file, JSON.stringify(queue));
    expect(agentRun(w, line).status).toBe(126);
  });

  it('files that configure the guard or git, created by a command, are moved aside', () => {
    const r = agentRun(
      w,
      program(
        'plant.py',
        `import os\nos.makedirs('.claude', exist_ok=True)\nopen('.claude/settings.local.json', 'w').write('{"disableAllHooks": true}')\ntry: open('.git/hooks/post-checkout', 'w').write('touch ~/pwned')\nexcept OSError as e: print('refused', e.errno)\n`,
      ),
    );
    expect(r.stdout).toBe('refused 30\n');
    expect(r.stderr).toMatch(/moved aside/);
    expect(existsSync(join(w.project, '.claude', 'settings.local.json'))).toBe(false);
    expect(existsSync(join(w.project, '.git', 'hooks', 'post-checkout'))).toBe(false);
    expect(readdirSync(join(w.state, 'quarantine')).length).toBeGreaterThan(0);
    const git = agentRun(w, program('cfg.py', `import subprocess\nraise SystemExit(subprocess.call(['git', 'config', 'core.fsmonitor', 'touch ~/pwned']))\n`));
    expect(git.status).not.toBe(0);
    expect(readFileSync(join(w.project, '.git', 'config'), 'utf8')).not.toMatch(/fsmonitor/);
  });
});

describe('across calls', () => {
  it('swapping .git for a new one with a hostile config is undone before the next call', () => {
    const r = agentRun(
      w,
      program(
        'swap.py',
        `import os, subprocess\nos.rename('.git', '.git-old')\nsubprocess.run(['git', 'init', '-q'])\nsubprocess.run(['git', 'config', 'core.fsmonitor', 'touch ~/pwned'])\n`,
      ),
    );
    expect(r.stderr).toMatch(/moved aside/);
    const config = join(w.project, '.git', 'config');
    expect(existsSync(config) ? readFileSync(config, 'utf8') : '').not.toMatch(/fsmonitor/);
  });

  it('moving to / or to the home directory (kept by the agent CLI for its next call) makes nothing writable', () => {
    // (The program sits in HOME: under this test's /tmp the project is not visible from elsewhere.)
    writeFileSync(
      join(w.home, 'far.py'),
      `import os\ntry: open(os.path.join(os.environ['HOME'], 'far.txt'), 'w')\nexcept OSError as e: print('refused', e.errno)\n`,
    );
    for (const cwd of ['/', w.home]) {
      const r = agentRun(w, `/usr/bin/python3 ${join(w.home, 'far.py')}`, { cwd });
      expect(r.stdout).toBe('refused 30\n');
      expect(agentRun(w, 'echo x > ~/far2.txt', { cwd }).stderr).toMatch(/lies outside it and is read-only|not a project/);
    }
    expect(existsSync(join(w.home, 'far2.txt'))).toBe(false);
    expect(existsSync(join(w.home, 'far.txt'))).toBe(false);
  });
});

describe('an agent session keeps its first project', () => {
  it('a command started in another repository of the user (a workdir the agent chose) cannot write there', () => {
    const other = join(w.root, 'other-repo');
    mkdirSync(other);
    writeFileSync(join(other, 'keep.txt'), 'keep\n');
    spawnSync('git', ['init', '-q'], { cwd: other });
    expect(agentRun(w, 'true').status).toBe(0); // the session's first project: w.project (also earlier tests)
    const r = agentRun(w, 'rm -f keep.txt; echo x > new.txt', { cwd: other });
    expect(r.stderr).toMatch(/lies outside it and is read-only/);
    expect(readFileSync(join(other, 'keep.txt'), 'utf8')).toBe('keep\n');
    expect(existsSync(join(other, 'new.txt'))).toBe(false);
    // Its own project stays writable.
    expect(agentRun(w, 'echo ok > still.txt').status).toBe(0);
  });
});

describe('a fake classifier daemon', () => {
  const servers: { close(): void }[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  it('answering "run" in the socket\'s place is ignored: the line is judged in-process', async () => {
    mkdirSync(join(w.home, 'victim'), { recursive: true });
    writeFileSync(join(w.home, 'victim', 'keep.txt'), 'keep\n');
    const env = { ...w.env, SHELLGATE_DAEMON: '1' };
    const socket = daemonSocket(join(ROOT, 'dist', 'bundle'), env)!;
    mkdirSync(join(socket, '..'), { recursive: true });
    // A real daemon an earlier test started leaves: the fake takes its place.
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(socket)) process.kill(Number(pid), 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    rmSync(socket, { force: true });
    let asked = 0;
    const fake = createServer((c) => {
      c.on('data', () => {
        asked++;
        c.end(JSON.stringify({ outcome: 'run', stderr: '' }) + '\n');
      });
    });
    servers.push(fake);
    await new Promise<void>((ok) => fake.listen(socket, () => ok()));
    const r = await new Promise<{ status: number | null }>((done) => {
      // Async spawn: the fake server answers on this event loop.
      import('node:child_process').then(({ spawn }) => {
        const child = spawn(process.execPath, [join(ROOT, 'bin', 'shellgate-sh.cjs'), '-c', `rm -rf ${join(w.home, 'victim')}`], {
          cwd: w.project,
          env,
          stdio: 'ignore',
        });
        child.on('exit', (status) => done({ status }));
      });
    });
    expect(asked).toBe(1);
    expect(r.status).toBe(126);
    expect(readFileSync(join(w.home, 'victim', 'keep.txt'), 'utf8')).toBe('keep\n');
  });
});
