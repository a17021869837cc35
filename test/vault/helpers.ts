/*
 * Helpers for the vault tests: a sandbox with its own git project (the containment's project is the
 * git work tree holding the cwd), a loopback HTTP server on 127.0.0.1 that records what it receives,
 * and a search of a directory tree for a value at rest.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdirSync, readdirSync, readFileSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';

export interface Received {
  host: string;
  url: string;
  auth: string;
  body: string;
}

export interface LoopbackServer {
  port: number;
  received: Received[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 (ephemeral port) that answers `ok` and records each request. */
export function startServer(): Promise<LoopbackServer> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ host: req.headers.host ?? '', url: req.url ?? '', auth: String(req.headers.authorization ?? req.headers['x-token'] ?? ''), body });
      // Echo the Authorization header back: what the agent reads must still be masked.
      res.end(`ok ${req.headers.authorization ?? ''}\n`);
    });
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      ok({ port, received, close: () => new Promise((done) => server.close(() => done())) });
    }),
  );
}

export interface VaultSandbox extends Sandbox {
  project: string;
  /** The agent's environment (an agent marker set). */
  agentEnv: NodeJS.ProcessEnv;
}

/** A sandbox with a git project and the file backend (no keyring reachable). */
export function vaultSandbox(extra: NodeJS.ProcessEnv = {}): VaultSandbox {
  const sb = makeSandbox({ SHELLGATE_VAULT_BACKEND: 'file', ...extra });
  const project = join(sb.dir, 'project');
  mkdirSync(project);
  execFileSync('git', ['init', '-q', project]);
  return { ...sb, project, agentEnv: { ...sb.env, CLAUDECODE: '1' } };
}

/** `shellgate vault ARGS` as the human, with `input` on stdin. */
export function vault(sb: VaultSandbox, args: string[], input = ''): ReturnType<typeof runCli> {
  return runCli(['vault', ...args], { env: sb.env, cwd: sb.project, input });
}

/** Files under `dir` (not following links) whose bytes contain `value`. */
export function filesContaining(dir: string, value: string): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(d, n);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && readFileSync(p).includes(value)) hits.push(p);
    }
  };
  walk(dir);
  return hits;
}
