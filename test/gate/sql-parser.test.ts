/*!
 * Every surface judges SQL with the Postgres parser, as `shellgate check` does. The parser (WASM)
 * loads on first need: a surface that judged without it let a statement through that only the
 * parser sees is destructive (a `WHERE` that is always true). Through the real built binaries:
 * the hook and shellgate-sh, in-process and through the classifier daemon.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DAEMON_ENV, makeSandbox, runCli, runSh, stopDaemons } from '../helpers/cli.js';

const sb = makeSandbox();
const daemonSb = makeSandbox(DAEMON_ENV);
afterAll(() => stopDaemons(daemonSb));

/** A statement only the parser reads as destructive: its WHERE is always true. */
const LINE = "psql -c 'DELETE FROM users WHERE 1 = 1 OR id = 2'";
/** The same client with a statement that is not destructive: never refused. */
const SELECT = "psql -c 'SELECT id FROM users WHERE id = 2'";

function hookDecision(env: NodeJS.ProcessEnv, cwd: string, line: string): string {
  const payload = JSON.stringify({ session_id: 's', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: line }, cwd });
  const r = runCli(['hook', 'claude-code'], { env, cwd, input: payload });
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout).hookSpecificOutput.permissionDecision;
}

describe('the SQL parser on every surface', () => {
  it('check reads the statement as destructive (the reference)', () => {
    const r = runCli(['check', '--json', '--', LINE], { env: sb.env, cwd: sb.dir });
    expect(JSON.parse(r.stdout).decision).toBe('confirm');
  });

  it('the hook, in-process, does not allow it; a SELECT stays allowed', () => {
    expect(hookDecision(sb.env, sb.dir, LINE)).not.toBe('allow');
    expect(hookDecision(sb.env, sb.dir, SELECT)).toBe('allow');
  });

  it('shellgate-sh, in-process, does not run it', () => {
    const r = runSh(['-c', LINE], { env: sb.env, cwd: sb.dir });
    expect(r.status).toBe(126);
    expect(r.stderr).toMatch(/sql\.destructive-statement|destructive database statement/);
  });

  it('through the classifier daemon, neither the hook nor shellgate-sh lets it through', () => {
    // The first call starts the daemon; the later ones are answered by it.
    for (let i = 0; i < 3; i++) expect(hookDecision(daemonSb.env, daemonSb.dir, LINE)).not.toBe('allow');
    for (let i = 0; i < 2; i++) expect(runSh(['-c', LINE], { env: daemonSb.env, cwd: daemonSb.dir }).status).toBe(126);
    expect(hookDecision(daemonSb.env, daemonSb.dir, SELECT)).toBe('allow');
  });
});
