import { ArgsType, Field, ID, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, Matches } from 'class-validator';
import { Connection, ConnectionArgs } from '../../../common/pagination/connection.types.js';
import { CursorPage, CursorQuery } from '../../../common/pagination/cursor-page.js';
import type { Region } from '../region.entity.js';
import { RegionLevel } from '../region-level.enum.js';

export const REGION_CODE = /^(\d{6}|\d{9}|\d{12})$/;
const REGION_CODE_MESSAGE = 'must be a region code of 6, 9 or 12 digits';

/** A region as both APIs show it. */
@ObjectType('Region', { description: '行政区划 / Administrative region (GB/T 2260)' })
export class RegionDto {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  id: string;

  @Field({ description: '区划代码 / Region code (6, 9 or 12 digits)' })
  @ApiProperty({ description: '区划代码 / Region code (6, 9 or 12 digits)', example: '431126' })
  code: string;

  @Field({ description: '名称 / Name' })
  @ApiProperty({ description: '名称 / Name', example: '宁远县' })
  name: string;

  @Field(() => RegionLevel, { description: '级别 / Level' })
  @ApiProperty({ enum: RegionLevel, enumName: 'RegionLevel', description: '级别 / Level' })
  level: RegionLevel;

  @Field(() => String, { nullable: true, description: '上级区划代码 / Parent region code (null for a province)' })
  @ApiProperty({ type: String, nullable: true, description: '上级区划代码 / Parent region code (null for a province)', example: '431100' })
  parentCode: string | null;

  @Field({ description: '路径（省.市.县…） / ltree path of codes from the province down' })
  @ApiProperty({ description: '路径（省.市.县…） / ltree path of codes from the province down', example: '430000.431100.431126' })
  path: string;

  @Field(() => String, { nullable: true, description: '所属县代码 / County code (null above county level)' })
  @ApiProperty({ type: String, nullable: true, description: '所属县代码 / County code (null above county level)', example: '431126' })
  countyCode: string | null;

  static from(region: Region): RegionDto {
    const labels = region.path.split('.');
    return {
      id: region.id,
      code: region.code,
      name: region.name,
      level: region.level,
      parentCode: labels.length > 1 ? labels[labels.length - 2] : null,
      path: region.path,
      countyCode: region.countyCode,
    };
  }
}

@ObjectType('RegionConnection', { description: '行政区划列表 / Regions, page by page' })
export class RegionConnection extends Connection(RegionDto, 'Region') {}

/** A REST page of regions. */
export class RegionPage extends CursorPage(RegionDto) {}

/** Filters shared by the GraphQL and REST region lists. */
export interface RegionFilter {
  parentCode?: string;
  level?: RegionLevel;
  within?: string;
}

/** `regions(parentCode, level, within, first, after)`. */
@ArgsType()
export class RegionsArgs extends ConnectionArgs implements RegionFilter {
  @Field(() => String, { nullable: true, description: '只列此区划的直接下级 / Only the direct children of this region' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_CODE_MESSAGE })
  parentCode?: string;

  @Field(() => RegionLevel, { nullable: true, description: '只列此级别 / Only this level' })
  @IsOptional()
  @IsEnum(RegionLevel)
  level?: RegionLevel;

  @Field(() => String, { nullable: true, description: '此区划及其全部下级（path <@） / This region and its whole subtree' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_CODE_MESSAGE })
  within?: string;
}

/** `GET /regions?parentCode=&level=&within=&cursor=&limit=`. */
export class RegionListQuery extends CursorQuery implements RegionFilter {
  @ApiPropertyOptional({ description: '只列此区划的直接下级 / Only the direct children of this region', example: '431126' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_CODE_MESSAGE })
  parentCode?: string;

  @ApiPropertyOptional({ enum: RegionLevel, enumName: 'RegionLevel', description: '只列此级别 / Only this level' })
  @IsOptional()
  @IsEnum(RegionLevel)
  level?: RegionLevel;

  @ApiPropertyOptional({ description: '此区划及其全部下级（path <@） / This region and its whole subtree', example: '431126' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_CODE_MESSAGE })
  within?: string;
}
