/*!
 * The text of shellgate's OpenCode plugin (`shellgate hook install opencode` writes it into
 * OpenCode's plugin directory). It runs inside OpenCode (Bun) for every tool call, passes `bash`
 * calls to the hook command, and fails closed: no answer, a crash, a timeout or anything but
 * `allow` refuses the call with shellgate's reason. Kept small and dependency-free on purpose.
 */

/** The marker that says a plugin file is shellgate's (uninstall removes only such a file). */
export const PLUGIN_MARKER = '// shellgate OpenCode plugin';

/** The plugin's source, running `hookCommand` (a shell command line) for each bash call. */
export function opencodePluginSource(hookCommand: string): string {
  return `${PLUGIN_MARKER} (written by \`shellgate hook install opencode\`; \`shellgate hook uninstall opencode\` removes it).
// Every bash tool call is judged by shellgate before it runs; anything but an explicit allow refuses it.
import { spawnSync } from "node:child_process";

const HOOK = ${JSON.stringify(hookCommand)};

export const Shellgate = async ({ directory }) => ({
  "tool.execute.before": async (input, output) => {
    if (input.tool !== "bash") return;
    const payload = JSON.stringify({ tool: input.tool, sessionID: input.sessionID, callID: input.callID, args: output.args, directory });
    const r = spawnSync("/bin/sh", ["-c", HOOK], { input: payload, encoding: "utf8", timeout: 30000, maxBuffer: 1 << 20 });
    let answer = null;
    try {
      answer = JSON.parse(r.stdout);
    } catch {}
    if (r.status !== 0 || !answer || answer.decision !== "allow") {
      const why = answer && typeof answer.reason === "string" ? answer.reason : \`shellgate: blocked because the guard failed (\${r.error ? r.error.message : (r.stderr || "exit " + r.status).trim()})\`;
      throw new Error(why);
    }
    if (typeof answer.command === "string") output.args.command = answer.command;
  },
});
`;
}
