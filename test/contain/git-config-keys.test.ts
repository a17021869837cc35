// contain/git-config-keys.ts: a git config runs nothing only when every key is a known harmless one.
import { describe, expect, it } from 'vitest';
import { configMayRun } from '../../src/contain/git-config-keys.js';

describe('configMayRun', () => {
  it('is false for what git init, git clone and everyday git config write', () => {
    const cloned =
      '[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n\tlogallrefupdates = true\n' +
      '[remote "origin"]\n\turl = https://example.com/x.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n' +
      '[branch "main"]\n\tremote = origin\n\tmerge = refs/heads/main\n[user]\n\tname = Agent\n# a comment\n[pull] rebase = false\n';
    expect(configMayRun(cloned)).toBe(false);
    expect(configMayRun('')).toBe(false);
  });

  it('is true for keys that run programs, known or not, and for what is not git config', () => {
    for (const text of [
      '[core]\n\tfsmonitor = x\n',
      '[core] hooksPath = x',
      '[gpg "ssh"]\n\tdefaultKeyCommand = x\n',
      '[core]\n\talternateRefsCommand = x\n',
      '[protocol "ext"]\n\tallow = always\n',
      '[sendemail]\n\tsendmailCmd = x\n',
      '[alias]\n\tst = !x\n',
      '[include]\n\tpath = x\n',
      '[submodule "a"]\n\tupdate = !x\n',
      '[core]\n\tbare = false\\\n\tfsmonitor = x\n',
      'not git config',
      'key = value before any section\n',
    ])
      expect(configMayRun(text), text).toBe(true);
  });
});
