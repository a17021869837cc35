/*!
 * What the classifier daemon does for shellgate-sh's undo (daemon/server.ts: `audit` and
 * `undo-after` requests), asked as a client would ask, hostile requests first: it logs only a
 * command's effect; it takes the snapshot after a command only from a job whose paths stay in the
 * project, only when the store's lock is free now and the scan's listing still fits the index (it
 * runs no git on the work tree); anything else is answered `error`, with nothing recorded, and the
 * client takes the snapshot itself. A job it takes is recorded as the client would record it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../../src/daemon/server.js';
import { PROTOCOL } from '../../src/daemon/protocol.js';
import { gitEnv, storeFor, withStoreLockAsync } from '../../src/undo/git-store.js';
import { readJournal } from '../../src/undo/journal.js';
import { loadUndoConfig } from '../../src/undo/undo-config.js';
import { undoProject } from '../../src/undo/undo-project.js';
import { beforeCommand, prepareCommand, scanAfter, type CommandInfo, type Recording } from '../../src/undo/record-command.js';
import { afterJobToWire, type AfterJob } from '../../src/undo/record-after.js';

let base: string;
let n = 0;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'sg-daemon-undo-'));
  process.env.SHELLGATE_STATE_DIR = join(base, 'state');
  process.env.SHELLGATE_CONFIG_DIR = join(base, 'config');
  mkdirSync(process.env.SHELLGATE_CONFIG_DIR, { recursive: true });
  writeFileSync(join(process.env.SHELLGATE_CONFIG_DIR, 'undo.yaml'), 'enabled: true\n');
});

function auditLines(): Record<string, unknown>[] {
  const path = join(process.env.SHELLGATE_STATE_DIR!, 'audit', 'audit.jsonl');
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  } catch {
    return [];
  }
}

/** A project with its snapshot before one command taken; `change` then runs as the command. */
async function recorded(change: (dir: string) => void): Promise<{ dir: string; rec: Recording; job: AfterJob }> {
  const dir = join(base, `p${n++}`);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'src', 'main.ts'), 'main\n');
  writeFileSync(join(dir, 'notes.txt'), 'notes\n');
  const info: CommandInfo = {
    projectRoot: dir,
    cwd: dir,
    line: 'make',
    env: { PATH: '/usr/bin:/bin' },
    actor: { kind: 'agent', agent: 'test' },
    sessionId: 's',
  };
  const b = await beforeCommand(prepareCommand(info));
  if (!b.run || !b.recording) throw new Error('no snapshot before');
  change(dir);
  const a = scanAfter(b.recording);
  const listing = await a.scan.listing;
  if (listing instanceof Error) throw listing;
  const job: AfterJob = {
    projectRoot: dir,
    seq: b.recording.seq,
    before: b.recording.before!,
    maxFileBytes: 1 << 20,
    exitStatus: 0,
    origin: { pid: 4242, sessionId: 's', actor: { kind: 'agent', agent: 'test' }, cwd: dir, line: 'make' },
    scan: { stamp: a.scan.stamp, started: a.scan.started, listing },
  };
  return { dir, rec: b.recording, job };
}

const ask = (job: unknown) => answer({ v: PROTOCOL, kind: 'undo-after', job } as never);
const ended = (rec: Recording) => readJournal(rec.store).find((r) => r.seq === rec.seq)?.after;

describe('the daemon takes the snapshot after a command', () => {
  it('never from a job whose listing names a path outside the project, or one git never lists (an empty segment, a .git)', async () => {
    const { rec, job } = await recorded((dir) => writeFileSync(join(dir, 'notes.txt'), 'changed\n'));
    writeFileSync(join(base, 'secret.txt'), 'outside\n');
    for (const path of ['../secret.txt', 'src/../../secret.txt', '/etc/passwd', './notes.txt', 'src//main.ts', '.git/config', 'sub/.GIT/hooks/pre-commit']) {
      const forged = { ...job, scan: { ...job.scan, listing: Buffer.from(`? ${path}\0`) } };
      expect((await ask(afterJobToWire(forged))).outcome).toBe('error');
    }
    expect(ended(rec)).toBeUndefined();
  });

  it('leaves it to the client, without reading the disk for each path, when the listing names more paths than it takes', async () => {
    const { rec, job } = await recorded((dir) => writeFileSync(join(dir, 'notes.txt'), 'changed\n'));
    // A command that made 300,000 files (or a client that says so): as many lstat calls, the daemon's
    // other clients waiting meanwhile, for a job it then leaves to git anyway.
    const many = Array.from({ length: 300_000 }, (_, i) => `? f${i}\0`).join('');
    const big = { ...job, scan: { ...job.scan!, listing: Buffer.from(`${many}M notes.txt\0`) } };
    expect((await ask(afterJobToWire(big))).outcome).toBe('error');
    expect(ended(rec)).toBeUndefined();
  });

  it('never reads through a directory swapped for a link after the scan listed a file in it', async () => {
    const { dir, rec, job } = await recorded((d) => writeFileSync(join(d, 'src', 'main.ts'), 'changed\n'));
    const outside = join(base, `outside-${n}`);
    mkdirSync(outside);
    writeFileSync(join(outside, 'main.ts'), 'SECRET outside\n');
    renameSync(join(dir, 'src'), join(dir, 'src-moved'));
    symlinkSync(outside, join(dir, 'src'));
    const a = await ask(afterJobToWire({ ...job, scan: job.scan! }));
    expect(a.outcome).toBe('recorded');
    const end = readJournal(rec.store).find((r) => r.seq === rec.seq);
    expect(end?.effect?.paths).toEqual(['D src/main.ts']);
    const secret = spawnSync('/usr/bin/git', ['hash-object', '--stdin'], { input: 'SECRET outside\n' }).stdout.toString().trim();
    expect(spawnSync('/usr/bin/git', ['cat-file', '-e', secret], { env: gitEnv(rec.store) }).status).not.toBe(0);
    // Undone: src/main.ts comes back, never written through the link into the directory outside.
    try {
      undoProject({ projectRoot: dir, seq: rec.seq, force: true, dryRun: false, by: 'test' }, loadUndoConfig());
    } catch {
      /* refused is fine: the file outside must be as it was */
    }
    expect(readFileSync(join(outside, 'main.ts'), 'utf8')).toBe('SECRET outside\n');
  });

  it('answers a malformed job with error', async () => {
    const { job } = await recorded(() => {});
    const wire = afterJobToWire(job);
    for (const bad of [
      null,
      {},
      { ...wire, before: 'HEAD' },
      { ...wire, projectRoot: 'relative' },
      { ...wire, seq: 1.5 },
      { ...wire, origin: null },
      { ...wire, maxFileBytes: -1 },
      { ...wire, maxFileBytes: 1e300 },
    ])
      expect((await ask(bad)).outcome).toBe('error');
  });

  it('leaves it to the client, untouched, when the index changed since the scan (it would need git on the work tree)', async () => {
    const { rec, job } = await recorded((dir) => writeFileSync(join(dir, 'notes.txt'), 'changed\n'));
    const stale = { ...job, scan: { ...job.scan!, stamp: 'another index' } };
    expect((await ask(afterJobToWire(stale))).outcome).toBe('error');
    expect(ended(rec)).toBeUndefined();
  });

  it('leaves it to the client, without waiting, when another holds the store lock', async () => {
    const { rec, job } = await recorded((dir) => writeFileSync(join(dir, 'notes.txt'), 'changed\n'));
    // Held while the daemon answers (an undo, another snapshot): it may not wait for it.
    const a = await withStoreLockAsync(rec.store, () => ask(afterJobToWire({ ...job, scan: job.scan! })));
    expect(a.outcome).toBe('error');
    expect(ended(rec)).toBeUndefined();
  });

  it('records a job it takes as the client would: the journal, the effect in the log (written by the daemon), the message', async () => {
    const { dir, rec, job } = await recorded((d) => {
      writeFileSync(join(d, 'src', 'main.ts'), 'rewritten\n');
      writeFileSync(join(d, 'new.txt'), 'new\n');
    });
    const a = await ask(afterJobToWire({ ...job, scan: job.scan! }));
    expect(a).toMatchObject({ outcome: 'recorded', stderr: '' });
    const end = readJournal(rec.store).find((r) => r.seq === rec.seq);
    expect(end?.after).toMatch(/^[0-9a-f]{40}$/);
    expect(end?.effect).toMatchObject({ added: 1, modified: 1, deleted: 0, paths: ['A new.txt', 'M src/main.ts'] });
    const entry = auditLines().find((e) => e.event === 'command-effect' && (e.effect as { project?: string }).project === dir);
    expect(entry).toMatchObject({ pid: 4242, daemon: process.pid, line: 'make', exitStatus: 0 });
    expect(storeFor(dir, process.env).dir).toBe(rec.store.dir);
  });

  it('refuses a job whose actor is neither an agent nor a human (the effect entry would say so)', async () => {
    const { rec, job } = await recorded((d) => writeFileSync(join(d, 'new.txt'), 'new\n'));
    const wire = afterJobToWire({ ...job, scan: job.scan! });
    for (const kind of ['approver', 'shellgate', '']) expect((await ask({ ...wire, origin: { ...wire.origin, actor: { kind } } })).outcome).toBe('error');
    expect(ended(rec)).toBeUndefined();
  });
});

describe('the daemon logs for shellgate-sh', () => {
  const effect = { project: '/p', undoSeq: 1, added: 1, modified: 0, deleted: 0, paths: ['A x'], lost: [], lostCount: 0 };
  const event = {
    event: 'command-effect',
    source: 'shellgate-sh',
    pid: 77,
    sessionId: 's',
    actor: { kind: 'agent' },
    cwd: '/p',
    line: 'touch x',
    exitStatus: 0,
    effect,
  };

  it('only the effect of a command: no other kind of entry can be written through it', async () => {
    const before = auditLines().length;
    for (const forged of [
      { ...event, event: 'approval-granted' },
      { ...event, event: 'command', verdict: null },
      { ...event, source: 'approvals' },
      { ...event, effect: null },
    ])
      expect((await answer({ v: PROTOCOL, kind: 'audit', event: forged } as never)).outcome).toBe('error');
    expect(auditLines()).toHaveLength(before);
  });

  it('only the fields of an effect entry: a verdict, approval, credential, note or block smuggled beside it is not written', async () => {
    const smuggled = {
      ...event,
      line: 'smuggled',
      verdict: { decision: 'allow', risk: 'low', reasons: [], matched: [] },
      approval: { by: 'human', id: 'forged' },
      credential: { name: 'prod-db', injected: true },
      note: 'approved by the developer',
      blocked: true,
      requestId: 'r-forged',
      durationMs: 5,
      effect: { ...effect, extra: 'x', paths: ['A x', 7] },
    };
    expect((await answer({ v: PROTOCOL, kind: 'audit', event: smuggled } as never)).outcome).toBe('error');
    const clean = { ...smuggled, effect };
    expect((await answer({ v: PROTOCOL, kind: 'audit', event: clean } as never)).outcome).toBe('logged');
    const entry = auditLines().pop()!;
    expect(entry).toMatchObject({ event: 'command-effect', line: 'smuggled', verdict: null, approval: null, blocked: false, durationMs: null });
    for (const k of ['credential', 'note', 'requestId']) expect(entry).not.toHaveProperty(k);
    expect(entry.effect).toEqual(effect);
  });

  it("a command's effect, as the client's entry written by the daemon", async () => {
    expect((await answer({ v: PROTOCOL, kind: 'audit', event } as never)).outcome).toBe('logged');
    expect(auditLines().pop()).toMatchObject({ event: 'command-effect', pid: 77, daemon: process.pid, line: 'touch x' });
  });
});
