// The SQL of party organisations (PartyOrganizationsService) that is not a query builder.

/** Whether organisation $2 is $1 or one of $1's ancestors (walking up parent_id), as `cycle`. */
export const ANCESTOR_CYCLE_SQL = `WITH RECURSIVE up(id, parent_id) AS (
           SELECT id, parent_id FROM party_organization WHERE id = $1
           UNION SELECT p.id, p.parent_id FROM party_organization p JOIN up ON p.id = up.parent_id)
         SELECT EXISTS (SELECT 1 FROM up WHERE id = $2) AS cycle`;
