/*!
 * Where the classifier daemon's socket goes: in the state directory when the path fits in a
 * socket address (about 100 bytes), else in a short runtime directory that is private to us —
 * never in one another user owns, others can enter, or a link planted in its place.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { daemonSocket } from '../../src/daemon/protocol.js';

let root: string;
let bundle: string;
const uid = process.getuid!();
const deep = () => join(root, 'd'.repeat(120), 'state');

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sg-sock-'));
  bundle = join(root, 'bundle');
  mkdirSync(bundle);
  writeFileSync(join(bundle, 'sh-daemon.cjs'), '// daemon');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('daemonSocket', () => {
  it('is in the state directory when the path is short enough', () => {
    const path = daemonSocket(bundle, { SHELLGATE_STATE_DIR: join(root, 'state'), SHELLGATE_CONFIG_DIR: join(root, 'c') });
    expect(path).toMatch(new RegExp(`^${root}/state/classifier-[0-9a-f]+\\.sock$`));
  });

  it('goes to $XDG_RUNTIME_DIR/shellgate, created 0700, when the state directory is too deep', () => {
    const run = join(root, 'run');
    mkdirSync(run);
    const path = daemonSocket(bundle, { SHELLGATE_STATE_DIR: deep(), XDG_RUNTIME_DIR: run, TMPDIR: root });
    expect(path).toMatch(new RegExp(`^${run}/shellgate/classifier-[0-9a-f]+\\.sock$`));
  });

  it('else to <TMPDIR>/shellgate-<uid>', () => {
    const path = daemonSocket(bundle, { SHELLGATE_STATE_DIR: deep(), TMPDIR: root });
    expect(path).toBe(join(root, `shellgate-${uid}`, path!.split('/').pop()!));
  });

  it('differs for another state directory, so no daemon answers for another audit log', () => {
    const a = daemonSocket(bundle, { SHELLGATE_STATE_DIR: deep(), TMPDIR: root });
    const b = daemonSocket(bundle, { SHELLGATE_STATE_DIR: deep() + '2', TMPDIR: root });
    expect(a).not.toBe(b);
    expect(dirname(a!)).toBe(dirname(b!));
  });

  it.each([
    ['others can enter it', (dir: string) => (mkdirSync(dir), chmodSync(dir, 0o755))],
    ['it is a link to elsewhere', (dir: string) => (mkdirSync(join(root, 'elsewhere'), { mode: 0o700 }), symlinkSync(join(root, 'elsewhere'), dir))],
    ['it is a file', (dir: string) => writeFileSync(dir, '')],
  ])('skips the runtime directory when %s: no daemon at all', (_what, plant) => {
    plant(join(root, `shellgate-${uid}`));
    expect(daemonSocket(bundle, { SHELLGATE_STATE_DIR: deep(), TMPDIR: root })).toBeNull();
  });

  it('is null when no candidate path is short enough', () => {
    const long = join(root, 't'.repeat(110));
    mkdirSync(long);
    expect(daemonSocket(bundle, { SHELLGATE_STATE_DIR: deep(), TMPDIR: long })).toBeNull();
  });
});
