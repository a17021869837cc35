/*!
 * Shell startup files (`~/.bashrc`, `~/.profile`, `/etc/profile.d/*` …): what a line writes into them
 * runs in every new shell, so `echo 'rm -rf ~' >> ~/.bashrc` is judged as the code it will be.
 */
import type { Command } from './model.js';
import type { Walker } from './walker.js';
import { parseNested } from './nested.js';
import { staticOutput } from './static-output.js';
import { fileText } from './written-files.js';

/** Files every new shell runs: what a line writes into them runs at the next login or terminal. */
const STARTUP_FILES =
  /^(~|\/home\/[^/]+|\/Users\/[^/]+|\/root)\/(\.(bashrc|bash_profile|bash_login|profile|zshrc|zshenv|zprofile|zlogin|kshrc|mkshrc)|\.(bashrc|zshrc)\.d\/[^/]+|\.config\/fish\/(config\.fish|conf\.d\/[^/]+))$|^\/etc\/(profile|bash\.bashrc|bashrc|zshrc|zsh\/zshrc|environment|profile\.d\/[^/]+)$/;

/** `echo 'rm -rf ~' >> ~/.bashrc`: the text is judged as the code it will be. */
export function startupCode(cmd: Command, walker: Walker): void {
  const home = walker.state.ctx.env?.HOME;
  for (const r of cmd.redirects) {
    if (!/^(>|>>|>\||&>|&>>)$/.test(r.op) || r.target.dynamic) continue;
    const path = home && r.target.value.startsWith(home + '/') ? '~' + r.target.value.slice(home.length) : r.target.value;
    if (!STARTUP_FILES.test(path)) continue;
    const text = staticOutput(cmd, (w) => fileText(w, walker.state));
    if (text) parseNested(walker, text, () => cmd.span, 'script', `${r.target.value} (runs in every new shell)`);
  }
}
