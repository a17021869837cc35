/*!
 * The stored entry (schema `v: 1`): what one JSONL line holds, and how an event becomes one.
 * Redaction happens here, before the entry is sealed with its hash. Key order is fixed so that
 * every line starts with `{"v":1,"seq":`: `verify` uses that to tell a torn write from garbage.
 */
import { hostname, userInfo } from 'node:os';
import type { Decision, Environment, Risk, Verdict } from '../core/verdict.js';
import { isHash } from './chain.js';
import { redactSecrets, type SecretKind } from './redact.js';
import type { AuditActor, AuditApproval, AuditCredential, AuditEffect, AuditEventInput } from './types.js';

/** Schema version written in every entry. */
export const SCHEMA_VERSION = 1;
/** Longer lines are cut (after redaction); `lineLength` then records the full length. */
export const MAX_LINE_CHARS = 64 * 1024;
/** Every line the writer produces starts with this. */
export const LINE_PREFIX = `{"v":${SCHEMA_VERSION},"seq":`;

/** The verdict as logged: decision, risk, environment and the ids of the rules that fired. */
export interface LoggedVerdict {
  decision: Decision;
  risk: Risk;
  environment: Environment | null;
  environmentEvidence?: string;
  rules: string[];
}

/** One line of the audit log. See docs/audit.md for each field. */
export interface AuditEntry {
  v: 1;
  seq: number;
  time: string;
  event: AuditEventInput['event'];
  source: AuditEventInput['source'];
  session: string;
  actor: AuditActor;
  user: string | null;
  host: string;
  pid: number;
  /** The classifier daemon that decided and wrote the entry for process `pid`, if one did. */
  daemon?: number;
  cwd: string;
  line: string;
  redacted?: SecretKind[];
  lineLength?: number;
  verdict: LoggedVerdict | null;
  blocked: boolean;
  /** The approval request filed for this command, when one was. */
  requestId?: string;
  approval: AuditApproval | null;
  exitStatus: number | null;
  durationMs: number | null;
  note?: string;
  credential?: AuditCredential;
  /** `command-effect` / `undo` entries: what changed (see AuditEffect). */
  effect?: AuditEffect;
  tornBefore?: true;
  prev: string;
  hash: string;
}

/** The part of an entry known before the lock is taken. */
export type EntryBody = Omit<AuditEntry, 'v' | 'seq' | 'time' | 'prev' | 'hash' | 'tornBefore'>;

let cachedUser: string | null | undefined;
function currentUser(): string | null {
  if (cachedUser === undefined) {
    try {
      cachedUser = userInfo().username;
    } catch {
      cachedUser = process.env.USER || process.env.LOGNAME || null;
    }
  }
  return cachedUser;
}

function loggedVerdict(v: Verdict | undefined): LoggedVerdict | null {
  if (!v) return null;
  const out: LoggedVerdict = {
    decision: v.decision,
    risk: v.risk,
    environment: v.environment ?? null,
    rules: [...new Set((v.reasons ?? []).map((r) => r.rule))],
  };
  if (v.environmentEvidence) out.environmentEvidence = redactSecrets(v.environmentEvidence).text;
  return out;
}

/** Builds the redacted body of an entry from an event (no I/O besides the cached user name). */
export function entryBody(event: AuditEventInput): EntryBody {
  const full = redactSecrets(String(event.line ?? ''));
  const cut = full.text.length > MAX_LINE_CHARS;
  const verdict = loggedVerdict(event.verdict);
  const body: EntryBody = {
    event: event.event,
    source: event.source,
    session: String(event.sessionId ?? ''),
    actor: event.actor?.agent ? { kind: event.actor.kind, agent: event.actor.agent } : { kind: event.actor?.kind ?? 'human' },
    user: currentUser(),
    host: hostname(),
    pid: Number.isSafeInteger(event.pid) && event.pid! > 0 ? event.pid! : process.pid,
    ...(event.viaDaemon ? { daemon: process.pid } : {}),
    cwd: String(event.cwd ?? ''),
    line: cut ? full.text.slice(0, MAX_LINE_CHARS) : full.text,
    ...(full.kinds.length ? { redacted: full.kinds } : {}),
    ...(cut ? { lineLength: full.text.length } : {}),
    verdict,
    blocked: event.blocked ?? (verdict?.decision === 'deny' || event.event === 'approval-denied'),
    ...(event.requestId ? { requestId: String(event.requestId) } : {}),
    approval: event.approval ?? null,
    exitStatus: event.exitStatus ?? null,
    durationMs: event.durationMs ?? null,
  };
  if (event.note) body.note = redactSecrets(event.note).text;
  if (event.credential) body.credential = { ...event.credential };
  if (event.effect) body.effect = event.effect;
  return body;
}

/** Assembles the unsealed entry in its fixed key order (`hash` is added by `seal`). */
export function assemble(body: EntryBody, seq: number, prev: string, time: Date, tornBefore: boolean): Omit<AuditEntry, 'hash'> {
  return { v: SCHEMA_VERSION, seq, time: time.toISOString(), ...body, ...(tornBefore ? { tornBefore: true } : {}), prev };
}

/** True for a parsed value that has the shape of a stored entry (hash not checked). */
export function isEntry(value: unknown): value is AuditEntry {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const e = value as Record<string, unknown>;
  return Number.isInteger(e.seq) && typeof e.time === 'string' && isHash(e.hash) && isHash(e.prev);
}

/** Parses one line; null when it is not an entry. */
export function parseEntry(line: string): AuditEntry | null {
  try {
    const value: unknown = JSON.parse(line);
    return isEntry(value) ? value : null;
  } catch {
    return null;
  }
}
