import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { StationCoverageDto, StationCoverageQuery } from './dto/station-coverage.dto.js';
import { StationCoverageService } from './station-coverage.service.js';
import { FIELD_COSTS } from '../../common/graphql/field-costs.js';

/** 驿站覆盖 `stationCoverage(regionCode, radiusMeters = 1000)` over GraphQL. */
@Resolver(() => StationCoverageDto)
export class StationCoverageResolver {
  constructor(private readonly coverage: StationCoverageService) {}

  @Query(() => StationCoverageDto, { complexity: FIELD_COSTS.stationCoverage,
    description: '驿站覆盖：区划（须在本人辖区内）在册骑手配送点位 N 米内有运营且达标驿站的比例、未覆盖点位（建站参考）与各乡镇数据 / Station coverage of a region in your scope',
  })
  @RequirePermission(Permission.DASHBOARD_READ)
  stationCoverage(@CurrentActor() actor: Actor, @Args() args: StationCoverageQuery): Promise<StationCoverageDto> {
    return this.coverage.coverage(actor, args.regionCode, args.radiusMeters, args.uncoveredFirst);
  }
}
