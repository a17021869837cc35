/*!
 * `shellgate explain --all` lists every rule, also a user rule written for another program (it
 * shows why it did not apply), so an author can find out why their rule never fired.
 */
import { describe, expect, it } from 'vitest';
import { cli, rule, sandbox } from '../rules/helpers.js';

describe('shellgate explain --all', () => {
  it('shows a user rule for another program, with the condition that failed', () => {
    const s = sandbox();
    s.write('config/rules.yaml', `rules:\n${rule('me.terraform-apply', '{ program: terraform, subcommand: apply }', 'confirm')}`);
    const layers = cli(['rules', 'layers'], s.project, s.env);
    expect(layers.out).toMatch(/^user +.*config\/rules\.yaml$/m);
    const all = cli(['explain', '--all', '--', 'tofu apply'], s.project, s.env);
    expect(all.code).toBe(0);
    expect(all.out).toMatch(/no +me\.terraform-apply +program: program is tofu, the rule wants terraform/);
    const short = cli(['explain', '--', 'tofu apply'], s.project, s.env);
    expect(short.out).not.toContain('me.terraform-apply');
  });
});
