/*!
 * The one error the sandbox throws. It is a UserError, so the CLI prints its message (the reason
 * the sandbox cannot start and how to fix it) without a stack trace, and exits non-zero. Callers
 * must treat it as "do not start": never fall back to an unsandboxed shell.
 */
import { UserError } from '../core/user-error.js';

/** The sandbox was asked for and cannot be set up; `message` says why and what to do. */
export class SandboxError extends UserError {
  constructor(message: string) {
    super(`sandbox: ${message}`, 2);
    this.name = 'SandboxError';
  }
}
