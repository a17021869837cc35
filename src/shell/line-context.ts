/*!
 * Builds the classifier's context for one line from what bash sent: its environment, cwd,
 * aliases, and the definitions of the session's functions that the line can reach. Bodies are
 * fetched on demand (a line rarely calls a function, and `declare -f` of a big completion setup
 * is hundreds of KB): every name mentioned by the line, by an alias or by a body already fetched
 * is asked for, until nothing new turns up.
 */
import type { Context } from '../classifier/context.js';
import type { Actor } from '../core/verdict.js';
import { parseAliases, parseExports, parseFunctionBodies, parseFunctionNames } from './bash-listings.js';
import type { GateRequest } from './protocol.js';

/** Functions bash may run without the line naming them. */
const IMPLICIT_FUNCTIONS = ['command_not_found_handle'];
const MAX_ROUNDS = 8;

/** Names from `known` that appear as words in `text` (a superset of what can be called). */
export function mentionedNames(text: string, known: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const word of text.split(/[\s;&|()<>'"`$={}\\]+/)) {
    if (word && known.has(word)) out.add(word);
  }
  return [...out];
}

/** Fetches the text of `declare -f NAME…` for some function names. */
export type FunctionFetcher = (names: string[]) => Promise<string>;

/** Definitions of every session function reachable from `text` (and the aliases). */
export async function reachableFunctions(
  text: string,
  aliases: Record<string, string>,
  names: string[],
  fetch: FunctionFetcher,
): Promise<Record<string, string>> {
  const known = new Set(names.filter((n) => !n.startsWith('__sg_')));
  const bodies: Record<string, string> = {};
  let frontier = [text, ...Object.values(aliases)].join('\n');
  let wanted = [...mentionedNames(frontier, known), ...IMPLICIT_FUNCTIONS.filter((n) => known.has(n))];
  for (let round = 0; wanted.length > 0; round++) {
    const batch = round < MAX_ROUNDS ? wanted : [...known].filter((n) => bodies[n] === undefined);
    const got = parseFunctionBodies(await fetch(batch), batch);
    for (const n of batch) {
      bodies[n] = got[n] ?? '';
      known.delete(n);
    }
    if (round >= MAX_ROUNDS) break;
    frontier = batch.map((n) => bodies[n]).join('\n');
    wanted = mentionedNames(frontier, known);
  }
  return bodies;
}

/** The classifier context for a request. */
export async function buildContext(req: GateRequest, text: string, actor: Actor, fetch: FunctionFetcher): Promise<Partial<Context>> {
  const aliases = parseAliases(req.aliasText);
  const functions = await reachableFunctions(text, aliases, parseFunctionNames(req.functionNamesText), fetch);
  return { env: parseExports(req.envText), cwd: req.cwd, actor, aliases, functions };
}
