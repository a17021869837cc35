/*!
 * `shellgate doctor`: whether agent commands can run contained on this machine, and what is
 * missing with how to fix it. Checks afresh what the hot path remembers (the bubblewrap probe, the
 * Landlock scope helper's build and probe), so that after installing what was missing, the next
 * agent command uses it. Exit 0 when everything holds, 1 when something does not.
 */
import { loadSandboxConfig } from '../../sandbox/user-config.js';
import { probeBwrap, trustedBwrap } from '../../sandbox/probe.js';
import { scopeHelper } from '../../contain/scope-helper.js';
import { wantsHelp } from '../../util/args.js';

const HELP = `usage: shellgate doctor

Checks what agent containment needs here: bubblewrap (the container), and the Landlock scope
helper (native/scope-exec.c, built with the system C compiler into shellgate's cache directory),
which keeps contained commands from the host's abstract unix sockets (D-Bus, X11) and from
signalling processes outside. Failures remembered by earlier commands are retried.
Exit status 0 when everything holds, 1 when something does not.`;

interface Check {
  what: string;
  ok: boolean;
  said: string;
}

function bubblewrap(): Check {
  try {
    const config = loadSandboxConfig(process.env);
    const bwrap = trustedBwrap(config.bwrap);
    probeBwrap(bwrap, config.net ?? 'open');
    return {
      what: 'bubblewrap',
      ok: true,
      said: `${bwrap} builds containers here${config.agents === 'advisory' ? ' (sandbox.yaml says agents: advisory)' : ''}`,
    };
  } catch (err) {
    return { what: 'bubblewrap', ok: false, said: `${(err as Error).message}; agent commands are refused (or run uncontained with agents: advisory)` };
  }
}

function scope(): Check {
  const s = scopeHelper({ retry: true });
  if (s.kind === 'ready') return { what: 'scope', ok: true, said: `abstract unix sockets and signals are scoped (Landlock, ${s.path})` };
  return { what: 'scope', ok: false, said: `abstract unix sockets and signals are NOT scoped: ${s.why}. To fix: ${s.fix}` };
}

/** Runs `shellgate doctor`. */
export async function run(args: string[]): Promise<number> {
  if (wantsHelp(args)) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const checks =
    process.platform === 'linux'
      ? [bubblewrap(), scope()]
      : [{ what: 'containment', ok: false, said: `not built for ${process.platform} yet (docs/sandbox.md)` }];
  for (const c of checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.what}: ${c.said}\n`);
  return checks.every((c) => c.ok) ? 0 : 1;
}
