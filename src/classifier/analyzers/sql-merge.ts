/*!
 * `MERGE INTO t USING s ON cond WHEN MATCHED THEN DELETE`: a MERGE deletes or updates the rows of t
 * its WHEN clauses pick. A WHEN MATCHED clause reaches every row when the join condition does and the
 * clause adds none of its own (`ON true`); WHEN NOT MATCHED BY SOURCE when the condition never holds
 * (`ON false`). Otherwise the MERGE is a targeted DELETE/UPDATE (sql.delete, sql.update).
 */
import type { Fact } from '../facts.js';
import type { Span } from '../../core/verdict.js';
import { coversEveryRow } from './sql-where.js';

interface WhenClause {
  matchKind?: string;
  commandType?: string;
  condition?: unknown;
}

export function mergeFacts(b: Record<string, unknown>, span: Span): Fact[] {
  const rel = (b.relation as { relname?: string } | undefined)?.relname;
  const clauses = ((b.mergeWhenClauses ?? []) as { MergeWhenClause?: WhenClause }[]).map((c) => c.MergeWhenClause ?? {});
  const facts: Fact[] = [];
  for (const c of clauses) {
    const kind = c.commandType === 'CMD_DELETE' ? 'delete' : c.commandType === 'CMD_UPDATE' ? 'update' : null;
    if (!kind) continue;
    const every =
      !c.condition &&
      (c.matchKind === 'MERGE_WHEN_MATCHED'
        ? coversEveryRow(b.joinCondition ?? true, rel)
        : c.matchKind === 'MERGE_WHEN_NOT_MATCHED_BY_SOURCE' && coversEveryRow({ BoolExpr: { boolop: 'NOT_EXPR', args: [b.joinCondition] } }, rel));
    facts.push({ id: `sql.${kind}${every ? '-all' : ''}`, detail: rel, span });
  }
  return facts;
}
