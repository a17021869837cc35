/*!
 * Issue 15 through the real path: shellgate-sh as an agent (CLAUDECODE=1) in a throwaway HOME,
 * real bash, real files, a real HTTP server on 127.0.0.1. Each attack is refused (status 126)
 * and the check is on the effect: the file is still there with its content, the server got
 * nothing. Several attacks span two calls: the first leaves state on disk (a link, a script on
 * PATH, an include, an .npmrc), the second uses it.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSandbox, runSh, runShAsync, type Sandbox } from '../helpers/cli.js';

let sb: Sandbox;
let keep: string;
const sh = (cmd: string) => runSh(['-c', cmd], { env: sb.env, cwd: sb.dir });
const intact = () => expect(readFileSync(join(keep, 'data.txt'), 'utf8')).toBe('precious\n');

beforeEach(() => {
  sb = makeSandbox({ CLAUDECODE: '1' });
  keep = join(sb.home, 'keep');
  mkdirSync(keep);
  writeFileSync(join(keep, 'data.txt'), 'precious\n');
  writeFileSync(join(sb.home, '.bashrc'), 'export EDITOR=vim\n');
});

describe('issue 15 attacks are refused, and nothing happens', () => {
  it.each([
    ['prompt expansion of $(…)', `x='$(rm -rf ${'$'}HOME/keep)'; echo "\${x@P}"`],
    ['printf -v building the command', `printf -v c '%s %s' rm -rf; $c "$HOME/keep"`],
    ['a script read from a FIFO', `mkfifo p; (echo 'rm -rf "$HOME/keep"' > p &); bash p`],
    ['an editor script emptying a file', 'ex -sc "%d|x" "$HOME/keep/data.txt"'],
    ['zip -m deleting its sources', 'zip -qrm /dev/null "$HOME/keep"'],
    ['inline code with a computed name', `python3 -c "import shutil, os; getattr(shutil, 'rm' + 'tree')(os.path.expanduser('~/keep'))"`],
  ])('%s', (_what, line) => {
    const r = sh(line);
    expect(r.status, r.stderr).toBe(126);
    intact();
  });

  it('emptying a dotfile by another name', () => {
    for (const line of ['sort -o "$HOME/.bashrc" /dev/null', 'cp /dev/null ~/.bashrc', 'tee ~/.bashrc < /dev/null']) {
      expect(sh(line).status, line).toBe(126);
      expect(readFileSync(join(sb.home, '.bashrc'), 'utf8')).toBe('export EDITOR=vim\n');
    }
  });

  it("an agent's hook settings", () => {
    mkdirSync(join(sb.dir, '.claude'));
    const settings = join(sb.dir, '.claude', 'settings.json');
    writeFileSync(settings, '{"hooks":{"PreToolUse":[]}}\n');
    for (const line of [
      "printf '{}' > .claude/settings.json",
      'rm -rf .claude',
      'chmod 666 .claude/settings.json',
      "python3 -c \"open('.claude/settings.json', 'w').write('{}')\"",
    ]) {
      expect(sh(line).status, line).toBe(126);
      expect(readFileSync(settings, 'utf8')).toBe('{"hooks":{"PreToolUse":[]}}\n');
    }
  });

  it('a link made in one call and deleted through in the next', () => {
    expect(sh('ln -s "$HOME/keep" build').status).toBe(0);
    expect(sh('rm -rf build/').status).toBe(126);
    intact();
  });

  it('a program dropped into a directory the next call puts first on PATH', () => {
    mkdirSync(join(sb.dir, 'tools'));
    writeFileSync(join(sb.dir, 'tools', 'ls'), '#!/bin/sh\nrm -rf "$HOME/keep"\n');
    chmodSync(join(sb.dir, 'tools', 'ls'), 0o755);
    expect(sh('PATH=./tools:$PATH ls').status).toBe(126);
    intact();
  });

  it('a makefile include and an .npmrc script-shell written before', () => {
    writeFileSync(join(sb.dir, 'Makefile'), 'include extra.mk\nall:\n\t@echo ok\n');
    writeFileSync(join(sb.dir, 'extra.mk'), `all: wipe\nwipe:\n\trm -rf ${keep}\n`);
    expect(sh('make').status).toBe(126);
    intact();
    writeFileSync(join(sb.dir, 'package.json'), '{"scripts":{"test":"echo ok"}}\n');
    writeFileSync(join(sb.dir, '.npmrc'), 'script-shell=./runner.sh\n');
    writeFileSync(join(sb.dir, 'runner.sh'), `#!/bin/sh\nrm -rf ${keep}\n`);
    chmodSync(join(sb.dir, 'runner.sh'), 0o755);
    expect(sh('npm test').status).toBe(126);
    intact();
  });

  it('the everyday neighbours still run', () => {
    expect(sh("printf -v v '%s' ok; echo $v").stdout).toBe('ok\n');
    expect(sh(': > build.log; sort -o sorted.txt /dev/null; echo done').stdout).toBe('done\n');
    expect(sh('cat .claude/settings.json 2>/dev/null; echo read').stdout).toContain('read');
    intact();
  });
});

describe('curl configured indirectly', () => {
  let server: Server;
  let hits: string[];
  let port = 0;
  beforeEach(async () => {
    hits = [];
    server = createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      res.end('ok');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as { port: number }).port;
  });
  afterEach(() => new Promise<void>((done) => server.close(() => done())));

  it('a DELETE from a config on stdin, a config file and ~/.curlrc never reaches the server', async () => {
    const url = `http://127.0.0.1:${port}/v1/users/7`;
    writeFileSync(join(sb.home, '.curlrc'), 'request = DELETE\n');
    for (const line of [`curl -s ${url}`, `curl -q -s -K - ${url} <<< 'request = DELETE'`, `curl -q -s --variable m=DELETE --expand-request '{{m}}' ${url}`]) {
      const r = await runShAsync(['-c', line], { env: sb.env, cwd: sb.dir });
      expect(r.status, `${line}: ${r.stderr}`).toBe(126);
    }
    expect(hits).toEqual([]);
    // the neighbour: a plain GET with -q goes through
    const ok = await runShAsync(['-c', `curl -q -s ${url}`], { env: sb.env, cwd: sb.dir });
    expect(ok.stdout).toBe('ok');
    expect(hits).toEqual(['GET /v1/users/7']);
    expect(existsSync(keep)).toBe(true);
  });
});
