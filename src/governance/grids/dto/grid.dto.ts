import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsEnum,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { ConnectionArgs, Connection } from '../../../common/pagination/connection.types.js';
import { CursorPage, CursorQuery } from '../../../common/pagination/cursor-page.js';
import { GridEnrolmentStatus, type GridEnrolment } from '../grid-enrolment.entity.js';
import type { Grid } from '../grid.entity.js';
import { fromPgPolygon, MAX_RING_POSITIONS, toGeoJson } from '../grid-geometry.js';
import { labelledEnum } from '../../../common/labels/labels.js';
import { ApiField } from '../../../common/fields/api-field.js';
import { OmitInput, PartialInput } from '../../../common/fields/derived-inputs.js';
import { ApiRef, RefDto } from '../../../common/references/ref.dto.js';

/** GeoJSON Polygon (RFC 7946), positions as [longitude, latitude]; one ring, closed. */
@ObjectType('GeoJsonPolygon', { description: 'GeoJSON 多边形（经度在前）/ GeoJSON Polygon, positions [lng, lat]' })
@InputType('GeoJsonPolygonInput', {
  description: 'GeoJSON 多边形（经度在前，首尾闭合，不支持洞）/ GeoJSON Polygon: [lng, lat] positions, closed ring, no holes',
})
export class GeoJsonPolygonDto {
  @ApiField({ description: '固定为 Polygon / Always "Polygon"', example: 'Polygon', openapi: { enum: ['Polygon'] } })
  @Equals('Polygon')
  type: 'Polygon';

  @ApiField(() => [[[Float]]], {
    description: '线环坐标 [[[lng, lat], …]] / Linear ring',
    example: [
      [
        [111.9, 25.6],
        [112.0, 25.6],
        [112.0, 25.7],
        [111.9, 25.7],
        [111.9, 25.6],
      ],
    ],
    openapi: {
      type: 'array',
      maxItems: 1,
      items: { type: 'array', minItems: 4, maxItems: MAX_RING_POSITIONS, items: { type: 'array', minItems: 2, maxItems: 3, items: { type: 'number' } } },
    },
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1, { message: 'coordinates must hold one linear ring (no holes)' })
  coordinates: number[][][];
}

/** A grid as both APIs show it. */
@ObjectType('Grid', { description: '网格 / Community grid' })
export class GridDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField({ description: '网格编码 / Grid code', example: '431126001001-99' })
  code: string;
  @ApiField({ description: '名称 / Name' })
  name: string;
  @ApiField({ description: '所属社区代码 / Community code', example: '431126001001' })
  communityCode: string;
  @ApiField({ description: '县代码 / County code', example: '431126' })
  countyCode: string;
  @ApiField(() => GeoJsonPolygonDto, { description: '边界 / Boundary', openapi: { type: GeoJsonPolygonDto } })
  boundary: GeoJsonPolygonDto;
  @ApiField(() => Float, { description: '中心点纬度 / Centroid latitude' })
  centroidLat: number;
  @ApiField(() => Float, { description: '中心点经度 / Centroid longitude' })
  centroidLng: number;
  // Staff REST only: the grid worker's account is not shown in public GraphQL views (gridAt).
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: '网格员账号 / Grid worker (staff user id)' }) gridWorkerId: string | null;
  // REST only: where the grid lies, named.
  @ApiRef('所属社区（编码为 12 位区划代码）/ Community, its code the 12-digit region code') community?: RefDto;
  @ApiRef('所属乡镇（编码为 9 位区划代码）/ Township of the community, its code the 9-digit region code') township?: RefDto;

  static from(grid: Grid & { community?: { code: string } }): GridDto {
    return {
      id: grid.id,
      code: grid.code,
      name: grid.name,
      communityCode: grid.community!.code,
      countyCode: grid.countyCode,
      boundary: toGeoJson(fromPgPolygon(grid.boundary)),
      centroidLat: grid.centroidLat,
      centroidLng: grid.centroidLng,
      gridWorkerId: grid.gridWorkerId,
    };
  }
}

@ObjectType('GridConnection')
export class GridConnection extends Connection(GridDto, 'Grid') {}

/** REST page of grids. */
export class GridPage extends CursorPage(GridDto) {}

/** `POST /grids`, `createGrid(input)`. */
@InputType('CreateGridInput', { description: '新建网格 / New grid' })
export class CreateGridInput {
  @ApiField({ description: '网格编码（唯一）/ Grid code (unique)', example: '431126001001-99', openapi: { maxLength: 32 } })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'must be 1-32 letters, digits, - or _' })
  code: string;

  @ApiField({ description: '名称 / Name', maxLength: 100, example: '舜陵街道一网格', openapi: { maxLength: 100 } })
  @IsNotEmpty()
  name: string;

  @ApiField({ description: '所属社区代码（12 位）/ Community code (12 digits)', example: '431126001001' })
  @Matches(/^\d{12}$/, { message: 'must be a community code of 12 digits' })
  communityCode: string;

  @ApiField(() => ID, { description: '网格员账号 / Grid worker (staff user id, role GRID_WORKER)', optional: true, openapi: { format: 'uuid' } })
  @IsUUID()
  gridWorkerId?: string;

  @ApiField(() => GeoJsonPolygonDto, { description: '边界 / Boundary', openapi: { type: GeoJsonPolygonDto } })
  @ValidateNested()
  @Type(() => GeoJsonPolygonDto)
  boundary: GeoJsonPolygonDto;
}

/** `PATCH /grids/{id}`, `updateGrid(id, input)`: only the fields given change; the code and the community stay. */
@InputType('UpdateGridInput', { description: '修改网格 / Grid changes' })
export class UpdateGridInput extends PartialInput(OmitInput(CreateGridInput, ['code', 'communityCode'])) {}

/** One feature of a GeoJSON import: properties name the grid, geometry is its boundary. */
export class GridFeatureDto {
  @ApiProperty({ description: 'GeoJSON 类型（Feature）/ GeoJSON type: Feature', enum: ['Feature'] }) @Equals('Feature') type: 'Feature';

  @ApiProperty({
    description: '属性：code、name、communityCode，可选 gridWorkerId / Properties: code, name, communityCode, optional gridWorkerId',
    example: { code: '431126001001-99', name: '一网格', communityCode: '431126001001' },
    additionalProperties: true,
  })
  @IsObject()
  properties: Record<string, unknown>;

  @ApiProperty({ description: "网格边界（多边形）/ The grid's boundary polygon", type: GeoJsonPolygonDto }) @IsObject() geometry: {
    type?: unknown;
    coordinates?: unknown;
  };
}

/** `POST /grids/import`: a GeoJSON FeatureCollection of Polygon features; grids are matched by code. */
export class GridImportDto {
  @ApiProperty({ description: 'GeoJSON 类型（FeatureCollection）/ GeoJSON type: FeatureCollection', enum: ['FeatureCollection'] })
  @Equals('FeatureCollection')
  type: 'FeatureCollection';

  @ApiProperty({ description: '网格（每个网格一个 Feature）/ One Feature per grid', type: GridFeatureDto, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => GridFeatureDto)
  features: GridFeatureDto[];
}

/** What an import did. */
export class GridImportResultDto {
  @ApiProperty({ description: '新建 / Grids created' }) created: number;
  @ApiProperty({ description: '更新 / Grids updated (matched by code)' }) updated: number;
}

/** `GET /grids` filters. */
export class GridListQuery extends CursorQuery {
  @ApiPropertyOptional({ description: '社区或乡镇代码 / Community or township code' })
  @IsOptional()
  @Matches(/^\d{6,12}$/, { message: 'must be a region code' })
  regionCode?: string;
}

@ArgsType()
export class GridsArgs extends ConnectionArgs {
  @Field({ nullable: true, description: '社区或乡镇代码 / Community or township code' })
  @IsOptional()
  @Matches(/^\d{6,12}$/, { message: 'must be a region code' })
  regionCode?: string;
}

/** `gridAt(lat, lng)`. */
@ArgsType()
export class GridAtArgs {
  @Field(() => Float, { description: '纬度 / Latitude' }) @IsLatitude() lat: number;
  @Field(() => Float, { description: '经度 / Longitude' }) @IsLongitude() lng: number;
}

export class GridAtQuery {
  @ApiProperty({ description: '纬度 / Latitude' }) @Type(() => Number) @IsLatitude() lat: number;
  @ApiProperty({ description: '经度 / Longitude' }) @Type(() => Number) @IsLongitude() lng: number;
}

registerEnumType(GridEnrolmentStatus, labelledEnum(GridEnrolmentStatus, 'GridEnrolmentStatus'));

/** A mobile-grid enrolment. */
@ObjectType('GridEnrolment', { description: '流动网格报到 / Mobile-grid enrolment' })
export class GridEnrolmentDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField(() => ID, { description: '网格 / Grid', openapi: { format: 'uuid' } })
  gridId: string;
  /** REST only: the grid named. */
  @ApiRef('网格（编码为网格编码）/ Grid, its code the grid code') grid?: RefDto;
  // Resolved through a per-request loader (GraphQL) or filled in by the service (REST).
  @ApiProperty({ format: 'uuid', description: '劳动者 / Worker' }) workerId: string;
  @ApiField(() => GridEnrolmentStatus, { description: '报到状态 / Enrolment status', openapi: { enum: GridEnrolmentStatus, enumName: 'GridEnrolmentStatus' } })
  status: GridEnrolmentStatus;
  @ApiField({ description: '报到时间 / Requested at' })
  requestedAt: Date;
  @ApiField(() => Date, { nullable: true, description: '确认时间 / Confirmed at', openapi: { type: Date } })
  confirmedAt: Date | null;
  @ApiField(() => Date, { nullable: true, description: '退出时间 / Ended at', openapi: { type: Date } })
  endedAt: Date | null;

  static from(enrolment: GridEnrolment): GridEnrolmentDto {
    const { id, gridId, workerId, status, requestedAt, confirmedAt, endedAt } = enrolment;
    return { id, gridId, workerId, status, requestedAt, confirmedAt, endedAt };
  }
}

@ObjectType('GridEnrolmentConnection')
export class GridEnrolmentConnection extends Connection(GridEnrolmentDto, 'GridEnrolment') {}

export class GridEnrolmentPage extends CursorPage(GridEnrolmentDto) {}

@ArgsType()
export class GridEnrolmentsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: '网格 / Grid' }) @IsOptional() @IsUUID() gridId?: string;
  @Field(() => GridEnrolmentStatus, { nullable: true, description: '状态 / Status' }) @IsOptional() @IsEnum(GridEnrolmentStatus) status?: GridEnrolmentStatus;
}

export class GridEnrolmentListQuery extends CursorQuery {
  @ApiPropertyOptional({ description: '网格 / Grid id', format: 'uuid' }) @IsOptional() @IsUUID() gridId?: string;
  @ApiPropertyOptional({ description: '报到状态 / Enrolment status', enum: GridEnrolmentStatus, enumName: 'GridEnrolmentStatus' })
  @IsOptional()
  @IsEnum(GridEnrolmentStatus)
  status?: GridEnrolmentStatus;
}

/** A worker's points (积分): confirmed enrolment months and resolved reports, at the county's rates. */
@ObjectType('WorkerPoints', { description: '积分 / Points' })
export class WorkerPointsDto {
  @Field(() => Int, { description: '已确认报到满月数 / Full months of confirmed enrolment' }) enrolmentMonths: number;
  @Field(() => Int, { description: '已办结的上报问题数 / Reported problems resolved' }) resolvedReports: number;
  @Field(() => Int, { description: '每月积分 / Points per enrolment month' }) pointsPerEnrolmentMonth: number;
  @Field(() => Int, { description: '每件积分 / Points per resolved report' }) pointsPerResolvedReport: number;
  @Field(() => Int, { description: '总积分 / Total points' }) points: number;
}

/** `PUT /governance/points-rules/{scope}`. */
export class PointsRulesDto {
  @ApiProperty({ description: '县代码，或 ALL 表示默认 / County code, or ALL for the default', example: '431126' }) scope: string;
  @ApiProperty({ description: '每月报到积分 / Points per confirmed enrolment month', minimum: 0 }) @IsInt() @Min(0) enrolmentMonth: number;
  @ApiProperty({ description: '每件办结积分 / Points per resolved report', minimum: 0 }) @IsInt() @Min(0) resolvedReport: number;
}

export class PointsRulesInput {
  @ApiProperty({ description: '每报到满一月积分 / Points per month enrolled', minimum: 0 }) @IsInt() @Min(0) enrolmentMonth: number;
  @ApiProperty({ description: '每件办结积分 / Points per resolved report', minimum: 0 }) @IsInt() @Min(0) resolvedReport: number;
}
