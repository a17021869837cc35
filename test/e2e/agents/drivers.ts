/*!
 * How each real agent CLI is set up and started for the end-to-end tests: its model pointed at
 * the fake model server (fake-model.ts), telemetry, updates and trust prompts off, one prompt in
 * non-interactive mode. shellgate's hook is written by the real `shellgate hook install AGENT`
 * into the agent's real settings file, next to the provider settings written here first.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentName } from './agent-clis.js';

export interface Driver {
  /** The name used by `shellgate hook install` and in the audit log. */
  install: string;
  actor: string;
  /** Writes the agent's own settings (before the hook is installed into them). */
  setup(home: string, modelUrl: string): void;
  env(modelUrl: string, home: string): NodeJS.ProcessEnv;
  argv(prompt: string): string[];
}

function write(file: string, data: unknown): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
}

export const DRIVERS: Record<AgentName, Driver> = {
  'claude-code': {
    install: 'claude-code',
    actor: 'claude-code',
    setup(home) {
      write(join(home, '.claude', 'settings.json'), { theme: 'dark', permissions: { allow: [] } });
    },
    env: (url) => ({
      ANTHROPIC_BASE_URL: url,
      ANTHROPIC_API_KEY: 'sk-ant-test',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_TELEMETRY: '1',
    }),
    // Bash allowed without asking, as in a trusting user's settings: only the hook stands in the way.
    argv: (prompt) => ['-p', prompt, '--allowedTools', 'Bash'],
  },
  gemini: {
    install: 'gemini',
    actor: 'gemini-cli',
    setup(home) {
      write(join(home, '.gemini', 'settings.json'), {
        privacy: { usageStatisticsEnabled: false },
        general: { disableAutoUpdate: true, disableUpdateNag: true },
        security: { auth: { selectedType: 'gemini-api-key' } },
      });
    },
    env: (url) => ({ GEMINI_API_KEY: 'test', GOOGLE_GEMINI_BASE_URL: url, GEMINI_CLI_NO_RELAUNCH: 'true', GEMINI_CLI_TRUST_WORKSPACE: 'true' }),
    argv: (prompt) => ['-p', prompt, '--yolo', '-m', 'gemini-2.5-flash'],
  },
  codex: {
    install: 'codex',
    actor: 'codex',
    setup(home, url) {
      write(
        join(home, '.codex', 'config.toml'),
        `model = "gpt-5"\nmodel_provider = "fake"\ncheck_for_update_on_startup = false\n[analytics]\nenabled = false\n[model_providers.fake]\nname = "fake"\nbase_url = "${url}/v1"\nwire_api = "responses"\nenv_key = "FAKE_MODEL_KEY"\n`,
      );
    },
    env: () => ({ FAKE_MODEL_KEY: 'test' }),
    // Hook trust is a human's step in Codex's UI; the test stands in for it. Codex's own sandbox
    // is off so that what is tested is shellgate's hook alone.
    argv: (prompt) => ['exec', '--skip-git-repo-check', '--ephemeral', '--dangerously-bypass-hook-trust', '--dangerously-bypass-approvals-and-sandbox', prompt],
  },
  copilot: {
    install: 'copilot',
    actor: 'copilot',
    setup(home) {
      write(join(home, '.copilot', 'settings.json'), { banner: 'never', autoUpdate: false });
    },
    env: (url) => ({
      COPILOT_OFFLINE: 'true',
      COPILOT_PROVIDER_BASE_URL: `${url}/v1`,
      COPILOT_PROVIDER_API_KEY: 'test',
      COPILOT_MODEL: 'gpt-4.1',
      COPILOT_AUTO_UPDATE: 'false',
    }),
    argv: (prompt) => ['-p', prompt, '--allow-all-tools', '--no-auto-update', '--disable-client-telemetry'],
  },
  opencode: {
    install: 'opencode',
    actor: 'opencode',
    setup(home, url) {
      write(join(home, '.config', 'opencode', 'opencode.json'), {
        $schema: 'https://opencode.ai/config.json',
        autoupdate: false,
        share: 'disabled',
        model: 'fake/fake-model',
        // A trusting user's settings: only the hook stands in the way.
        permission: { bash: 'allow', edit: 'allow', external_directory: 'allow' },
        provider: {
          fake: {
            npm: '@ai-sdk/openai-compatible',
            name: 'Fake',
            options: { baseURL: `${url}/v1`, apiKey: 'test' },
            models: { 'fake-model': { name: 'Fake', tool_call: true } },
          },
        },
      });
    },
    env: () => ({
      OPENCODE_DISABLE_AUTOUPDATE: 'true',
      OPENCODE_DISABLE_SHARE: 'true',
      OPENCODE_DISABLE_MODELS_FETCH: 'true',
      OPENCODE_DISABLE_LSP_DOWNLOAD: 'true',
      OPENCODE_DISABLE_DEFAULT_PLUGINS: 'true',
      OPENCODE_DISABLE_CLAUDE_CODE: 'true',
      OPENCODE_DISABLE_EXTERNAL_SKILLS: 'true',
    }),
    argv: (prompt) => ['run', prompt],
  },
};
