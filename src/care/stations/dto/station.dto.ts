import { ArgsType, Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Connection } from '../../../common/pagination/connection.types.js';
import { CursorPage, CursorQuery } from '../../../common/pagination/cursor-page.js';
import { Amenity, HostVenue, StationKind, StationStatus } from '../station.enums.js';
import type { Station } from '../station.entity.js';
import type { StationAmenity } from '../station-amenity.entity.js';
import { OpeningHoursDto } from './opening-hours.dto.js';
import { IsDateOnly, NullMeansUnset } from '../../../common/errors/validation.js';
import { ApiField } from '../../../common/fields/api-field.js';
import { ApiRef, RefDto } from '../../../common/references/ref.dto.js';
import { ApiDepartmentRef } from '../../../reference/departments/department-ref.js';
import { OmitInput, PartialInput } from '../../../common/fields/derived-inputs.js';

export const STATION_CODE = /^[A-Z0-9][A-Z0-9-]{2,31}$/;
export const STATION_QR_PREFIX = 'NF-STN-';
/** The QR payload printed at a station; checking in needs it with the rotating code of its screen (`CheckInCodeDto`). */
export const stationQrPayload = (code: string) => `${STATION_QR_PREFIX}${code}`;

/** An amenity and whether it works right now. */
@ObjectType('StationAmenity', { description: '服务设施及其状态 / Amenity and its live status' })
export class StationAmenityDto {
  @ApiField(() => Amenity, { description: '设施 / Amenity', openapi: { enum: Amenity, enumName: 'Amenity' } })
  amenity: Amenity;
  @ApiField({ description: '可用（false 表示故障）/ In working order' })
  working: boolean;
  @ApiField({ description: '状态变更时间 / When the status last changed' })
  statusChangedAt: Date;
  @ApiField(() => String, { nullable: true, description: '说明 / Note', openapi: { type: String } })
  note: string | null;

  static from(row: StationAmenity): StationAmenityDto {
    return { amenity: row.amenity, working: row.working, statusChangedAt: row.statusChangedAt, note: row.note };
  }
}

/** What anyone may see of a station. */
@ObjectType('PublicStation', { description: '驿站（公开信息）/ Station, public view' })
export class PublicStationDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField({ description: '驿站编码 / Station code', example: 'NY-0001' })
  code: string;
  @ApiField({
    description: '驿站码（固定，用于识别驿站）/ Fixed station payload, identifying the station',
    deprecationReason: '签到需扫描现场屏幕上的动态码（stationCheckInCode）/ Checking in needs the rotating code on the station’s screen (stationCheckInCode)',
    example: 'NF-STN-NY-0001',
    openapi: { description: '固定驿站码；签到需现场动态码 / Fixed station payload; checking in needs the rotating code on site' },
  })
  qrPayload: string;
  @ApiField({ description: '名称 / Name' })
  name: string;
  @ApiField(() => StationKind, { description: '类型 / Kind', openapi: { enum: StationKind, enumName: 'StationKind' } })
  kind: StationKind;
  @ApiField(() => HostVenue, { description: '依托阵地 / Host venue', openapi: { enum: HostVenue, enumName: 'HostVenue' } })
  hostVenue: HostVenue;
  @ApiField({ description: '地址 / Address' })
  address: string;
  @ApiField(() => Float, { description: '纬度 / Latitude' })
  lat: number;
  @ApiField(() => Float, { description: '经度 / Longitude' })
  lng: number;
  @ApiField(() => StationStatus, { description: '状态 / Status', openapi: { enum: StationStatus, enumName: 'StationStatus' } })
  status: StationStatus;
  @ApiField(() => OpeningHoursDto, { nullable: true, description: '开放时间 / Opening hours', openapi: { type: OpeningHoursDto } })
  openingHours: OpeningHoursDto | null;
}

/** A station found by `nearestStations`: its public view, distance and whether it is open now. */
@ObjectType('NearbyStation', { description: '附近驿站 / A station near a point' })
export class NearbyStationDto extends PublicStationDto {
  @Field(() => Float, { description: '距离（米）/ Distance in metres' }) distanceMeters: number;
  @Field({ description: '当前是否开放 / Open right now' }) openNow: boolean;
  @Field(() => [StationAmenityDto], { description: '设施 / Amenities' }) amenities: StationAmenityDto[];
}

/** A station as staff see it. */
@ObjectType('Station', { description: '驿站 / Station' })
export class StationDto extends PublicStationDto {
  @ApiField({ description: '所在乡镇 / Township', openapi: { format: 'uuid' } })
  townshipId: string;
  @ApiField({ description: '所属县代码 / County code', example: '431126' })
  countyCode: string;
  @ApiField(() => ID, { nullable: true, description: '站长 / Manager (staff user)', openapi: { type: String } })
  managerId: string | null;
  @ApiField(() => ID, {
    nullable: true,
    description: '主办部门（其部门干部可修改；空为县级）/ Department that runs it (its officers edit it; null = the county’s own)',
    openapi: { type: String, format: 'uuid' },
  })
  departmentId: string | null;
  // REST only: what the ids above name.
  @ApiRef('所在乡镇（编码为 9 位区划代码）/ Township, its code the 9-digit region code') township?: RefDto;
  @ApiDepartmentRef('主办部门（县级自办时为空）', 'Department that runs it; null for the county’s own', { nullable: true }) department?: RefDto | null;
  @ApiField({ description: '当前是否开放 / Open right now' })
  openNow: boolean;
  @ApiField(() => Int, { description: '版本（乐观锁）/ Version' })
  version: number;
  @ApiField({ description: '创建时间 / Created' })
  createdAt: Date;
  /** REST only; GraphQL resolves these through per-request loaders. */
  @ApiProperty({ description: '设施及其状态 / Amenities and their status', type: [StationAmenityDto] }) amenities?: StationAmenityDto[];
  @ApiProperty({ description: '是否达标（六有认证有效）/ Certified against the current standard' }) certified?: boolean;

  static from(station: Station, openNow: boolean): StationDto {
    return {
      id: station.id,
      code: station.code,
      qrPayload: stationQrPayload(station.code),
      name: station.name,
      kind: station.kind,
      hostVenue: station.hostVenue,
      address: station.address,
      lat: station.lat,
      lng: station.lng,
      status: station.status,
      openingHours: station.openingHours as OpeningHoursDto | null,
      townshipId: station.townshipId,
      countyCode: station.countyCode,
      managerId: station.managerId,
      departmentId: station.departmentId,
      openNow,
      version: station.version,
      createdAt: station.createdAt,
    };
  }
}

@ObjectType('StationConnection')
export class StationConnection extends Connection(StationDto, 'Station') {}

export class StationPage extends CursorPage(StationDto) {}

/** `nearestStations(lat, lng, radiusMeters, openNow, amenities, first)`: the names are a contract with outside clients. */
@ArgsType()
export class NearestStationsArgs {
  @Field(() => Float, { description: '纬度 / Latitude' })
  @IsLatitude({ message: 'lat must be a latitude between -90 and 90' })
  lat: number;

  @Field(() => Float, { description: '经度 / Longitude' })
  @IsLongitude({ message: 'lng must be a longitude between -180 and 180' })
  lng: number;

  @Field(() => Int, { nullable: true, defaultValue: 1000, description: '半径（米，默认 1000，最大 50000）/ Radius in metres (default 1000, max 50000)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50_000)
  radiusMeters: number = 1000;

  @Field({ nullable: true, defaultValue: false, description: '只要当前开放的 / Only stations open right now' })
  @IsOptional()
  @IsBoolean()
  openNow: boolean = false;

  @Field(() => [Amenity], { nullable: true, description: '须具备且可用的设施 / Amenities that must all be present and working' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsEnum(Amenity, { each: true })
  amenities?: Amenity[];

  @Field(() => Int, { nullable: true, defaultValue: 10, description: '最多返回 N 个（默认 10，最大 50）/ At most N stations (default 10, max 50)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  first: number = 10;
}

/** Fields shared by creating and editing a station. */
@InputType('CreateStationInput', { description: '新建驿站 / New station' })
export class CreateStationInput {
  @ApiField({ description: '驿站编码（大写字母、数字、-）/ Unique code (A-Z, 0-9, -)', example: 'NY-0001' })
  @IsString()
  @Matches(STATION_CODE, { message: 'code must be 3-32 upper-case letters, digits or -' })
  code: string;

  @ApiField({ description: '名称 / Name', maxLength: 200, example: '宁远县图书馆爱心驿站' })
  @IsNotEmpty()
  name: string;

  @ApiField(() => StationKind, { description: '类型 / Kind', openapi: { enum: StationKind, enumName: 'StationKind' } })
  @IsEnum(StationKind)
  kind: StationKind;

  @ApiField(() => HostVenue, { description: '依托阵地 / Host venue', openapi: { enum: HostVenue, enumName: 'HostVenue' } })
  @IsEnum(HostVenue)
  hostVenue: HostVenue;

  @ApiField({ description: '地址 / Address', maxLength: 300, example: '宁远县舜陵街道九嶷大道 18 号' })
  @IsNotEmpty()
  address: string;

  @ApiField(() => Float, { description: '纬度 / Latitude', example: 25.5967 })
  @IsLatitude({ message: 'lat must be a latitude between -90 and 90' })
  lat: number;

  @ApiField(() => Float, { description: '经度 / Longitude', example: 111.9447 })
  @IsLongitude({ message: 'lng must be a longitude between -180 and 180' })
  lng: number;

  @ApiField({ description: '所在乡镇代码（9 位）/ Township code (9 digits)', example: '431126001' })
  @Matches(/^\d{9}$/, { message: 'townshipCode must be a 9-digit township code' })
  townshipCode: string;

  @ApiField(() => ID, { description: '站长（驿站管理员账号）/ Manager (a STATION_MANAGER account)', optional: true, openapi: { format: 'uuid' } })
  @IsUUID()
  managerId?: string;

  @ApiField(() => ID, {
    description: '主办部门（部门干部新建的驿站即属本部门）/ Department that runs it (a department officer’s station is their department’s)',
    optional: true,
    openapi: { format: 'uuid' },
  })
  @IsUUID()
  departmentId?: string;

  @ApiField(() => StationStatus, {
    description: '状态（默认筹建中）/ Status (default PLANNED)',
    optional: true,
    openapi: { enum: StationStatus, enumName: 'StationStatus' },
  })
  @IsEnum(StationStatus)
  status?: StationStatus;

  @ApiField(() => OpeningHoursDto, { description: '开放时间 / Opening hours', optional: true, openapi: { type: OpeningHoursDto } })
  @ValidateNested()
  @Type(() => OpeningHoursDto)
  openingHours?: OpeningHoursDto;

  @ApiField(() => [Amenity], { description: '设施 / Amenities', optional: true, openapi: { enum: Amenity, enumName: 'Amenity', isArray: true } })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(20)
  @IsEnum(Amenity, { each: true })
  amenities?: Amenity[];
}

/** Only the fields given change. Station managers may change only `openingHours` and `amenities`. */
@InputType('UpdateStationInput', { description: '修改驿站 / Station changes' })
export class UpdateStationInput extends PartialInput(OmitInput(CreateStationInput, ['code', 'townshipCode', 'departmentId', 'status', 'amenities'])) {
  @ApiField(() => ID, {
    description: '主办部门（仅县级干部可改，null 为县级）/ Department that runs it (county officers only; null = the county’s own)',
    optional: true,
    openapi: { type: String, format: 'uuid', nullable: true },
  })
  @IsUUID()
  departmentId?: string | null;

  // OPEN leaves an open station as it is (a station never goes back to PLANNED).
  @ApiField(() => StationStatus, {
    description: '状态 / Status',
    optional: true,
    example: StationStatus.OPEN,
    openapi: { enum: StationStatus, enumName: 'StationStatus' },
  })
  @IsEnum(StationStatus)
  status?: StationStatus;

  @ApiField(() => [Amenity], {
    description: '设施（整体替换）/ Amenities (replaces the list)',
    optional: true,
    openapi: { enum: Amenity, enumName: 'Amenity', isArray: true },
  })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(20)
  @IsEnum(Amenity, { each: true })
  amenities?: Amenity[];

  @ApiField(() => Int, { description: '修改前的版本（防止覆盖他人修改）/ Version you edited (stale edits are refused)', optional: true, example: 1 })
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

/** A manager marks an amenity out of order or back in order. */
@InputType('AmenityStatusInput', { description: '设施状态 / Amenity status' })
export class AmenityStatusInput {
  @ApiField(() => Amenity, { description: '设施 / Amenity', openapi: { enum: Amenity, enumName: 'Amenity' } })
  @IsEnum(Amenity)
  amenity: Amenity;

  @ApiField({ description: '可用 / In working order' })
  @IsBoolean()
  working: boolean;

  @ApiField({ description: '说明 / Note', optional: true, maxLength: 200 })
  note?: string;
}

/** Station list filter. */
@NullMeansUnset()
@InputType('StationFilter', { description: '驿站筛选 / Station filter' })
export class StationFilter {
  @ApiField({ description: '区划代码（含下级）/ Region code, subtree', optional: true, example: '431126' })
  @Matches(/^\d{6}(\d{3}(\d{3})?)?$/, { message: 'regionCode must be a 6, 9 or 12 digit region code' })
  regionCode?: string;

  @ApiField(() => StationStatus, { description: '状态 / Status', optional: true, openapi: { enum: StationStatus, enumName: 'StationStatus' } })
  @IsEnum(StationStatus)
  status?: StationStatus;

  @ApiField(() => StationKind, { description: '类型 / Kind', optional: true, openapi: { enum: StationKind, enumName: 'StationKind' } })
  @IsEnum(StationKind)
  kind?: StationKind;
}

/** `GET /stations?regionCode=&status=&kind=&cursor=&limit=`. */
export class StationListQuery extends CursorQuery {
  @ApiPropertyOptional({ description: '区划代码（县或乡镇，须在本人辖区内）/ Region code, county or township, within your scope', example: '431126' })
  @IsOptional()
  @Matches(/^\d{6}(\d{3}(\d{3})?)?$/, { message: 'regionCode must be a 6, 9 or 12 digit region code' })
  regionCode?: string;

  @ApiPropertyOptional({ description: '状态 / Status', enum: StationStatus, enumName: 'StationStatus' })
  @IsOptional()
  @IsEnum(StationStatus)
  status?: StationStatus;

  @ApiPropertyOptional({ description: '类型 / Kind', enum: StationKind, enumName: 'StationKind' })
  @IsOptional()
  @IsEnum(StationKind)
  kind?: StationKind;
}

/** A worker's check-in at a station. */
@ObjectType('StationCheckIn', { description: '驿站签到 / Station check-in' })
export class StationCheckInDto {
  @Field(() => ID) id: string;
  @Field(() => ID, { description: '驿站 / Station' }) stationId: string;
  @Field({ description: '驿站名称 / Station name' }) stationName: string;
  @Field({ description: '签到时间 / Checked in at' }) checkedInAt: Date;
}

/** Visits to a station on one day (Asia/Shanghai). */
@ObjectType('StationDailyVisits', { description: '驿站每日到访 / Station visits per day' })
export class StationDailyVisitsDto {
  @ApiField({ description: '日期 / Date', example: '2024-06-07' })
  date: string;
  @ApiField(() => Int, { description: '签到次数 / Check-ins' })
  visits: number;
  @ApiField(() => Int, { description: '到访人数 / Distinct workers' })
  workers: number;
}

/** `GET /stations/{id}/visits?from=&to=`. */
export class StationVisitsQuery {
  @ApiProperty({ description: '起始日期（含，北京时间）YYYY-MM-DD / From date, inclusive, China Standard Time', example: '2024-06-01' })
  @IsDateOnly({ message: 'from must be YYYY-MM-DD' })
  from: string;

  @ApiProperty({ description: '截止日期（含，北京时间）YYYY-MM-DD / To date, inclusive, China Standard Time', example: '2024-06-30' })
  @IsDateOnly({ message: 'to must be YYYY-MM-DD' })
  to: string;
}
