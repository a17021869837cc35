/*!
 * Commands that print a credential on their output: `gh auth token`, `gcloud auth print-access-token`,
 * `aws configure export-credentials`, `kubectl config view --raw`, `vault print token`, `op read …`.
 * Run alone they show it to the user; piped into a network client they send it away.
 */
import type { Command } from '../../parser/model.js';
import { dict } from '../../util/dict.js';

/** Program → its subcommand paths that print a credential (a `--flag` in a path must be given too). */
const PRINTERS: Record<string, string[][]> = dict({
  gh: [['auth', 'token']],
  glab: [['auth', 'token']],
  gcloud: [
    ['auth', 'print-access-token'],
    ['auth', 'print-identity-token'],
    ['auth', 'application-default', 'print-access-token'],
  ],
  aws: [
    ['configure', 'export-credentials'],
    ['configure', 'get'],
    ['ecr', 'get-login-password'],
    ['sts', 'get-session-token'],
    ['sts', 'assume-role'],
    ['secretsmanager', 'get-secret-value'],
  ],
  az: [
    ['account', 'get-access-token'],
    ['keyvault', 'secret', 'show'],
  ],
  kubectl: [
    ['config', 'view', '--raw'],
    ['config', 'view', '--flatten'],
    ['create', 'token'],
  ],
  oc: [
    ['whoami', '-t'],
    ['whoami', '--show-token'],
    ['config', 'view', '--raw'],
  ],
  heroku: [['auth:token']],
  doppler: [
    ['secrets', 'download'],
    ['secrets', 'get'],
  ],
  vault: [['print', 'token'], ['kv', 'get'], ['read']],
  op: [['read'], ['item', 'get']],
  bw: [['get']],
  pass: [['show']],
  gopass: [['show']],
  security: [
    ['find-generic-password', '-w'],
    ['find-internet-password', '-w'],
  ],
});

/** Whether the command prints a credential. */
export function printsCredential(cmd: Command): boolean {
  const paths = cmd.program ? PRINTERS[cmd.program] : undefined;
  if (!paths) return false;
  const words = cmd.argv.slice(1).map((w) => w.value);
  const positionals = words.filter((w) => !w.startsWith('-'));
  return paths.some((path) => {
    const subs = path.filter((p) => !p.startsWith('-'));
    return subs.every((p, i) => positionals[i] === p) && path.filter((p) => p.startsWith('-')).every((f) => words.includes(f));
  });
}
