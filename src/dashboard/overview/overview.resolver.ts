import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { OverviewArgs, OverviewDto, OverviewMonthDto } from './dto/overview.dto.js';
import { OverviewService } from './overview.service.js';
import { FIELD_COSTS } from '../../common/graphql/field-costs.js';

/** 总览 `overview(regionCode, from, to)` over GraphQL; the monthly series is computed only when asked for. */
@Resolver(() => OverviewDto)
export class OverviewResolver {
  constructor(private readonly overviews: OverviewService) {}

  @Query(() => OverviewDto, {
    complexity: FIELD_COSTS.overview,
    description:
      '总览：区划（须在本人辖区内，否则 NOT_FOUND）在 [from, to) 的主要数据；存量取截至 to，流量计期内 / The overview of a region in your scope over [from, to); stocks as of `to`, flows within the period',
  })
  @RequirePermission(Permission.DASHBOARD_READ)
  async overview(@CurrentActor() actor: Actor, @Args() args: OverviewArgs): Promise<OverviewDto> {
    return OverviewDto.from(await this.overviews.overview(actor, args.regionCode, args.from, args.to));
  }

  @ResolveField(() => [OverviewMonthDto], {
    description:
      '月度数据（北京时间自然月；最多最近 24 个月；未给 from 时为截至 to 的 12 个月）/ Monthly series: calendar months of the period (latest 24 at most; 12 ending with `to` when no `from`)',
  })
  monthly(@Parent() overview: OverviewDto): Promise<OverviewMonthDto[]> {
    return this.overviews.monthly(overview.seriesContext!);
  }
}
