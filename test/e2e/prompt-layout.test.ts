/*!
 * End to end: the confirmation prompt as a person sees it, in a real PTY read through a headless
 * xterm, at 40, 60 and 120 columns — no word of the header or the key hints split, the box
 * intact, the command beside its `$ ` — and with NO_COLOR (no colour codes at all).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeHome, startShellgate, PS1, type Sandbox, type TerminalDriver } from '../shell/helpers/terminal-driver.js';

let sb: Sandbox | undefined;
let t: TerminalDriver | undefined;

afterEach(() => {
  t?.kill();
  t = undefined;
  sb?.cleanup();
  sb = undefined;
});

/** A production line long enough to wrap at every width tested, with quotes inside. */
const LINE = 'kubectl --context production delete namespace shop-frontend-and-the-rest "a \\"quoted\\" word"';

/** Opens the prompt for LINE at `cols` columns; resolves with the screen and the raw bytes of the prompt. */
async function promptAt(cols: number, env: Record<string, string> = {}): Promise<{ screen: string; raw: string }> {
  sb = makeHome();
  const bin = path.join(sb.home, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'kubectl'), '#!/bin/sh\ntouch "$HOME/kubectl-ran"\n', { mode: 0o755 });
  t = startShellgate(sb, [], { PATH: `${bin}:${sb.env.PATH}`, ...env }, { cols, rows: 40 });
  await t.waitFor(PS1.trimEnd());
  const before = Buffer.concat(t.raw).length;
  t.write(`${LINE}\r`);
  const screen = await t.waitFor(/╰─+╯/);
  return { screen, raw: Buffer.concat(t.raw).subarray(before).toString('utf8') };
}

/** The rows of the box, from ╭ to ╰. */
function box(screen: string): string[] {
  const rows = screen.split('\n');
  const top = rows.findIndex((r) => r.startsWith('╭'));
  const bottom = rows.findIndex((r) => r.startsWith('╰'));
  return rows.slice(top, bottom + 1);
}

const COLOUR_SGR = /\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;

describe('the confirmation prompt at 40, 60 and 120 columns', () => {
  it.each([40, 60, 120])('%i columns: the box is whole and no word is split', async (cols) => {
    const { screen } = await promptAt(cols);
    const rows = box(screen);
    expect(rows[0]).toMatch(new RegExp(`^╭─{${cols - 2}}╮$`));
    for (const r of rows.slice(1, -1)) expect(r).toMatch(new RegExp(`^│.{${cols - 2}}│$`, 'u'));
    const inner = rows.map((r) => r.slice(1, -1).trimEnd());
    // The header, the badge, the risk and the hints are whole words on one row each.
    for (const words of ['shellgate: confirm', 'PRODUCTION', 'risk: critical', 'to run it', "Esc/Enter don't run (default)", 'i details']) {
      expect(
        inner.some((r) => r.includes(words)),
        `${words} on one row:\n${screen}`,
      ).toBe(true);
    }
    // The command starts after `$ ` and its continuation rows are indented past it.
    const first = inner.findIndex((r) => /^ ?\$ kubectl/.test(r));
    expect(first).toBeGreaterThan(0);
    const indent = inner[first].indexOf('$') + 2;
    const continued = inner.slice(
      first + 1,
      inner.findIndex((r, i) => i > first && r.trim() === ''),
    );
    if (cols < LINE.length) expect(continued.length).toBeGreaterThan(0);
    for (const r of continued) expect(r.slice(0, indent).trim()).toBe('');
    expect(
      inner
        .slice(first, first + 1 + continued.length)
        .map((r) => r.slice(indent).trim())
        .join(' '),
    ).toBe(LINE);
    t!.write('\x1b');
    await t!.waitFor('declined');
    expect(fs.existsSync(path.join(sb!.home, 'kubectl-ran'))).toBe(false);
  });

  it('uses colour by default (so the NO_COLOR check below can fail)', async () => {
    const { raw } = await promptAt(120);
    expect(raw).toMatch(COLOUR_SGR);
  });

  it('NO_COLOR: no colour codes, the badge and the risky part still marked', async () => {
    const { raw, screen } = await promptAt(120, { NO_COLOR: '1' });
    expect(raw).not.toMatch(COLOUR_SGR);
    expect(screen).toContain(' PRODUCTION ');
    expect(raw).toMatch(/\x1b\[7m(?:\x1b\[1m)? PRODUCTION /); // inverse instead of a red badge
    expect(raw).toMatch(/\x1b\[(?:1|4)m(?:\x1b\[(?:1|4)m)?[^\x1b]*delete/); // the risky part: bold, underlined
    t!.write('\x1b');
    const after = await t!.waitFor('declined');
    expect(after).toContain('shellgate ✗ not run, declined');
  });

  it('a letter that is never in a code is not dropped silently', async () => {
    const { screen } = await promptAt(60);
    const code = /Type\s+([A-Z0-9]{4})\s+to run it/.exec(screen)![1];
    t!.write('O');
    await t!.waitFor("'O' is never in a code");
    t!.write(code);
    await t!.waitFor('allowed once (code typed)');
  });
});
