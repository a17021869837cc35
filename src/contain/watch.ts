/*!
 * Protected paths that did not exist when a contained command started cannot be bound read-only
 * (bubblewrap would have to create them in the user's project). They are watched instead: a path
 * the command created (a `.claude/settings.local.json` that turns hooks off, a `.git/hooks/…`, an
 * `.envrc`) is moved into shellgate's quarantine before the agent can run anything else, and the
 * agent is told. Costs one stat per candidate before and after the command.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../config/paths.js';

/**
 * The candidates that do not exist now and are worth watching: git's files only in a repository
 * that exists already (`git init` creates `.git/config` and `.git/hooks` legitimately).
 */
export function missingBefore(candidates: readonly string[]): string[] {
  return candidates.filter((p) => {
    if (existsSync(p)) return false;
    const git = p.lastIndexOf('/.git/');
    return git < 0 || existsSync(p.slice(0, git + 5));
  });
}

/** Moves each of `missing` that now exists into the quarantine; returns [path, where it went]. */
export function quarantineCreated(missing: readonly string[], env: NodeJS.ProcessEnv): [string, string][] {
  const created = missing.filter((p) => existsSync(p));
  if (created.length === 0) return [];
  const dir = join(stateDir(env), 'quarantine', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return created.map((p, i) => {
    const to = join(dir, `${i}-${p.replace(/[/\\]/g, '_')}`);
    renameSync(p, to);
    return [p, to];
  });
}

/** What the agent reads when something was moved aside. */
export function quarantineMessage(moved: [string, string][]): string {
  const lines = moved.map(([from, to]) => `  ${from} → ${to}`);
  return [
    'shellgate: the command created files that configure the guard, git hooks or the shell; they were moved aside:',
    ...lines,
    '  Agent commands may not change these. Ask the user to make the change themselves.',
  ].join('\n') + '\n';
}
