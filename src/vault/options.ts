/*!
 * The options of `vault set`, `vault scope` and `vault import`: environment, hosts, programs,
 * approval and grant lifetime, checked so that a mistake is said before anything is stored.
 */
import type { Environment } from '../core/verdict.js';
import { UserError } from '../core/user-error.js';
import { NAME_RE } from './types.js';
import { dict } from '../util/dict.js';

export interface ScopeOptions {
  env?: Environment;
  hosts: string[];
  programs: string[];
  approve: boolean;
  ttlMs?: number;
  /** Arguments that are not options (NAME, FILE). */
  rest: string[];
  json: boolean;
}

const ENVS: Record<string, Environment> = dict({
  production: 'production',
  prod: 'production',
  staging: 'staging',
  stage: 'staging',
  development: 'development',
  dev: 'development',
});

/** `90s`, `15m`, `2h`, `1d` (a number alone is seconds). */
export function parseDuration(text: string): number {
  const m = /^(\d+)(s|m|h|d)?$/.exec(text.trim());
  if (!m || Number(m[1]) === 0) throw new UserError(`--ttl ${text}: expected a duration such as 90s, 15m, 2h or 1d`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? 's') as 's']! * 1000;
}

function need(args: string[], i: number, flag: string): string {
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UserError(`${flag} needs a value`);
  return v;
}

export function parseScopeOptions(args: string[]): ScopeOptions {
  const o: ScopeOptions = { hosts: [], programs: [], approve: false, rest: [], json: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? need(args, i++, flag);
    if (flag === '--env') {
      const v = value();
      o.env = ENVS[v.toLowerCase()];
      if (!o.env) throw new UserError(`--env ${v}: expected production, staging or development`);
    } else if (flag === '--host') o.hosts.push(value().toLowerCase());
    else if (flag === '--program') o.programs.push(value());
    else if (flag === '--approve') o.approve = true;
    else if (flag === '--ttl') o.ttlMs = parseDuration(value());
    else if (flag === '--json') o.json = true;
    else if (a.startsWith('-')) throw new UserError(`unknown option ${a}`);
    else o.rest.push(a);
  }
  for (const h of o.hosts)
    if (!/^(\*\.)?[a-z0-9.-]+$|^[0-9a-f:]+$/.test(h))
      throw new UserError(`--host ${h}: expected a host name (api.example.com, *.example.com) or an IP address, without scheme or port`);
  for (const p of o.programs) if (!/^[\w.+-]+$/.test(p)) throw new UserError(`--program ${p}: expected a program name (railway, gh, psql), not a path`);
  return o;
}

export function checkName(name: string | undefined): string {
  if (!name || !NAME_RE.test(name)) throw new UserError(`expected a credential NAME usable as an environment variable (A-Z, 0-9, _), got ${name ?? 'nothing'}`);
  return name;
}
