/*!
 * The classifier daemon proves itself on every answer: the client sends a fresh nonce, the daemon
 * returns an HMAC-SHA256 of the nonce and its answer, keyed with a secret in shellgate's state
 * directory (created 0600 on first use). Contained agent commands cannot see that directory, so a
 * server an agent started in the socket's place cannot answer "run": its answer fails the check
 * and the client judges in-process instead.
 * node:crypto is loaded when first needed (util/builtin.ts): the client makes its nonce from the
 * kernel's random source and loads it only to check the answer, while the daemon judges.
 */
import { closeSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../config/paths.js';
import { builtin } from '../util/builtin.js';

const crypto = () => builtin('node:crypto');

/** The shared key, created on first use. */
export function daemonKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  const dir = join(stateDir(env), 'keys');
  const path = join(dir, 'daemon.key');
  try {
    const key = readFileSync(path);
    if (key.length >= 32) return key;
  } catch {
    /* first use */
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = crypto().randomBytes(32);
  try {
    writeFileSync(path, key, { mode: 0o600, flag: 'wx' });
    return key;
  } catch {
    return readFileSync(path); // another process created it first
  }
}

/** A fresh nonce for one request: 16 bytes from /dev/urandom (node:crypto where it cannot be read). */
export function newNonce(): string {
  const nonce = Buffer.alloc(16);
  try {
    const fd = openSync('/dev/urandom', 'r');
    try {
      if (readSync(fd, nonce, 0, 16, null) === 16) return nonce.toString('hex');
    } finally {
      closeSync(fd);
    }
  } catch {
    /* no /dev/urandom */
  }
  return crypto().randomBytes(16).toString('hex');
}

/** Loads what checking an answer needs (node:crypto), so that it is not loaded when the answer is there. */
export function prepareAnswerCheck(): void {
  try {
    crypto();
  } catch {
    /* checkAnswerMac will say */
  }
}

/** The MAC of `answerText` (the answer's JSON without its mac) for `nonce`. */
export function answerMac(key: Buffer, nonce: string, answerText: string): string {
  return crypto().createHmac('sha256', key).update(nonce).update('\n').update(answerText).digest('hex');
}

/** True when `mac` is the daemon's MAC of `answerText` for `nonce`. */
export function checkAnswerMac(key: Buffer, nonce: string, answerText: string, mac: unknown): boolean {
  if (typeof mac !== 'string' || !/^[0-9a-f]{64}$/.test(mac)) return false;
  return crypto().timingSafeEqual(Buffer.from(answerMac(key, nonce, answerText), 'hex'), Buffer.from(mac, 'hex'));
}
