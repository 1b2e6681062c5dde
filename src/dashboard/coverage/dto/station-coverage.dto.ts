import { ArgsType, Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { REGION_CODE } from '../../overview/dto/overview.dto.js';

/** Largest radius a coverage may be asked for (metres). */
export const MAX_COVERAGE_RADIUS = 20_000;
/** Most uncovered sites one answer lists. */
export const MAX_UNCOVERED_SITES = 100;

/** `stationCoverage(regionCode, radiusMeters = 1000)` arguments; also the REST query. */
@ArgsType()
export class StationCoverageQuery {
  @Field({ description: '区划代码（须在本人辖区内）/ Region code, within your scope' })
  @ApiProperty({ example: '431126' })
  @Matches(REGION_CODE, { message: 'must be a region code' })
  regionCode: string;

  @Field(() => Int, { defaultValue: 1000, description: '服务半径（米，全国目标 1 公里）/ Service radius in metres (national target: 1 km)' })
  @ApiPropertyOptional({ default: 1000, minimum: 1, maximum: MAX_COVERAGE_RADIUS })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_COVERAGE_RADIUS)
  radiusMeters: number = 1000;

  @Field(() => Int, { defaultValue: 20, description: `列出未覆盖点位数（按受影响骑手数排序，最多 ${MAX_UNCOVERED_SITES}）/ Uncovered sites to list, most riders first` })
  @ApiPropertyOptional({ default: 20, minimum: 0, maximum: MAX_UNCOVERED_SITES })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(MAX_UNCOVERED_SITES)
  uncoveredFirst: number = 20;
}

@ObjectType('NearestStation', { description: '最近的运营驿站（不论是否达标）/ The nearest open station, certified or not' })
export class NearestStationDto {
  @Field(() => ID) @ApiProperty({ format: 'uuid' }) id: string;
  @Field() @ApiProperty() code: string;
  @Field() @ApiProperty() name: string;
  @Field(() => Float, { description: '距离（米）/ Distance in metres' }) @ApiProperty() distanceMeters: number;
}

@ObjectType('UncoveredSite', { description: '未覆盖的配送点位（建站候选）/ A delivery site with no open certified station in reach: where to build next' })
export class UncoveredSiteDto {
  @Field({ description: '点位名称 / Site name' }) @ApiProperty() siteName: string;
  @Field(() => Float) @ApiProperty() lat: number;
  @Field(() => Float) @ApiProperty() lng: number;
  @Field(() => Int, { description: '受影响骑手数 / Active riders at the site' }) @ApiProperty() riders: number;
  @Field(() => String, { nullable: true, description: '乡镇代码 / Township code' }) @ApiPropertyOptional({ type: String, nullable: true }) townshipCode: string | null;
  @Field(() => String, { nullable: true, description: '乡镇 / Township' }) @ApiPropertyOptional({ type: String, nullable: true }) townshipName: string | null;
  @Field(() => NearestStationDto, { nullable: true, description: '最近的运营驿站及距离 / Nearest open station and its distance' })
  @ApiPropertyOptional({ type: NearestStationDto, nullable: true })
  nearestStation: NearestStationDto | null;
}

@ObjectType('TownshipCoverage', { description: '乡镇覆盖情况 / Coverage of one township' })
export class TownshipCoverageDto {
  @Field(() => String, { nullable: true, description: '乡镇代码（骑手未落到乡镇时为空）/ Township code; null for riders placed at county level' })
  @ApiPropertyOptional({ type: String, nullable: true }) townshipCode: string | null;
  @Field(() => String, { nullable: true }) @ApiPropertyOptional({ type: String, nullable: true }) townshipName: string | null;
  @Field(() => Int, { description: '在册骑手 / Active riders' }) @ApiProperty() riders: number;
  @Field(() => Int, { description: '已覆盖骑手 / Riders covered' }) @ApiProperty() coveredRiders: number;
  @Field(() => Float, { nullable: true, description: '覆盖率（0–1，无骑手时为空）/ Share covered, 0–1; null without riders' })
  @ApiPropertyOptional({ type: Number, nullable: true }) share: number | null;
  @Field(() => Int, { description: '配送点位 / Delivery sites' }) @ApiProperty() sites: number;
  @Field(() => Int, { description: '已覆盖点位 / Sites covered' }) @ApiProperty() coveredSites: number;
}

/** `stationCoverage` (docs/ARCHITECTURE.md §8). */
@ObjectType('StationCoverage', {
  description: '驿站覆盖：在册骑手的配送点位在服务半径内有运营且六有达标驿站的比例 / Share of active roster riders whose delivery site has an open, certified station within the radius',
})
export class StationCoverageDto {
  @Field() @ApiProperty() regionCode: string;
  @Field(() => Int) @ApiProperty() radiusMeters: number;
  @Field({ description: '达标判定日（北京时间今天）/ Day certification is judged on (today, China Standard Time)' }) @ApiProperty({ format: 'date' }) asOfDay: string;
  @Field(() => Int, { description: '在册骑手 / Active riders' }) @ApiProperty() riders: number;
  @Field(() => Int, { description: '已覆盖骑手 / Riders covered' }) @ApiProperty() coveredRiders: number;
  @Field(() => Float, { nullable: true, description: '覆盖率（0–1）/ Share covered, 0–1' }) @ApiPropertyOptional({ type: Number, nullable: true }) share: number | null;
  @Field(() => Int, { description: '配送点位 / Delivery sites' }) @ApiProperty() sites: number;
  @Field(() => Int, { description: '已覆盖点位 / Sites covered' }) @ApiProperty() coveredSites: number;
  @Field(() => [UncoveredSiteDto], { description: '未覆盖点位，受影响骑手多者在前 / Uncovered sites, most riders first' })
  @ApiProperty({ type: [UncoveredSiteDto] }) uncoveredSites: UncoveredSiteDto[];
  @Field(() => [TownshipCoverageDto], { description: '各乡镇 / By township' }) @ApiProperty({ type: [TownshipCoverageDto] }) byTownship: TownshipCoverageDto[];
}
