/*!
 * End to end: the guarded shell is a real terminal. Window size, job-control keys, full-screen
 * programs, byte-exact output, and the exit status (including bash dying under us).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ourProcesses, until } from '../helpers/processes.js';
import { makeHome, PS1, startAtPrompt, type Sandbox, type TerminalDriver } from '../shell/helpers/terminal-driver.js';

let sb: Sandbox;
let t: TerminalDriver | undefined;

beforeEach(() => {
  sb = makeHome();
});

afterEach(() => {
  t?.kill();
  t = undefined;
  sb.cleanup();
});

const ready = () => startAtPrompt(sb);

/** Raw output bytes between two markers printed by the shell. */
function between(raw: Buffer, start: string, end: string): Buffer {
  const a = raw.indexOf(start);
  const b = raw.indexOf(end, a + start.length);
  if (a < 0 || b < 0) throw new Error(`markers not found (${a}, ${b})`);
  return raw.subarray(a + start.length, b);
}

describe('guarded shell: a real terminal', () => {
  it('passes window-size changes to bash (tput cols)', async () => {
    t = await ready();
    t.write('tput cols\r');
    await t.waitFor(/^100$/m);
    t.resize(63, 20);
    // The resize reaches bash's terminal asynchronously (relayed by shellgate), and bash takes the
    // new size into COLUMNS, which tput reads first, after a command: wait (inside bash) until the
    // terminal has the new size, then ask tput.
    t.write('until [ "$(stty size)" = "20 63" ]; do sleep 0.05; done; tput cols\r');
    await t.waitFor(/^63$/m);
  });

  it('Ctrl-C interrupts sleep 100', async () => {
    t = await ready();
    t.write('sleep 100; echo after-sleep\r');
    await t.waitFor(`${PS1}sleep 100`);
    await until('sleep 100 to run', () => ourProcesses(['sleep', '100']).some((p) => p.state !== 'T'));
    t.write('\x03');
    await t.waitFor(/\^C/);
    t.write('echo still-here\r');
    const screen = await t.waitFor(/^still-here$/m);
    expect(screen).not.toMatch(/^after-sleep$/m);
  });

  it('Ctrl-Z stops a job and fg brings it back', async () => {
    t = await ready();
    t.write('sleep 100\r');
    await t.waitFor(`${PS1}sleep 100`);
    await until('sleep 100 to run', () => ourProcesses(['sleep', '100']).some((p) => p.state !== 'T'));
    t.write('\x1a');
    await t.waitFor(/Stopped\s+sleep 100/);
    t.write('jobs\r');
    await t.waitFor(/^\[1\]\+\s+Stopped\s+sleep 100$/m);
    t.write('fg\r');
    await t.waitFor(/^sleep 100$/m);
    await until('sleep 100 to run', () => ourProcesses(['sleep', '100']).some((p) => p.state !== 'T'));
    t.write('\x03');
    await t.waitFor(/\^C/);
    t.write('jobs; echo no-jobs-left\r');
    const screen = await t.waitFor(/^no-jobs-left$/m);
    expect(screen.split('no-jobs-left')[1]).not.toMatch(/Stopped/);
  });

  it('vim opens full-screen and quits back to the prompt', async () => {
    t = await ready();
    t.write('vim -u NONE -N ~/notes.txt\r');
    await t.waitFor(/notes\.txt/);
    await t.waitFor((s) => s.split('\n').filter((l) => l.startsWith('~')).length > 10);
    t.write('ityped in vim\x1b:wq\r');
    await t.waitFor(`${PS1}`, { timeout: 10_000 });
    t.write('cat ~/notes.txt\r');
    await t.waitFor(/^typed in vim$/m);
  });

  it('passes binary output through unchanged', async () => {
    const data = randomBytes(256 * 1024);
    fs.writeFileSync(path.join(sb.home, 'blob'), data);
    t = await ready();
    // The blob holds terminal queries by chance; the emulator's typed answers would be echoed into the output.
    t.answersQueries = false;
    // Markers are assembled by printf, so the echoed command line does not contain them.
    t.write("stty -opost; printf 'BEGIN-%s' BLOB; cat ~/blob; printf 'END-%s' BLOB; stty opost\r");
    await t.waitFor(() => Buffer.concat(t!.raw).includes('END-BLOB'), { timeout: 20_000 });
    const got = between(Buffer.concat(t.raw), 'BEGIN-BLOB', 'END-BLOB');
    let at = 0;
    while (at < got.length && got[at] === data[at]) at++;
    // on a mismatch, say where and what: the bytes around the first difference
    expect({
      length: got.length,
      firstDifference: at < got.length || at < data.length ? at : -1,
      near: got.subarray(Math.max(0, at - 4), at + 12).toString('hex'),
    }).toEqual({ length: data.length, firstDifference: -1, near: got.subarray(Math.max(0, at - 4), at + 12).toString('hex') });
  });

  it('passes large output through without loss', async () => {
    t = await ready();
    t.write("printf 'BEGIN-%s\\n' SEQ; seq 1 200000; printf 'END-%s\\n' SEQ\r");
    await t.waitFor(() => Buffer.concat(t!.raw).includes('END-SEQ'), { timeout: 30_000 });
    const lines = between(Buffer.concat(t.raw), 'BEGIN-SEQ\r\n', 'END-SEQ').toString('latin1').split('\r\n').filter(Boolean);
    expect(lines.length).toBe(200000);
    expect(lines[0]).toBe('1');
    expect(lines[199999]).toBe('200000');
  });
});

describe('guarded shell: the end of the session', () => {
  it("exits with bash's status", async () => {
    t = await ready();
    t.write('exit 7\r');
    expect((await t.exited).exitCode).toBe(7);
  });

  it('Ctrl-D on an empty line ends the session', async () => {
    t = await ready();
    t.write('\x04');
    expect((await t.exited).exitCode).toBe(0);
  });

  it('if bash dies, says so, restores the terminal and exits 128+signal', async () => {
    t = await ready();
    t.write("printf '\\e[?1049h\\e[?25l%s\\n' modes-set\r");
    await t.waitFor(() => Buffer.concat(t!.raw).includes('modes-set\r'));
    const before = Buffer.concat(t.raw).length;
    t.write('kill -9 $$\r');
    const { exitCode } = await t.exited;
    expect(exitCode).toBe(137);
    const after = Buffer.concat(t.raw).subarray(before).toString('latin1');
    expect(after).toContain('\x1b[?1049l');
    expect(after).toContain('\x1b[?25h');
    expect(after).toMatch(/bash was killed by signal 9/);
  });
});
