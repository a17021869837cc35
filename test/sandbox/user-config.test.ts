// Issue 8: sandbox.yaml, the human-trusted mask list: read strictly, appended without losing comments.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendMasks, loadSandboxConfig, sandboxConfigPath, SandboxError } from '../../src/sandbox/index.js';
import { makeTempHome, type TempHome } from './helpers/temp-home.js';

let t: TempHome;
beforeEach(() => {
  t = makeTempHome();
});
afterEach(() => t.cleanup());

const write = (text: string): string => t.put('.config/shellgate/sandbox.yaml', text);

describe('loadSandboxConfig', () => {
  it('is empty when the file does not exist', () => {
    expect(loadSandboxConfig()).toEqual({ mask: [], unmask: [], writable: [] });
  });

  it('reads mask, unmask, net and enabled', () => {
    write('enabled: true\nnet: none\nmask:\n  - ~/.config/stripe\nunmask: [~/.npmrc]\n');
    expect(loadSandboxConfig()).toEqual({ enabled: true, net: 'none', mask: ['~/.config/stripe'], unmask: ['~/.npmrc'], writable: [] });
  });

  it.each([
    ['mask: [a]\nunmsak: [b]\n', /sandbox\.yaml:2: unknown key "unmsak"/],
    ['net: closed\n', /sandbox\.yaml:1: "net" must be open or none/],
    ['mask:\n  - a\n  - {b: 1}\n', /sandbox\.yaml:3: "mask" must be a list of paths \(item 2/],
    ['mask: [a\n', /sandbox\.yaml:\d+: /],
    ['- a\n- b\n', /expected a mapping/],
  ])('refuses a broken file with its line: %j', (text, message) => {
    write(text);
    expect(() => loadSandboxConfig()).toThrow(SandboxError);
    expect(() => loadSandboxConfig()).toThrow(message);
  });
});

describe('appendMasks', () => {
  it('creates the file when missing', () => {
    expect(appendMasks(['/p/a', '/p/b'])).toEqual(['/p/a', '/p/b']);
    expect(loadSandboxConfig().mask).toEqual(['/p/a', '/p/b']);
  });

  it('keeps comments and other keys, and adds each path once', () => {
    write('# my masks\nnet: none\nmask:\n  - ~/.config/stripe # payments\n');
    expect(appendMasks(['/p/a', '~/.config/stripe'])).toEqual(['/p/a']);
    expect(appendMasks(['/p/a'])).toEqual([]);
    const text = readFileSync(sandboxConfigPath(), 'utf8');
    expect(text).toContain('# my masks');
    expect(text).toContain('# payments');
    expect(loadSandboxConfig()).toMatchObject({ net: 'none', mask: ['~/.config/stripe', '/p/a'] });
  });
});
