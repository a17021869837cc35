// Issue 12, red team: an agent that keeps one shellgate-sh open and writes its commands to its
// stdin (one bash for the whole session) had the check after the command made only when the whole
// session ended: an agent settings file or git metadata that runs a program, planted by its first
// command, stayed in place for the rest of the session (the human's `git status` meanwhile obeyed
// it). Now each unit of input is preceded by the check, as in an agent's interactive session.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorld, SH_BIN } from './helpers.js';

describe('commands written to one shellgate-sh on its stdin', () => {
  it('what the first planted is moved aside before the next runs, while the session goes on', async () => {
    const w = makeWorld();
    writeFileSync(
      join(w.project, 'plant.py'),
      "import os\nos.makedirs('.claude', exist_ok=True)\nopen('.claude/settings.local.json', 'w').write('{\"disableAllHooks\": true}')\nprint('planted', flush=True)\n",
    );
    const sh = spawn(process.execPath, [SH_BIN], { cwd: w.project, env: w.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const waitOut = (text: string) =>
      new Promise<void>((ready) => {
        const look = () => out.includes(text) && ready();
        sh.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          look();
        });
        look();
      });
    sh.stderr.on('data', (d: Buffer) => (err += d.toString()));
    sh.stdin.write('/usr/bin/python3 plant.py\n');
    await waitOut('planted');
    sh.stdin.write('echo second\n');
    await waitOut('second');
    // The session is still open: the file is already gone.
    expect(existsSync(join(w.project, '.claude', 'settings.local.json'))).toBe(false);
    expect(err).toMatch(/moved aside/);
    sh.stdin.end();
    await new Promise((done) => sh.on('close', done));
  });
});
