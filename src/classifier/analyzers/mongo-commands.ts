/*!
 * MongoDB commands given as documents or in batches: `db.runCommand({drop: "users"})`,
 * `db.adminCommand({dropDatabase: 1})`, `{delete: "c", deletes: [{q: {}, limit: 0}]}`, `bulkWrite`
 * with `deleteMany`, and methods named by a computed member (`db.users["drop"]()`). A command
 * document that is a variable is unknown: dynamic.
 */
import type { Fact } from '../facts.js';
import type { Span } from '../../core/verdict.js';

const DROPS = /^(drop|dropDatabase|dropIndexes|dropUser|dropAllUsersFromDatabase|dropRole|dropAllRolesFromDatabase|dropSearchIndex|shutdown)$/;
const COMMAND = /\.(runCommand|adminCommand|command)\s*\(\s*(?:\{\s*(['"]?)(\w+)\2\s*:|(['"])(\w+)\4|([A-Za-z_$][\w$]*)\s*\))/g;
const BULK_DELETE = /\b['"]?delete(Many|One)['"]?\s*:\s*\{\s*['"]?filter['"]?\s*:\s*\{\s*\}/g;
/** `db.users[c]()`, `db[coll][op](…)`: a method named by a variable. */
const COMPUTED_CALL = /\]\s*\[\s*[A-Za-z_$][\w$]*\s*\]\s*\(|\bdb\.\w+\s*\[\s*[A-Za-z_$][\w$]*\s*\]\s*\(/;
const COMPUTED = /\[\s*(['"`])(drop|dropDatabase|deleteMany|remove)\1\s*\]\s*\(\s*(\{\s*\})?/g;

export function mongoCommandFacts(text: string, span: Span): Fact[] {
  const facts: Fact[] = [];
  for (const m of text.matchAll(COMMAND)) {
    const name = m[3] ?? m[5];
    if (name && DROPS.test(name)) facts.push({ id: 'db.drop', detail: `${m[1]}(${name})`, span });
    else if (name === 'delete')
      facts.push({ id: /deletes\s*:\s*\[\s*\{\s*q\s*:\s*\{\s*\}/.test(text) ? 'db.drop' : 'db.destructive', detail: `${m[1]}(delete)`, span });
    else if (m[6]) facts.push({ id: 'db.dynamic', detail: `${m[1]}(${m[6]}): a command document built at run time`, span });
  }
  if (/\bbulkWrite\s*\(/.test(text))
    for (const m of text.matchAll(BULK_DELETE))
      facts.push({ id: m[1] === 'Many' ? 'db.drop' : 'db.delete', detail: `bulkWrite delete${m[1]} of every document`, span });
  if (COMPUTED_CALL.test(text)) facts.push({ id: 'db.dynamic', detail: 'a method named by a variable', span });
  for (const m of text.matchAll(COMPUTED)) {
    if (m[2]!.startsWith('drop') || m[3] !== undefined) facts.push({ id: 'db.drop', detail: m[2], span });
  }
  return facts;
}
