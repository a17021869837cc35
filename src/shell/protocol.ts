/*!
 * Messages on the guard's channel, decoded from the records bash writes (see integration-script).
 * Every record carries the session token; records without it are dropped, so another process
 * that finds the FIFO cannot speak for the shell. Replies go back as `<id> <word>[ args]`.
 */

/** A line waiting for its verdict, as the gate sent it. */
export interface GateRequest {
  /** `<sequence>.<random>`: a late verdict can never match the next line. */
  id: string;
  line: string;
  cwd: string;
  /** True when bash is reading a continuation (PS2) of an already accepted line. */
  continuation: boolean;
  /** Raw `alias -p`, `declare -F` and `declare -px` output. */
  aliasText: string;
  functionNamesText: string;
  envText: string;
}

export type ShellMessage =
  | { type: 'hello'; pid: number; version: string }
  | { type: 'request'; request: GateRequest }
  | { type: 'functions'; id: string; text: string }
  | { type: 'done'; id: string; status: number }
  | { type: 'refuse'; message: string }
  /** The DEBUG trap refused a command that did not go through the gate. */
  | { type: 'bypass'; cwd: string; command: string };

/** Decodes one record; null when it is malformed or does not carry the session token. */
export function decodeRecord(fields: string[], token: string): ShellMessage | null {
  if (fields[1] !== token) return null;
  switch (fields[0]) {
    case 'H':
      return { type: 'hello', pid: Number(fields[2]), version: fields[3] };
    case 'Q':
      return {
        type: 'request',
        request: {
          id: fields[2],
          line: fields[3],
          cwd: fields[4],
          continuation: fields[5] === '1',
          aliasText: fields[6],
          functionNamesText: fields[7],
          envText: fields[8],
        },
      };
    case 'F':
      return { type: 'functions', id: fields[2], text: fields[3] };
    case 'D':
      return { type: 'done', id: fields[2], status: Number(fields[3]) };
    case 'X':
      return { type: 'refuse', message: fields[2] };
    case 'B':
      return { type: 'bypass', cwd: fields[2], command: fields[3] };
    default:
      return null;
  }
}

/** What the gate does with the line. */
export type GateAnswer = 'allow' | 'deny' | 'more';

/** The reply text for a verdict. */
export function answerText(id: string, answer: GateAnswer): string {
  return `${id} ${answer}`;
}

/** The reply asking bash for the definitions of some functions. */
export function functionsQuery(id: string, names: readonly string[]): string {
  return `${id} fn ${names.join(' ')}`;
}
