/*!
 * Environment evidence that lives in files rather than in the line: the terraform workspace
 * selected in the working directory (`.terraform/environment`), the kube config's
 * `current-context` (`$KUBECONFIG` or `~/.kube/config`) for kubectl and friends when the line
 * names no context, and the Railway environment linked to the directory (the CLI's
 * `~/.railway/config.json`, keyed by project path, or a project's `.railway/config.json`), for the
 * `railway` command and for calls to Railway's GraphQL API alike.
 * Pure: files come through the context's reader; what cannot be read is no evidence.
 */
import { posix } from 'node:path';
import type { CommandView } from './command-view.js';
import type { Context } from './context.js';
import { homeOf } from './path-class.js';

export interface FileEvidence {
  /** A value that names the environment (a workspace, a context, an environment name). */
  value: string;
  why: string;
}

const TERRAFORM = new Set(['terraform', 'tofu', 'terragrunt']);
const KUBE = new Set(['kubectl', 'helm', 'oc', 'kustomize', 'k9s', 'flux', 'kubens', 'kubecolor', 'stern', 'skaffold', 'helmfile', 'kubeseal']);
const KUBE_CONTEXT_FLAGS = new Set(['--context', '--kube-context', '--kubeconfig']);

function terraformWorkspace(view: CommandView, dir: string, ctx: Context): FileEvidence | null {
  if (ctx.env.TF_WORKSPACE) return null; // the variable is evidence of its own
  const chdir = view.cmd.argv.find((w) => w.value.startsWith('-chdir=') && !w.dynamic)?.value.slice('-chdir='.length);
  const root = chdir ? posix.resolve(dir, chdir) : dir;
  const ws = ctx.readFile?.(posix.join(root, '.terraform', 'environment'))?.trim();
  return ws && ws !== 'default' ? { value: ws, why: `terraform workspace ${ws} (${posix.join(root, '.terraform/environment')})` } : null;
}

function kubeContext(view: CommandView, ctx: Context): FileEvidence | null {
  if (view.flags.some((f) => KUBE_CONTEXT_FLAGS.has(f.name))) return null;
  const file = ctx.env.KUBECONFIG ? ctx.env.KUBECONFIG.split(':')[0] : posix.join(homeOf(ctx), '.kube', 'config');
  const text = file ? ctx.readFile?.(file) : undefined;
  const m = text ? /^current-context:\s*["']?([^\s"'#]+)/m.exec(text) : null;
  return m ? { value: m[1], why: `kube context ${m[1]} (current-context in ${file})` } : null;
}

/** Railway's public API (GraphQL at backboard.railway.app / .com). */
const RAILWAY_API = /\bbackboard\.railway\.(app|com)\b/i;

function railwayEnvironment(dir: string, ctx: Context): FileEvidence | null {
  const parse = (file: string): Record<string, unknown> | null => {
    try {
      const text = ctx.readFile?.(file);
      return text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  };
  const name = (o: unknown) => {
    const r = o as { environmentName?: unknown; environment?: unknown } | null;
    const v = r && (typeof r.environmentName === 'string' ? r.environmentName : typeof r.environment === 'string' ? r.environment : null);
    return v && !/^[0-9a-f-]{36}$/i.test(v) ? v : null; // an environment id names nothing
  };
  const global = posix.join(homeOf(ctx), '.railway', 'config.json');
  const projects = (parse(global)?.projects ?? {}) as Record<string, unknown>;
  for (let d = dir; ; d = posix.dirname(d)) {
    const linked = name(projects[d]) ?? name(parse(posix.join(d, '.railway', 'config.json')));
    if (linked) return { value: linked, why: `railway environment ${linked} (linked to ${d})` };
    if (posix.dirname(d) === d) return null;
  }
}

/** What files say about the environment `view` targets. */
export function fileEvidence(view: CommandView, ctx: Context): FileEvidence[] {
  const program = view.program;
  if (!program || !ctx.readFile) return [];
  const dir = view.cmd.cwd ?? ctx.cwd;
  const found: (FileEvidence | null)[] = [];
  if (TERRAFORM.has(program)) found.push(terraformWorkspace(view, dir, ctx));
  if (KUBE.has(program)) found.push(kubeContext(view, ctx));
  // Railway's GraphQL API acts on the environment the directory is linked to just as the CLI does (`curl … backboard.railway.app/graphql/v2`, inline code).
  if (program === 'railway' || view.cmd.argv.some((w) => RAILWAY_API.test(w.value))) found.push(railwayEnvironment(dir, ctx));
  return found.filter((e): e is FileEvidence => e !== null);
}
