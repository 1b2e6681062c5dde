import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { GovernanceFiguresArgs, GovernanceFiguresDto } from './governance-figures.dto.js';
import { GovernanceFiguresService } from './governance-figures.service.js';
import { FIELD_COSTS } from '../../common/graphql/field-costs.js';

/** 新星闪耀 figures over GraphQL (the dashboard's overview uses the service directly). */
@Resolver(() => GovernanceFiguresDto)
export class GovernanceFiguresResolver {
  constructor(private readonly figures: GovernanceFiguresService) {}

  @Query(() => GovernanceFiguresDto, {
    complexity: FIELD_COSTS.governanceFigures,
    description: '新星闪耀统计（期间为 [from, to)）/ Governance figures of a region over [from, to)',
  })
  @RequirePermission(Permission.DASHBOARD_READ)
  governanceFigures(@CurrentActor() actor: Actor, @Args() args: GovernanceFiguresArgs): Promise<GovernanceFiguresDto> {
    return this.figures.forRegion(actor, args.regionCode, args.from, args.to);
  }
}
