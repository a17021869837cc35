/*!
 * Runs a bash script inside the real sandbox (bwrap) and collects its output.
 */
import { spawn } from 'node:child_process';
import { sandboxCommand, type SandboxOptions } from '../../../src/sandbox/index.js';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `bash -c script` under sandboxCommand(opts), spawned with opts.env. */
export function runSandboxed(script: string, opts: SandboxOptions): Promise<RunResult> {
  const wrapped = sandboxCommand('bash', ['-c', script], opts);
  return new Promise((resolve, reject) => {
    const child = spawn(wrapped.file, wrapped.args, { env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
