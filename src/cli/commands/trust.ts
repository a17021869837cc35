/*!
 * `shellgate trust`: a human trusts the project's `.shellgate/` rules (and the team packs they
 * extend) by recording the sha256 of their exact content. Refused inside a guarded session and
 * when an agent's environment is detected: the agent must never certify its own rules.
 *   shellgate trust [DIR]            check that the layer loads, then trust it
 *   shellgate trust --status [DIR]   show whether it is trusted (exit 0 trusted, 1 not)
 *   shellgate trust --revoke [DIR]   forget it
 */
import { join, resolve } from 'node:path';
import { detectActor } from '../../config/actor.js';
import { guardEvidence } from '../../config/guard-ancestry.js';
import { describeProject, loadLayers, type ProjectLayer } from '../../rules/layers.js';
import { RulesetError } from '../../rules/load.js';
import { displayPath, recordTrust, revokeTrust, trustStorePath } from '../../rules/trust.js';
import { UserError } from '../../core/user-error.js';
import { parseCommandArgs, UsageError, wantsHelp } from '../../util/args.js';

const HELP = `usage: shellgate trust [--status | --revoke] [DIR]

The project's .shellgate/*.yaml rules are written by whoever edits the repository, including an
agent, so shellgate ignores them until a human trusts their exact content. Trust records a hash
of those files and of every ruleset they extend; any change makes the layer untrusted again.

  (no option)   check that the rules load, then trust them
  --status      show whether they are trusted (exit 0 when trusted, 1 when not)
  --revoke      forget the trust
DIR defaults to the current directory (the nearest .shellgate/ up to the repository root is used).
Trust is refused inside a guarded session and from an agent: run it in your own terminal.`;

/** Runs `shellgate trust`. */
export async function run(args: string[]): Promise<number> {
  if (wantsHelp(args)) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const p = parseCommandArgs('trust', args, { '--status': { kind: 'flag' }, '--revoke': { kind: 'flag' } }, { maxPositionals: 1 });
  const dirs = p.positionals;
  if (p.flags.has('--status') && p.flags.has('--revoke')) throw new UsageError('trust', 'give --status or --revoke, not both');
  const cwd = resolve(dirs[0] ?? process.cwd());
  const project = describeProject(cwd, process.env, false);
  if (!project)
    throw new UserError(
      `no .shellgate/*.yaml found from ${cwd} up to the repository root.\nFix: put project rules in .shellgate/rules.yaml at the repository root`,
    );
  if (args.includes('--status')) return status(project);
  refuseUnderGuard();
  if (args.includes('--revoke')) {
    const had = revokeTrust(project.dir);
    process.stdout.write(had ? `revoked trust for ${project.dir}\n` : `${project.dir} was not trusted\n`);
    return 0;
  }
  // What is on disk now (not the last trusted version that may be in use) is what gets trusted.
  return trust(describeProject(cwd, process.env, true) ?? project, cwd);
}

function refuseUnderGuard(): void {
  const actor = detectActor(process.env);
  const guarded = guardEvidence();
  if (guarded || actor.kind === 'agent') {
    const who = guarded ? `inside a shellgate-guarded session (${guarded})` : `from an agent's environment (${actor.agent})`;
    throw new UserError(
      `refusing to change trust ${who}: trust must come from a human.\nFix: review .shellgate/ and run \`shellgate trust\` in your own terminal`,
      1,
    );
  }
}

function trust(project: ProjectLayer, cwd: string): number {
  try {
    loadLayers({ cwd, assumeProjectTrusted: true });
  } catch (err) {
    if (err instanceof RulesetError) throw new UserError(`not trusted: the project rules do not load:\n${err.message}`, 1);
    throw err;
  }
  const files = project.content.map((c) => displayPath(c.path, project.dir));
  const entry = recordTrust(project.dir, project.hash, files, process.env, { own: project.files, content: project.content });
  const rules = project.content.length;
  process.stdout.write(`trusted ${join(project.dir, '.shellgate')} (${rules} file${rules === 1 ? '' : 's'}, sha256 ${entry.sha256.slice(0, 16)}…):\n`);
  for (const f of files) process.stdout.write(`  ${f}\n`);
  process.stdout.write(`recorded in ${trustStorePath()}; any change to these files makes them untrusted again.\n`);
  return 0;
}

function status(project: ProjectLayer): number {
  const how =
    project.trust === 'trusted'
      ? ''
      : project.trustedAt
        ? ` (shellgate uses the version trusted at ${project.trustedAt})`
        : project.trust === 'changed'
          ? ' (agents are refused)'
          : ' (ignored by shellgate)';
  process.stdout.write(`${join(project.dir, '.shellgate')}: ${project.trust}${how}\n`);
  process.stdout.write(`sha256 ${project.hash}\n`);
  for (const c of project.content) process.stdout.write(`  ${displayPath(c.path, project.dir)}\n`);
  return project.trust === 'trusted' ? 0 : 1;
}
