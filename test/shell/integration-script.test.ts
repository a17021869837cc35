/*!
 * The generated rc file: valid bash, values quoted safely, and a guard that installs itself in a
 * real interactive bash (checked with `bind -X` and `trap -p` from inside that bash).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { integrationScript, shellQuote } from '../../src/shell/integration-script.js';
import { TerminalDriver } from './helpers/terminal-driver.js';

describe('integration script', () => {
  it('is valid bash', () => {
    const rc = integrationScript({ dir: "/tmp/it's here", token: 'abc', sessionId: 'sess' });
    execFileSync('bash', ['-n'], { input: rc });
  });

  it('quotes values so that they stay data', () => {
    const nasty = `a'b"c$(touch /nonexistent/x)\`d\``;
    expect(execFileSync('bash', ['-c', `printf %s ${shellQuote(nasty)}`], { encoding: 'utf8' })).toBe(nasty);
  });

  it('installs the gate on Enter, the DEBUG trap and PROMPT_COMMAND in a real bash', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-it-'));
    const home = path.join(dir, 'home');
    fs.mkdirSync(home);
    fs.writeFileSync(path.join(home, '.bashrc'), `PS1='T$ '\nPROMPT_COMMAND='echo user-pc'\nset -o vi\n`);
    execFileSync('mkfifo', [path.join(dir, 'req'), path.join(dir, 'res')]);
    const fifoFd = fs.openSync(path.join(dir, 'req'), fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
    fs.writeFileSync(path.join(dir, 'rc'), integrationScript({ dir, token: 'tok', sessionId: 'sess' }));
    const out = path.join(dir, 'out');
    // Inspect from inside: the rc ends in a prompt; the inspection itself runs from an extra rc line.
    fs.appendFileSync(
      path.join(dir, 'rc'),
      `{ bind -m emacs -X; bind -m vi-insert -X; bind -m vi-command -X; bind -m vi-insert -s; trap -p DEBUG; shopt extdebug; echo "PC=$PROMPT_COMMAND"; echo "USER=\${__sg_user_pc[*]}"; echo "SID=$SHELLGATE_SESSION"; } >${shellQuote(out)} 2>&1\n`,
    );
    const d = new TerminalDriver({
      file: 'bash',
      args: ['--rcfile', path.join(dir, 'rc'), '-i'],
      env: { HOME: home, PATH: process.env.PATH ?? '', TERM: 'xterm' },
      cwd: home,
    });
    try {
      await d.waitFor('T$');
      const text = fs.readFileSync(out, 'utf8');
      expect(text.match(/__sg_gate/g)?.length).toBeGreaterThanOrEqual(3);
      expect(text).toMatch(/"\\C-m": "\\e\[>7;7;2~\\e\[>7;7;1~\\e\[>7;7;3~"/);
      expect(text).toMatch(/trap -- .*__sg_dbg.* DEBUG/);
      expect(text).toMatch(/extdebug\s+on/);
      expect(text).toContain('PC=__sg_precmd');
      expect(text).toContain('USER=echo user-pc');
      expect(text).toContain('SID=sess');
      expect(await d.screen()).toContain('user-pc');
    } finally {
      d.kill();
      fs.closeSync(fifoFd);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
