import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { EnterpriseDto } from '../enterprises/dto/enterprise.dto.js';
import { OrganizingGapsDto, OrganizingGapsQuery } from './dto/gaps.dto.js';
import { OrganizingGapsService, type OrganizingGaps } from './organizing-gaps.service.js';
import { FIELD_COSTS } from '../../common/graphql/field-costs.js';

/** Maps the service's gap lists to the API shape. */
export function toGapsDto(gaps: OrganizingGaps): OrganizingGapsDto {
  const map = (list: OrganizingGaps['needInstructor']) => list.map((g) => ({ ...g, enterprise: EnterpriseDto.from(g.enterprise) }));
  return { regionCode: gaps.regionCode, shouldFormOrganization: map(gaps.shouldFormOrganization), needInstructor: map(gaps.needInstructor) };
}

/** 组织覆盖缺口 over GraphQL. */
@Resolver(() => OrganizingGapsDto)
export class OrganizingGapsResolver {
  constructor(private readonly gaps: OrganizingGapsService) {}

  @RequirePermission(Permission.ENTERPRISE_READ)
  @Query(() => OrganizingGapsDto, {
    complexity: FIELD_COSTS.organizingGaps,
    description: '组织覆盖缺口：应组建党组织、需选派指导员的企业 / Enterprises that should form an organisation, and those that need an instructor',
  })
  async organizingGaps(@CurrentActor() actor: Actor, @Args() args: OrganizingGapsQuery): Promise<OrganizingGapsDto> {
    return toGapsDto(await this.gaps.gaps(actor, args.regionCode));
  }
}
