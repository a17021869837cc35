/*!
 * Credentials that have the right shape for secretlint's rules but are derived from a seed at
 * test time, so that no token-shaped string is committed to the repository (secret scanners and
 * push protection would flag it). They are not valid anywhere.
 */
import { createHash } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` alphanumerics derived from `seed`. */
export function fakeChars(seed: string, length: number, alphabet = ALNUM): string {
  let out = '';
  for (let i = 0; out.length < length; i++) {
    for (const byte of createHash('sha256').update(`${seed}:${i}`).digest()) {
      if (out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

/** An AWS secret access key (40 characters). */
export function fakeAwsSecret(seed = 'aws'): string {
  return fakeChars(seed, 40);
}

/** A classic GitHub personal access token (`ghp_` + 36 characters). */
export function fakeGithubToken(seed = 'github'): string {
  return 'gh' + 'p_' + fakeChars(seed, 36);
}
