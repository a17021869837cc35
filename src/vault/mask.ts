/*!
 * Masks credential values in a byte stream before the agent sees it: what a command that received
 * a credential prints (curl -v echoes the Authorization header, a server may echo it back). Each
 * value is replaced, in its plain, base64 and URL-encoded forms, by `[vault:NAME]`. Values split
 * across chunks are caught: the last (longest form - 1) bytes are held back until more arrives.
 */

export interface Secret {
  name: string;
  value: string;
}

interface Form {
  bytes: Buffer;
  mark: Buffer;
}

function formsOf(s: Secret): Form[] {
  const mark = Buffer.from(`[vault:${s.name}]`);
  const texts = new Set([s.value, Buffer.from(s.value).toString('base64').replace(/=+$/, ''), encodeURIComponent(s.value)]);
  return [...texts].filter((t) => t.length >= 4).map((t) => ({ bytes: Buffer.from(t), mark }));
}

export class Masker {
  private readonly forms: Form[];
  private readonly hold: number;
  private pending = Buffer.alloc(0);

  constructor(secrets: Secret[]) {
    // Longest first, so a value containing another is masked whole.
    this.forms = secrets.flatMap(formsOf).sort((a, b) => b.bytes.length - a.bytes.length);
    this.hold = Math.max(0, ...this.forms.map((f) => f.bytes.length - 1));
  }

  private replaceAll(data: Buffer): Buffer {
    let out = data;
    for (const f of this.forms) {
      let at = out.indexOf(f.bytes);
      if (at < 0) continue;
      const parts: Buffer[] = [];
      let from = 0;
      while (at >= 0) {
        parts.push(out.subarray(from, at), f.mark);
        from = at + f.bytes.length;
        at = out.indexOf(f.bytes, from);
      }
      parts.push(out.subarray(from));
      out = Buffer.concat(parts);
    }
    return out;
  }

  /** What may be written now. */
  push(chunk: Buffer): Buffer {
    const data = this.replaceAll(Buffer.concat([this.pending, chunk]));
    const keep = Math.min(this.hold, data.length);
    this.pending = Buffer.from(data.subarray(data.length - keep));
    return data.subarray(0, data.length - keep);
  }

  /** The rest, at the end of the stream. */
  flush(): Buffer {
    const rest = this.replaceAll(this.pending);
    this.pending = Buffer.alloc(0);
    return rest;
  }
}
