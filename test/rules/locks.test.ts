/*
 * What counts as tightening a locked rule: the same match (lists compared as sets), a decision
 * at least as strict for every environment and actor (including the engine's escalation of a
 * plain action to deny for agents in production), a risk at least as high, and no unlock.
 */
import { describe, expect, it } from 'vitest';
import { loosening } from '../../src/rules/locks.js';
import type { Rule } from '../../src/rules/types.js';

const base: Rule = {
  id: 'x',
  match: { program: 'kubectl', subcommand: ['delete'], flags: ['-f', '--force'] },
  risk: 'high',
  action: 'confirm',
  message: 'm',
  locked: true,
};
const upper = (patch: Partial<Rule>): Rule => ({ ...base, locked: undefined, ...patch });

describe('locked rules', () => {
  it.each<[string, Partial<Rule>, RegExp | null]>([
    ['the same rule', {}, null],
    ['a stricter action', { action: 'deny' }, null],
    ['a stricter action for agents only', { action: { default: 'confirm', agent: 'deny' } }, null],
    ['a higher risk', { risk: 'critical' }, null],
    ['a new message and examples', { message: 'new', examples: { match: ['kubectl delete -f x'] } }, null],
    ['lists in another order, a one-element list for a string', { match: { program: ['kubectl'], subcommand: 'delete', flags: ['--force', '-f'] } }, null],
    ['a looser action', { action: 'allow' }, /decision for agents with no environment from confirm to allow/],
    ['a looser action for humans only', { action: { default: 'confirm', human: 'allow' } }, /for humans with no environment from confirm to allow/],
    ['a mapping that loses the production escalation', { action: { default: 'confirm' } }, /for agents in production from deny to confirm/],
    ['a lower risk', { risk: 'medium' }, /risk medium is lower than high/],
    ['a narrower match', { match: { ...base.match, not_flags: ['--dry-run'] } }, /`match` differs/],
    ['a wider match', { match: { program: 'kubectl' } }, /`match` differs/],
    ['an unlock', { locked: false }, /locked: false/],
  ])('%s', (_what, patch, want) => {
    const why = loosening(base, upper(patch));
    if (want === null) expect(why).toBeNull();
    else expect(why).toMatch(want);
  });

  const prodOnly: Rule = { ...base, match: { program: 'kubectl', environment: 'production' }, action: { agent: 'deny', human: 'confirm' } };
  it.each<[string, Rule['action'], RegExp | null]>([
    ['a plain confirm (an agent is denied in production anyway)', 'confirm', null],
    ['a mapping that allows agents', { agent: 'allow', human: 'confirm' }, /for agents in production from deny to allow/],
    ['a mapping without the escalation', { default: 'confirm' }, /for agents in production from deny to confirm/],
  ])('a production-only locked rule: %s', (_what, action, want) => {
    const why = loosening(prodOnly, { ...prodOnly, locked: undefined, action });
    if (want === null) expect(why).toBeNull();
    else expect(why).toMatch(want);
  });
});
