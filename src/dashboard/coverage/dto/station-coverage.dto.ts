import { ArgsType, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { REGION_CODE } from '../../overview/dto/overview.dto.js';
import { ApiField } from '../../../common/fields/api-field.js';

/** Largest radius a coverage may be asked for (metres). */
export const MAX_COVERAGE_RADIUS = 20_000;
/** Most uncovered sites one answer lists. */
export const MAX_UNCOVERED_SITES = 100;

/** `stationCoverage(regionCode, radiusMeters = 1000)` arguments; also the REST query. */
@ArgsType()
export class StationCoverageQuery {
  @ApiField({ description: '区划代码（须在本人辖区内）/ Region code, within your scope', example: '431126' })
  @Matches(REGION_CODE, { message: 'must be a region code' })
  regionCode: string;

  @ApiField(() => Int, { defaultValue: 1000, description: '服务半径（米，全国目标 1 公里）/ Service radius in metres (national target: 1 km)', openapi: { required: false, default: 1000, minimum: 1, maximum: MAX_COVERAGE_RADIUS } })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_COVERAGE_RADIUS)
  radiusMeters: number = 1000;

  @ApiField(() => Int, { defaultValue: 20, description: `列出未覆盖点位数（按受影响骑手数排序，最多 ${MAX_UNCOVERED_SITES}）/ Uncovered sites to list, most riders first`, openapi: { required: false, default: 20, minimum: 0, maximum: MAX_UNCOVERED_SITES } })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_UNCOVERED_SITES)
  uncoveredFirst: number = 20;
}

@ObjectType('NearestStation', { description: '最近的运营驿站（不论是否达标）/ The nearest open station, certified or not' })
export class NearestStationDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField({ description: '驿站编码 / Station code' })
  code: string;
  @ApiField({ description: '驿站名称 / Station name' })
  name: string;
  @ApiField(() => Float, { description: '距离（米）/ Distance in metres' })
  distanceMeters: number;
}

@ObjectType('UncoveredSite', { description: '未覆盖的配送点位（建站候选）/ A delivery site with no open certified station in reach: where to build next' })
export class UncoveredSiteDto {
  @ApiField({ description: '点位名称 / Site name' })
  siteName: string;
  @ApiField(() => Float, { description: '纬度 / Latitude' })
  lat: number;
  @ApiField(() => Float, { description: '经度 / Longitude' })
  lng: number;
  @ApiField(() => Int, { description: '受影响骑手数 / Active riders at the site' })
  riders: number;
  @ApiField(() => String, { nullable: true, description: '乡镇代码 / Township code', openapi: { type: String } })
  townshipCode: string | null;
  @ApiField(() => String, { nullable: true, description: '乡镇 / Township', openapi: { type: String } })
  townshipName: string | null;
  @ApiField(() => NearestStationDto, { nullable: true, description: '最近的运营驿站及距离 / Nearest open station and its distance', openapi: { type: NearestStationDto } })
  nearestStation: NearestStationDto | null;
}

@ObjectType('TownshipCoverage', { description: '乡镇覆盖情况 / Coverage of one township' })
export class TownshipCoverageDto {
  @ApiField(() => String, { nullable: true, description: '乡镇代码（骑手未落到乡镇时为空）/ Township code; null for riders placed at county level', openapi: { type: String } })
  townshipCode: string | null;
  @ApiField(() => String, { description: '乡镇名称 / Township name', nullable: true, openapi: { type: String } })
  townshipName: string | null;
  @ApiField(() => Int, { description: '在册骑手 / Active riders' })
  riders: number;
  @ApiField(() => Int, { description: '已覆盖骑手 / Riders covered' })
  coveredRiders: number;
  @ApiField(() => Float, { nullable: true, description: '覆盖率（0–1，无骑手时为空）/ Share covered, 0–1; null without riders', openapi: { type: Number } })
  share: number | null;
  @ApiField(() => Int, { description: '配送点位 / Delivery sites' })
  sites: number;
  @ApiField(() => Int, { description: '已覆盖点位 / Sites covered' })
  coveredSites: number;
}

/** `stationCoverage` (docs/ARCHITECTURE.md §8). */
@ObjectType('StationCoverage', {
  description: '驿站覆盖：在册骑手的配送点位在服务半径内有运营且六有达标驿站的比例 / Share of active roster riders whose delivery site has an open, certified station within the radius',
})
export class StationCoverageDto {
  @ApiField({ description: '区划代码 / Region code' })
  regionCode: string;
  @ApiField(() => Int, { description: '覆盖半径（米）/ Coverage radius in metres' })
  radiusMeters: number;
  @ApiField({ description: '达标判定日（北京时间今天）/ Day certification is judged on (today, China Standard Time)', openapi: { format: 'date' } })
  asOfDay: string;
  @ApiField(() => Int, { description: '在册骑手 / Active riders' })
  riders: number;
  @ApiField(() => Int, { description: '已覆盖骑手 / Riders covered' })
  coveredRiders: number;
  @ApiField(() => Float, { nullable: true, description: '覆盖率（0–1）/ Share covered, 0–1', openapi: { type: Number } })
  share: number | null;
  @ApiField(() => Int, { description: '配送点位 / Delivery sites' })
  sites: number;
  @ApiField(() => Int, { description: '已覆盖点位 / Sites covered' })
  coveredSites: number;
  @ApiField(() => [UncoveredSiteDto], { description: '未覆盖点位，受影响骑手多者在前 / Uncovered sites, most riders first', openapi: { type: [UncoveredSiteDto] } })
  uncoveredSites: UncoveredSiteDto[];
  @ApiField(() => [TownshipCoverageDto], { description: '各乡镇 / By township', openapi: { type: [TownshipCoverageDto] } })
  byTownship: TownshipCoverageDto[];
}
