// The SQL of party organisations (PartyOrganizationsService) that is not a query builder.
import type { RefDto } from '../../common/references/ref.dto.js';
import { refJson } from '../../common/references/references.js';

/** Whether organisation $2 is $1 or one of $1's ancestors (walking up parent_id), as `cycle`. */
export const ANCESTOR_CYCLE_SQL = `WITH RECURSIVE up(id, parent_id) AS (
           SELECT id, parent_id FROM party_organization WHERE id = $1
           UNION SELECT p.id, p.parent_id FROM party_organization p JOIN up ON p.id = up.parent_id)
         SELECT EXISTS (SELECT 1 FROM up WHERE id = $2) AS cycle`;

/** What a party organisation references, named as REST shows it (`PARTY_ORGANIZATION_REFERENCES_SQL`). */
export interface PartyOrganizationReferences {
  region: RefDto;
}

/** What party organisations reference, named `{id, code, name}`: the region (county or township) they sit in. $1: organisation ids (uuid[]). */
export const PARTY_ORGANIZATION_REFERENCES_SQL = `SELECT o.id, ${refJson('r')} AS region
       FROM party_organization o
       LEFT JOIN region r ON r.id = o.region_id
       WHERE o.id = ANY($1::uuid[])`;
