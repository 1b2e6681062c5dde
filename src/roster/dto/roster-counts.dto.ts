import { ArgsType, Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

/** Riders of one township. */
@ObjectType('RosterTownshipCount', { description: '乡镇（街道）在册骑手数 / Active riders in one township' })
export class RosterTownshipCountDto {
  @Field(() => String, { nullable: true, description: '乡镇代码（空为仅到县）/ Township code (null: site given only to the county)' }) regionCode:
    string | null;
  @Field(() => String, { nullable: true, description: '乡镇名称 / Township name' }) regionName: string | null;
  @Field(() => Int, { description: '在册骑手 / Active riders' }) riders: number;
}

/** Riders of one delivery site. */
@ObjectType('RosterSiteCount', { description: '配送站点在册骑手数 / Active riders at one delivery site' })
export class RosterSiteCountDto {
  @Field({ description: '站点名称 / Site name' }) siteName: string;
  @Field(() => Float, { description: '纬度 / Latitude' }) siteLat: number;
  @Field(() => Float, { description: '经度 / Longitude' }) siteLng: number;
  @Field(() => Int, { description: '在该站点有骑手的平台数 / Platforms with riders at the site' }) platforms: number;
  @Field(() => Int, { description: '在册骑手 / Active riders' }) riders: number;
}

/** Roster counts within a caller's scope. */
@ObjectType('RosterCounts', { description: '平台名单统计 / Roster counts' })
export class RosterCountsDto {
  @Field(() => Int, { description: '在册骑手 / Active riders' }) activeRiders: number;
  @Field(() => Int, { description: '对应的劳动者人数（跨平台去重）/ Distinct worker persons among them (across platforms)' }) workers: number;
  @Field(() => [RosterTownshipCountDto], { description: '按乡镇 / By township' }) byTownship: RosterTownshipCountDto[];
  @Field(() => [RosterSiteCountDto], { description: '按站点（骑手最多的在前）/ By site, busiest first' }) bySite: RosterSiteCountDto[];
}

@ArgsType()
export class RosterCountsArgs {
  @Field(() => String, { nullable: true, description: '区划代码（默认为本人范围）/ Region code (default: your whole scope)' })
  @IsOptional()
  @Matches(/^\d{6}(\d{3}){0,2}$/, { message: 'regionCode must be a 6, 9 or 12 digit region code' })
  regionCode?: string;

  @Field(() => ID, { nullable: true, description: '平台企业 / Platform enterprise' })
  @IsOptional()
  @IsUUID()
  platformId?: string;

  @Field(() => Int, { nullable: true, defaultValue: 20, description: '最多列出的站点数 / Most sites listed' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(500)
  topSites?: number;
}

/** A platform as roster views name it. */
@ObjectType('RosterPlatform', { description: '平台企业 / Platform enterprise' })
export class RosterPlatformDto {
  @Field(() => ID) id: string;
  @Field({ description: '名称 / Name' }) name: string;
}
