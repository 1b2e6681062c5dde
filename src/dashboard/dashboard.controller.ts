import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor, RequirePermission } from '../access/access.decorators.js';
import { Permission } from '../access/permission.enum.js';
import { BEARER_AUTH } from '../common/openapi/openapi.js';
import { StationCoverageDto, StationCoverageQuery } from './coverage/dto/station-coverage.dto.js';
import { StationCoverageService } from './coverage/station-coverage.service.js';
import { OverviewArgs, OverviewWithSeriesDto } from './overview/dto/overview.dto.js';
import { OverviewService } from './overview/overview.service.js';

/** 总览 The overview and station coverage over REST (same services and definitions as GraphQL). */
@ApiTags('dashboard')
@ApiBearerAuth(BEARER_AUTH)
@Controller('dashboard')
export class DashboardController {
  constructor(
    private readonly overviews: OverviewService,
    private readonly coverage: StationCoverageService,
  ) {}

  @Get('overview')
  @RequirePermission(Permission.DASHBOARD_READ)
  @ApiOperation({ summary: '总览（含月度数据）/ The overview of a region in your scope, with its monthly series' })
  @ApiOkResponse({ type: OverviewWithSeriesDto })
  async overview(@CurrentActor() actor: Actor, @Query() query: OverviewArgs): Promise<OverviewWithSeriesDto> {
    const { seriesContext, ...overview } = await this.overviews.overview(actor, query.regionCode, query.from, query.to);
    return { ...overview, monthly: await this.overviews.monthly(seriesContext) };
  }

  @Get('station-coverage')
  @RequirePermission(Permission.DASHBOARD_READ)
  @ApiOperation({ summary: '驿站覆盖：骑手配送点 N 米内有运营且达标驿站的比例、未覆盖点位与各乡镇数据 / Station coverage of roster delivery sites' })
  @ApiOkResponse({ type: StationCoverageDto })
  stationCoverage(@CurrentActor() actor: Actor, @Query() query: StationCoverageQuery): Promise<StationCoverageDto> {
    return this.coverage.coverage(actor, query.regionCode, query.radiusMeters, query.uncoveredFirst);
  }
}
