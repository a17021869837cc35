/*
 * `secrets scan` beyond secretlint's preset (issue 15): AWS access key ids, tokens in source files,
 * and a project's Railway config; placeholders, references and words are not findings. Runs the
 * real scanner over a real temporary tree; asserts no finding ever carries the value.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scanTree } from '../../src/secrets/scan.js';

// Built at run time so that this file itself holds no token-shaped literal.
const uuid = () => ['4f9a2c1e', '7b3d', '4e8a', '9c6f', '1a2b3c4d5e6f'].join('-');
const keyId = () => ['AKIA', 'Q3EGR', 'ZMPLK7ZQ2', 'WX'].join('');

let root = '';
function tree(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'sg-tokens-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}
afterEach(() => root && rmSync(root, { recursive: true, force: true }));

describe('token patterns in secrets scan', () => {
  it('finds a Railway token in source and in .railway/config.json, and an AWS access key id', async () => {
    const r = await scanTree(
      tree({
        'src/deploy.ts': `const RAILWAY_TOKEN = "${uuid()}";\nconst id = "${keyId()}";\n`,
        '.railway/config.json': `{"projectId": "p1", "token": "${uuid()}"}\n`,
        'app/settings.py': `client = Client(api_key="${uuid().replace(/-/g, '')}")\n`,
      }),
    );
    const got = r.findings.map((f) => `${f.file}:${f.line} ${f.rule}`).sort();
    expect(got).toEqual([
      '.railway/config.json:1 railway',
      'app/settings.py:1 credential-assignment',
      'src/deploy.ts:1 railway',
      'src/deploy.ts:2 token-pattern',
    ]);
    expect(JSON.stringify(r.findings)).not.toContain(uuid());
    expect(JSON.stringify(r.findings)).not.toContain(keyId());
  });

  it('leaves placeholders, environment references and plain words alone', async () => {
    const r = await scanTree(
      tree({
        'src/a.ts':
          'const token = process.env.RAILWAY_TOKEN;\nconst apiKey = "your-api-key-here";\nconst password = "<password>";\nconst tokenName = "railway-deploy-token";\n',
        'src/b.py': 'AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"\nsecret = os.environ["SECRET"]\nauth = "${AUTH_HEADER}"\n',
        'README.md': 'Set `RAILWAY_TOKEN` to your project token.\n',
      }),
    );
    expect(r.findings).toEqual([]);
  });
});
