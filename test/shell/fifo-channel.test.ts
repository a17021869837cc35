/*!
 * The private channel: a real bash writes records into the FIFO and reads replies, as the
 * integration script does. Records survive size, newlines and non-ASCII text; records without
 * the session token are dropped; a reply reaches the waiting `read`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { FifoChannel, NulFramer, RecordAssembler } from '../../src/shell/fifo-channel.js';
import { decodeRecord } from '../../src/shell/protocol.js';

let ch: FifoChannel | undefined;
afterEach(() => {
  ch?.close();
  ch = undefined;
});

function runBash(script: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn('bash', ['--norc', '-c', script], { env: { PATH: process.env.PATH ?? '', ...env } });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('exit', () => resolve(out));
  });
}

describe('FifoChannel', () => {
  it('is private: a 0700 directory with two FIFOs', () => {
    ch = FifoChannel.create();
    expect(fs.statSync(ch.dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(ch.reqPath).isFIFO()).toBe(true);
    expect(fs.statSync(ch.resPath).isFIFO()).toBe(true);
  });

  it('delivers records from bash, drops foreign ones, and answers the waiting read', async () => {
    ch = FifoChannel.create();
    const records: string[][] = [];
    ch.onRecord((r) => {
      records.push(r);
      if (r[0] === 'Q' && r[1] === 'tok') ch!.reply(`${r[2]} allow`);
    });
    const big = 'x'.repeat(200_000);
    const out = await runBash(
      `printf -v BIG '%*s' 200000 ''; BIG=\${BIG// /x}
       printf '%s\\0' junk Q wrong 9 'rm -rf /' / '' a b c >"$D/req"
       printf '%s\\0' Q tok 1.42 $'for f in *\\ndo echo "$f"; done' /home/é '' "$BIG" '' '' >"$D/req"
       IFS= read -r -d '' reply <"$D/res"; echo "got: $reply"`,
      { D: ch.dir },
    );
    expect(out.trim()).toBe('got: 1.42 allow');
    const decoded = records.map((r) => decodeRecord(r, 'tok')).filter(Boolean);
    expect(decoded).toHaveLength(1);
    expect(decoded[0]).toMatchObject({
      type: 'request',
      request: { id: '1.42', line: 'for f in *\ndo echo "$f"; done', cwd: '/home/é', continuation: false, aliasText: big },
    });
  });

  it('removes its directory on close', () => {
    ch = FifoChannel.create();
    const dir = ch.dir;
    ch.close();
    ch = undefined;
    expect(fs.existsSync(dir)).toBe(false);
  });
});

describe('framing', () => {
  it('splits fields across arbitrary chunk boundaries', () => {
    const bytes = Buffer.from('H\0tok\u00001234\0\u00e9\u00e9\0', 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const f = new NulFramer();
      const a = new RecordAssembler();
      const got: string[][] = [];
      for (const part of [bytes.subarray(0, cut), bytes.subarray(cut)]) {
        for (const field of f.push(part)) {
          const r = a.push(field);
          if (r) got.push(r);
        }
      }
      expect(got).toEqual([['H', 'tok', '1234', 'éé']]);
    }
  });
});
