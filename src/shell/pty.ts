/*!
 * Our own small interface around node-pty, so the rest of the shell does not depend on its
 * types. Output comes as raw bytes (`encoding: null`): binary output passes through untouched.
 */
import { spawn } from '@lydell/node-pty';

/** What the shell needs from a pseudo-terminal running one child. */
export interface PtyLike {
  readonly pid: number;
  onData(cb: (data: Buffer) => void): void;
  onExit(cb: (e: { exitCode: number; signal: number }) => void): void;
  write(data: Buffer | string): void;
  resize(cols: number, rows: number): void;
  /** Stops reading the child's output (it blocks once the PTY buffer fills). */
  pause(): void;
  resume(): void;
  kill(signal?: string): void;
}

export interface PtySpawnOptions {
  cols: number;
  rows: number;
  cwd: string;
  env: Record<string, string>;
}

/** Spawns `file args` in a new PTY. */
export function spawnPty(file: string, args: string[], opts: PtySpawnOptions): PtyLike {
  const p = spawn(file, args, {
    name: opts.env.TERM || 'xterm-256color',
    cols: opts.cols,
    rows: opts.rows,
    cwd: opts.cwd,
    env: opts.env,
    encoding: null,
  });
  return {
    pid: p.pid,
    onData: (cb) => {
      p.onData((d: string | Buffer) => cb(typeof d === 'string' ? Buffer.from(d, 'utf8') : d));
    },
    onExit: (cb) => {
      p.onExit((e) => cb({ exitCode: e.exitCode, signal: e.signal ?? 0 }));
    },
    // Typed `string` in @lydell/node-pty's declarations; on Unix it writes a Buffer to the PTY as is.
    write: (d) => p.write(d as string),
    resize: (c, r) => {
      try {
        p.resize(Math.max(1, c), Math.max(1, r));
      } catch {
        /* the child already exited */
      }
    },
    pause: () => p.pause(),
    resume: () => p.resume(),
    kill: (s) => {
      try {
        p.kill(s);
      } catch {
        /* already gone */
      }
    },
  };
}
