/*!
 * The private channel between the guarded bash and shellgate: two FIFOs in a 0700 directory,
 * never the terminal stream. `req` carries NUL-separated fields from bash; `res` carries
 * NUL-terminated replies to it. shellgate opens both ends O_RDWR so bash's per-request `open`
 * never blocks and the FIFOs never see end-of-file while the session lives; bash opens them per
 * request, so commands started from the shell do not inherit them.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Splits a byte stream on NUL into fields (UTF-8 text); keeps a partial field between chunks. */
export class NulFramer {
  private pending: Buffer[] = [];

  /** Feeds a chunk; returns the fields it completed. */
  push(chunk: Buffer): string[] {
    const fields: string[] = [];
    let start = 0;
    for (let i = chunk.indexOf(0); i !== -1; i = chunk.indexOf(0, start)) {
      this.pending.push(chunk.subarray(start, i));
      fields.push(Buffer.concat(this.pending).toString('utf8'));
      this.pending = [];
      start = i + 1;
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
    return fields;
  }
}

/** How many fields each record type has, its type letter included. */
const RECORD_FIELDS: Record<string, number> = { H: 4, Q: 9, F: 4, D: 4, X: 3, B: 4 };

/** Groups fields into records by their leading type letter; an unknown field is dropped (resync). */
export class RecordAssembler {
  private current: string[] = [];

  push(field: string): string[] | null {
    if (this.current.length === 0 && RECORD_FIELDS[field] === undefined) return null;
    this.current.push(field);
    if (this.current.length < RECORD_FIELDS[this.current[0]]) return null;
    const record = this.current;
    this.current = [];
    return record;
  }
}

/** A pair of FIFOs in a fresh private directory. */
export class FifoChannel {
  readonly reqPath: string;
  readonly resPath: string;
  private readFd = -1;
  private writeFd = -1;
  private socket: net.Socket | null = null;

  private constructor(readonly dir: string) {
    this.reqPath = path.join(dir, 'req');
    this.resPath = path.join(dir, 'res');
  }

  /** Creates the directory (0700) and both FIFOs (0600), and opens shellgate's ends. */
  static create(parent = os.tmpdir()): FifoChannel {
    const dir = fs.mkdtempSync(path.join(parent, 'shellgate-'));
    fs.chmodSync(dir, 0o700);
    const ch = new FifoChannel(dir);
    const PATH = `${process.env.PATH ?? ''}:/usr/bin:/bin`;
    const made = spawnSync('mkfifo', ['-m', '600', ch.reqPath, ch.resPath], { encoding: 'utf8', env: { ...process.env, PATH } });
    if (made.status !== 0) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`cannot create the guard's FIFOs: ${made.error?.message ?? made.stderr.trim()}`);
    }
    const flags = fs.constants.O_RDWR | fs.constants.O_NONBLOCK;
    ch.readFd = fs.openSync(ch.reqPath, flags);
    ch.writeFd = fs.openSync(ch.resPath, flags);
    return ch;
  }

  /** Starts delivering complete records from bash. */
  onRecord(handler: (fields: string[]) => void): void {
    const framer = new NulFramer();
    const records = new RecordAssembler();
    this.socket = new net.Socket({ fd: this.readFd, readable: true, writable: false });
    this.socket.on('data', (chunk: Buffer) => {
      for (const field of framer.push(chunk)) {
        const record = records.push(field);
        if (record) handler(record);
      }
    });
    this.socket.on('error', () => {});
  }

  /** Sends one reply (`<id> <word>[ args]`) to the waiting gate. */
  reply(text: string): void {
    const buf = Buffer.from(`${text}\0`, 'utf8');
    let off = 0;
    while (off < buf.length) {
      try {
        off += fs.writeSync(this.writeFd, buf, off);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
        drainStale(this.writeFd);
      }
    }
  }

  /** Closes both ends and removes the directory. */
  close(): void {
    this.socket?.destroy();
    this.socket = null;
    try {
      if (this.writeFd >= 0) fs.closeSync(this.writeFd);
    } catch {
      /* already closed */
    }
    this.writeFd = -1;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A full reply FIFO only holds replies nobody waits for any more (abandoned lines): drop them. */
function drainStale(fd: number): void {
  const buf = Buffer.alloc(65536);
  try {
    while (fs.readSync(fd, buf) > 0) {
      /* discard */
    }
  } catch {
    /* EAGAIN: empty now */
  }
}
