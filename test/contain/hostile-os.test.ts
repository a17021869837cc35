// Issue 12, red team: what the operating system holds for an agent's command run through the real
// shellgate-sh, whatever the classifier thought of the line: programs it wrote that shadow a
// command on PATH from a writable cache, processes meant to outlive the command, other processes
// in /proc, file descriptors, hard and symbolic links to files outside the project. Each test
// checks the effect, not the verdict.
import { closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, renameSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentRun, human, makeWorld } from './helpers.js';

const w = makeWorld();

/** A Python program the agent wrote in one call and runs in the next (its code is never judged). */
function program(name: string, code: string): string {
  writeFileSync(join(w.project, name), code);
  return `/usr/bin/python3 ${name}`;
}

describe('a writable cache that is also on PATH', () => {
  it('cannot take a program that PATH finds there (~/.deno/bin/node, the guard\'s own "node")', () => {
    const bin = join(w.home, '.deno', 'bin');
    mkdirSync(bin, { recursive: true });
    const env = { PATH: `${bin}:${w.env.PATH}` };
    const r = agentRun(
      w,
      program(
        'shadow.py',
        `import os\nfor name in ('node', 'git'):\n    try:\n        open(os.path.expanduser('~/.deno/bin/' + name), 'w').write('#!/bin/sh\\ntouch ~/pwned\\n')\n    except OSError as e: print('refused', e.errno)\n`,
      ),
      { env },
    );
    expect(r.stdout).toBe('refused 30\nrefused 30\n');
    expect(existsSync(join(bin, 'node'))).toBe(false);
    // The rest of the cache stays writable (deno's own files).
    expect(agentRun(w, program('dep.py', `import os\nopen(os.path.expanduser('~/.deno/dep.txt'), 'w').write('x')\nprint('ok')\n`), { env }).stdout).toBe(
      'ok\n',
    );
  });

  it('a PATH directory that does not exist yet, created there by a command, is moved aside', () => {
    const env = { PATH: `${join(w.home, '.cache', 'bin')}:${w.env.PATH}` };
    const r = agentRun(
      w,
      program('mkbin.py', `import os\nos.makedirs(os.path.expanduser('~/.cache/bin'))\nopen(os.path.expanduser('~/.cache/bin/ls'), 'w').write('x')\n`),
      { env },
    );
    expect(r.stderr).toMatch(/moved aside:[\s\S]*\.cache\/bin/);
    expect(existsSync(join(w.home, '.cache', 'bin'))).toBe(false);
  });
});

describe('processes and descriptors', () => {
  it('a process started to outlive the command (setsid, nohup, double fork) is gone when it returns', () => {
    const fifo = join(w.project, 'wait.fifo');
    spawnSync('mkfifo', [fifo]);
    const r = agentRun(
      w,
      program(
        'linger.py',
        `import os, subprocess\nsubprocess.Popen(['setsid', '-f', 'sh', '-c', 'cat wait.fifo > got1'])\nsubprocess.Popen('nohup sh -c "cat wait.fifo > got2" >/dev/null 2>&1 &', shell=True)\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        os.execvp('sh', ['sh', '-c', 'cat wait.fifo > got3'])\n    os._exit(0)\nprint('started')\n`,
      ),
    );
    expect(r.stdout).toBe('started\n');
    // No process holds the FIFO open for reading any more (a reader blocked in open counts):
    // opening it for writing without blocking fails with ENXIO.
    expect(() => closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK))).toThrow(/ENXIO/);
  });

  it('sees no process outside its container: not shellgate-sh, not the agent, not a daemon', () => {
    const r = agentRun(
      w,
      program(
        'procs.py',
        `import os\nfor p in os.listdir('/proc'):\n    if p.isdigit():\n        try: c = open('/proc/%s/cmdline' % p, 'rb').read()\n        except OSError: continue\n        if b'shellgate-sh' in c or b'vitest' in c or b'sh-daemon' in c: print('visible', p)\nprint('done')\n`,
      ),
    );
    expect(r.stdout).toBe('done\n');
  });

  it('inherits no descriptor from shellgate: only what the agent itself passed down', () => {
    const code = `import os\nfds = []\nfor f in os.listdir('/proc/self/fd'):\n    if int(f) < 3: continue\n    try: fds.append(os.readlink('/proc/self/fd/' + f))\n    except OSError: pass\nprint(sorted(fds))\n`;
    const contained = agentRun(w, program('fds.py', code)).stdout;
    // The same program started by the agent without shellgate (same stdio, same inherited descriptors).
    const plain = spawnSync('/usr/bin/python3', ['fds.py'], { cwd: w.project, encoding: 'utf8' }).stdout;
    expect(contained).toBe(plain);
  });
});

describe('links to files outside the project', () => {
  it("cannot make the guard move the human's files aside: a link .claude → ~/.claude", () => {
    // The guard moves aside agent settings a command created in the project; through the link,
    // "created" would be the human's own ~/.claude/settings.json, which holds the hook.
    mkdirSync(join(w.home, '.claude'), { recursive: true });
    writeFileSync(join(w.home, '.claude', 'settings.json'), '{"hooks": {}}\n');
    const r = agentRun(w, program('link-claude.py', `import os\nos.symlink(os.path.expanduser('~/.claude'), '.claude')\nprint('linked')\n`));
    expect(r.stdout).toBe('linked\n');
    expect(readFileSync(join(w.home, '.claude', 'settings.json'), 'utf8')).toBe('{"hooks": {}}\n');
    unlinkSync(join(w.project, '.claude'));
  });

  it('a hard link to a file in the home directory cannot be made; a symbolic one cannot be written through', () => {
    const target = join(w.home, 'data', 'precious.txt');
    const r = agentRun(
      w,
      program(
        'links.py',
        `import os\ntry: os.link(${JSON.stringify(target)}, 'hard')\nexcept OSError as e: print('link refused', e.errno)\nos.symlink(${JSON.stringify(target)}, 'soft')\ntry: open('soft', 'w').write('gone')\nexcept OSError as e: print('write refused', e.errno)\n`,
      ),
    );
    expect(r.stdout).toBe('link refused 18\nwrite refused 30\n'); // EXDEV, EROFS
    expect(readFileSync(target, 'utf8')).toBe('precious\n');
  });
});

describe('a write grant asked for through a link', () => {
  it('names the directory it really makes writable (keys → ~/.ssh), not the project path the link has', () => {
    mkdirSync(join(w.home, '.ssh'), { recursive: true });
    agentRun(w, program('link-ssh.py', `import os\nos.symlink(os.path.expanduser('~/.ssh'), 'keys')\n`));
    const r = agentRun(w, 'echo "ssh-ed25519 AAAA attacker" >> keys/authorized_keys');
    expect(r.stderr).toMatch(/shellgate approve \d+/);
    const list = human(w, ['approvals']).stdout;
    expect(list).toContain(`write outside the writable area: ${join(w.home, '.ssh')} `);
    expect(list).not.toMatch(/writable area: [^ ]*project\/keys/);
    unlinkSync(join(w.project, 'keys'));
  });
});

describe('a log that cannot be written', () => {
  // A contained command can fill the disk the state directory is on (the project, the private
  // /tmp and the caches usually share it); the log's own write then fails (here: /dev/full).
  it.runIf(existsSync('/dev/full'))('refuses agent commands, even allowed ones, until it can be written again', () => {
    expect(agentRun(w, 'true').status).toBe(0); // the log exists
    const log = join(w.state, 'audit', 'audit.jsonl');
    renameSync(log, `${log}.kept`);
    symlinkSync('/dev/full', log);
    try {
      const r = agentRun(w, 'echo ran > unlogged.txt');
      expect(r.status).toBe(126);
      expect(r.stderr).toMatch(/audit log is unavailable/);
      expect(existsSync(join(w.project, 'unlogged.txt'))).toBe(false);
    } finally {
      unlinkSync(log);
      renameSync(`${log}.kept`, log);
    }
    expect(agentRun(w, 'echo ran > logged.txt').status).toBe(0);
  });
});
