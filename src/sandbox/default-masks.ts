/*!
 * The credential stores masked inside the sandbox unless a human-trusted layer unmasks them.
 * Pattern syntax (shared with rulesets and `sandbox.yaml`, see mask-patterns.ts):
 * `~/x` is under the home directory, `/x` is absolute, `a/b` is relative to the project root,
 * and a bare name such as `.env*` matches files of that name anywhere in the project.
 * `*`, `?` and `[…]` glob within one path segment.
 */

/**
 * Default masks: cloud, cluster, registry, package-index and git-host credentials, GnuPG and
 * pass, browser profiles (session cookies), plus the project's `.env*`.
 */
export const DEFAULT_MASKS: readonly string[] = Object.freeze([
  '~/.aws',
  '~/.config/gcloud',
  '~/.azure',
  '~/.railway',
  '~/.config/railway',
  '~/.kube',
  '~/.docker/config.json',
  '~/.netrc',
  '~/.ssh/id_*',
  '~/.config/gh/hosts.yml',
  '~/.npmrc',
  '~/.pgpass',
  '~/.git-credentials',
  '~/.config/git/credentials',
  '~/.gnupg',
  '~/.password-store',
  '~/.vault-token',
  '~/.terraform.d/credentials.tfrc.json',
  '~/.pypirc',
  '~/.gem/credentials',
  '~/.cargo/credentials',
  '~/.cargo/credentials.toml',
  '~/.m2/settings.xml',
  '~/.gradle/gradle.properties',
  '~/.config/hub',
  '~/.config/doctl',
  '~/.config/hcloud',
  '~/.fly',
  '~/.oci',
  '~/.supabase',
  '~/.config/op',
  '~/.config/heroku',
  '~/.local/share/com.vercel.cli',
  '~/.mozilla',
  '~/.config/google-chrome',
  '~/.config/chromium',
  '~/.config/BraveSoftware',
  '.env*',
]);
