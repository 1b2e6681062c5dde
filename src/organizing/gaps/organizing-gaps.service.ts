import { Injectable } from '@nestjs/common';
import type { Actor } from '../../access/actor.js';
import { overlapsScope } from '../../access/scope.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { RegionService } from '../../reference/regions/region.service.js';
import type { Enterprise } from '../enterprises/enterprise.entity.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { STANDALONE_MIN_FULL_MEMBERS } from '../party-organizations/coverage-rules.js';

/** An enterprise in a gap list. */
export interface GapEnterprise {
  enterprise: Enterprise;
  fullMembers: number;
  probationaryMembers: number;
}

/** The two gap lists of a region. */
export interface OrganizingGaps {
  regionCode: string;
  shouldFormOrganization: GapEnterprise[];
  needInstructor: GapEnterprise[];
}

/**
 * 组织覆盖缺口 Enterprises not yet covered by a party organisation: those with three or more full
 * members should form their own; those with fewer and no active instructor need one (docs/ARCHITECTURE.md §7).
 */
@Injectable()
export class OrganizingGapsService {
  constructor(
    private readonly enterprises: EnterprisesService,
    private readonly regions: RegionService,
  ) {}

  /** Both gap lists for the enterprises of a region the caller may see, most full members first, in one query. */
  async gaps(actor: Actor, regionCode: string): Promise<OrganizingGaps> {
    const region = await this.regions.getByCode(regionCode);
    if (!overlapsScope(actor, region.path)) throw DomainError.notFound('Region', regionCode);
    const { entities, raw } = await this.enterprises
      .scoped(actor)
      .andWhere('township.path <@ :gapPath', { gapPath: region.path })
      .andWhere('NOT EXISTS (SELECT 1 FROM party_organization_enterprise poe WHERE poe.enterprise_id = enterprise.id)')
      .addSelect(
        `(SELECT count(*) FROM ledger_entry le WHERE le.enterprise_id = enterprise.id AND le.membership = 'FULL' AND le.verification <> 'REJECTED')::int`,
        'full_members',
      )
      .addSelect(
        `(SELECT count(*) FROM ledger_entry le WHERE le.enterprise_id = enterprise.id AND le.membership = 'PROBATIONARY' AND le.verification <> 'REJECTED')::int`,
        'probationary_members',
      )
      .addSelect('EXISTS (SELECT 1 FROM instructor_assignment ia WHERE ia.enterprise_id = enterprise.id AND ia.ended_on IS NULL)', 'has_instructor')
      .orderBy('full_members', 'DESC')
      .addOrderBy('enterprise.name', 'ASC')
      .addOrderBy('enterprise.id', 'ASC')
      .getRawAndEntities<{ enterprise_id: string; full_members: number; probationary_members: number; has_instructor: boolean }>();
    const byId = new Map(raw.map((row) => [row.enterprise_id, row]));
    const result: OrganizingGaps = { regionCode, shouldFormOrganization: [], needInstructor: [] };
    for (const enterprise of entities) {
      const row = byId.get(enterprise.id)!;
      const gap = { enterprise, fullMembers: row.full_members, probationaryMembers: row.probationary_members };
      if (gap.fullMembers >= STANDALONE_MIN_FULL_MEMBERS) result.shouldFormOrganization.push(gap);
      else if (!row.has_instructor) result.needInstructor.push(gap);
    }
    return result;
  }
}
