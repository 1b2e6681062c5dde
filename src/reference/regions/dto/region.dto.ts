import { ArgsType, Field, ID, ObjectType } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, Matches } from 'class-validator';
import { Connection, ConnectionArgs } from '../../../common/pagination/connection.types.js';
import { CursorPage, CursorQuery } from '../../../common/pagination/cursor-page.js';
import type { Region } from '../region.entity.js';
import { RegionLevel } from '../region-level.enum.js';
import { ApiField } from '../../../common/fields/api-field.js';

export const REGION_CODE = /^(\d{6}|\d{9}|\d{12})$/;
const REGION_CODE_MESSAGE = 'must be a region code of 6, 9 or 12 digits';

/** A region as both APIs show it. */
@ObjectType('Region', { description: '行政区划 / Administrative region (GB/T 2260)' })
export class RegionDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;

  @ApiField({ description: '区划代码 / Region code (6, 9 or 12 digits)', example: '431126' })
  code: string;

  @ApiField({ description: '名称 / Name', example: '宁远县' })
  name: string;

  @ApiField(() => RegionLevel, { description: '级别 / Level', openapi: { enum: RegionLevel, enumName: 'RegionLevel' } })
  level: RegionLevel;

  @ApiField(() => String, {
    nullable: true,
    description: '上级区划代码 / Parent region code (null for a province)',
    example: '431100',
    openapi: { type: String, required: true },
  })
  parentCode: string | null;

  @ApiField({ description: '路径（省.市.县…） / ltree path of codes from the province down', example: '430000.431100.431126' })
  path: string;

  @ApiField(() => String, {
    nullable: true,
    description: '所属县代码 / County code (null above county level)',
    example: '431126',
    openapi: { type: String, required: true },
  })
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
