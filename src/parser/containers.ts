/*!
 * Containers: what a `docker|podman exec` command reads on stdin (nothing without `-i`), and
 * whether a `docker run` container's filesystem is its own (no named volumes, not privileged), so
 * that its absolute paths are not the host's unless a bind mount maps them.
 */
import type { Word } from './model.js';
import type { Walker } from './walker.js';
import type { Unwrapped } from './wrappers.js';

/** Whether options before the container's command attach stdin (`-i`, `-it`, `--interactive`); a later `=false` wins. */
export function interactive(args: Word[], on: RegExp, untilDashDash: boolean): boolean {
  let yes = false;
  for (const w of args) {
    // kubectl takes its options anywhere before `--`; docker's end at the container's name.
    if (w.value === '--' || (!untilDashDash && !w.value.startsWith('-'))) break;
    if (/=(false|0)$/.test(w.value) && /^-(i|-interactive|-stdin)=/.test(w.value)) yes = false;
    else if (on.test(w.value)) yes = true;
  }
  return yes;
}

/** Programs whose `run` starts a container from an image (other `run`s — uv, poetry, heroku — run on this or a remote host). */
export const CONTAINER_RUNTIMES = new Set(['docker', 'podman', 'nerdctl']);

/**
 * `docker run` options that keep the container's filesystem its own: no named volumes or volumes
 * of other containers (bind mounts are mapped to the host path), not privileged, not the host's PID space.
 */
export function freshContainer(args: Word[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (!v.startsWith('-')) break;
    // host devices, capabilities and namespaces reach past the container's own files
    if (/^--(privileged|volumes-from|pid=host|userns=host|ipc=host|device|cap-add|mount-proc)/.test(v) || v === '--pid' || v === '--userns') return false;
    const spec = v === '-v' || v === '--volume' || v === '--mount' ? args[i + 1]?.value : /^(-v|--volume=|--mount=)(.+)$/.exec(v)?.[2];
    if (spec === undefined) continue;
    if (args[i + 1]?.value === spec) i++;
    // a named volume (`pgdata:/var/lib/postgresql/data`, `type=volume`) keeps its data after the container
    if (v.startsWith('--mount') ? !/type=bind/.test(spec) : !/^[/~.$]/.test(spec)) return false;
  }
  return true;
}

export function inContainer<T>(state: Walker['state'], fresh: boolean, f: () => T): T {
  if (!fresh) return f();
  const saved = state.inContainer;
  state.inContainer = true;
  try {
    return f();
  } finally {
    state.inContainer = saved;
  }
}

/** What `docker run` runs when `--entrypoint` names the program: the entrypoint, then the words after the image. */
export function withEntrypoint(u: Unwrapped, runArgs: Word[]): Unwrapped {
  let entry: Word | undefined;
  for (let i = 0; i < runArgs.length; i++) {
    const v = runArgs[i].value;
    if (!v.startsWith('-')) break;
    if (v === '--entrypoint') entry = runArgs[i + 1];
    else if (v.startsWith('--entrypoint=')) entry = { ...runArgs[i], value: v.slice('--entrypoint='.length) };
  }
  if (!entry) return toolImage(u, runArgs);
  if (entry.value === '') return u;
  if (u.kind === 'command') return { ...u, argv: [entry, ...u.argv] };
  if (u.kind === 'none') return { kind: 'command', argv: [entry], assignments: [], label: 'docker run --entrypoint' };
  return u;
}

/** Images whose entrypoint is a tool (`docker run alpine/git push --force`): the words after the image are its arguments. */
const TOOL_IMAGES: [RegExp, string][] = [
  [/^(docker\.io\/)?(alpine|bitnami)\/git([:@]|$)/, 'git'],
  [/^(docker\.io\/)?(bitnami|rancher)\/kubectl([:@]|$)/, 'kubectl'],
  [/^(docker\.io\/)?hashicorp\/terraform([:@]|$)/, 'terraform'],
  [/^(docker\.io\/|public\.ecr\.aws\/aws-cli\/)?amazon\/aws-cli([:@]|$)|^public\.ecr\.aws\/aws-cli\/aws-cli([:@]|$)/, 'aws'],
  [/^(docker\.io\/)?alpine\/helm([:@]|$)/, 'helm'],
  [/^(docker\.io\/)?minio\/mc([:@]|$)/, 'mc'],
];

function toolImage(u: Unwrapped, runArgs: Word[]): Unwrapped {
  if (u.kind !== 'command') return u;
  const image = runArgs[runArgs.indexOf(u.argv[0]!) - 1];
  const tool = image && !image.dynamic ? TOOL_IMAGES.find(([re]) => re.test(image.value))?.[1] : undefined;
  return tool ? { ...u, argv: [{ ...image!, value: tool, raw: tool }, ...u.argv] } : u;
}
