import type { DbTransaction } from '../../db/prisma-client.ts';

/** Tables whose member references `/link` merges with rules of their own (roles, committee places). */
const MERGED_BY_RULE = new Set(['Identity', 'Membership', 'CommitteeMembership', 'LinkCode']);

/**
 * Moves every other row that refers to member `from` over to member `into` — votes, RSVPs, survey
 * answers, experiences, whatever features add later — found through the database's own foreign keys,
 * so that a new feature's table cannot be forgotten here. Where `into` already has the same row (one
 * vote per poll, one RSVP per occurrence), `into`'s own row stays and `from`'s goes.
 */
export async function moveMemberReferences(tx: DbTransaction, fromId: number, intoId: number): Promise<void> {
  const references = await tx.$queryRaw<Array<{ table: string; column: string }>>`
    SELECT cl.relname AS table, att.attname AS column
    FROM pg_constraint con
    JOIN pg_class cl ON cl.oid = con.conrelid
    JOIN pg_namespace ns ON ns.oid = cl.relnamespace
    JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = ANY (con.conkey)
    WHERE con.contype = 'f' AND con.confrelid = '"Member"'::regclass AND ns.nspname = current_schema()`;
  for (const { table, column } of references) {
    if (MERGED_BY_RULE.has(table)) continue;
    const t = `"${table.replace(/"/g, '""')}"`;
    const c = `"${column.replace(/"/g, '""')}"`;
    await tx.$executeRawUnsafe('SAVEPOINT move_reference');
    try {
      await tx.$executeRawUnsafe(`UPDATE ${t} SET ${c} = $1 WHERE ${c} = $2`, intoId, fromId);
      await tx.$executeRawUnsafe('RELEASE SAVEPOINT move_reference');
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Both had one (each voted in the same poll): the surviving member's own row wins.
      await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT move_reference');
      await tx.$executeRawUnsafe(`DELETE FROM ${t} WHERE ${c} = $1`, fromId);
    }
  }
}

function isUniqueViolation(error: unknown): boolean {
  const text = String((error as { message?: unknown })?.message ?? '') + JSON.stringify(error);
  return /23505|unique constraint|duplicate key/i.test(text);
}
