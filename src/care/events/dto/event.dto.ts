import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsEnum, IsInt, IsNotEmpty, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { Connection, ConnectionArgs } from '../../../common/pagination/connection.types.js';
import { CursorPage, CursorQuery } from '../../../common/pagination/cursor-page.js';
import { RegistrationStatus, WelfareEventKind, WelfareEventStatus } from '../event.enums.js';
import type { EventRegistration } from '../event-registration.entity.js';
import type { WelfareEvent } from '../welfare-event.entity.js';
import { NullMeansUnset } from '../../../common/errors/validation.js';
import { ApiField } from '../../../common/fields/api-field.js';
import { OmitInput, PartialInput } from '../../../common/fields/derived-inputs.js';
import { ApiRef, RefDto } from '../../../common/references/ref.dto.js';
import { ApiDepartmentRef } from '../../../reference/departments/department-ref.js';

const REGION_CODE = /^\d{6}(\d{3}(\d{3})?)?$/;
export const EVENT_QR_PREFIX = 'NF-EVT-';
/** An event's fixed payload; checking in needs it with the rotating code of the organisers' screen (`CheckInCodeDto`). */
export const eventQrPayload = (code: string) => `${EVENT_QR_PREFIX}${code}`;
export const ticketQrPayload = (code: string) => `NF-TKT-${code}`;

/** A welfare event as anyone sees it (no check-in code). */
@ObjectType('WelfareEvent', { description: '公益活动 / Welfare event' })
export class WelfareEventDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField({ description: '标题 / Title' })
  title: string;
  @ApiField(() => WelfareEventKind, { description: '类型 / Kind', openapi: { enum: WelfareEventKind, enumName: 'WelfareEventKind' } })
  kind: WelfareEventKind;
  @ApiField(() => String, { nullable: true, description: '介绍 / Description', openapi: { type: String } })
  description: string | null;
  @ApiField(() => ID, { description: '主办部门 / Organising department', openapi: { format: 'uuid' } })
  organizerDepartmentId: string;
  @ApiField(() => ID, { nullable: true, description: '举办驿站 / Station', openapi: { type: String } })
  stationId: string | null;
  @ApiField(() => String, { nullable: true, description: '地址 / Address', openapi: { type: String } })
  address: string | null;
  @ApiField({ description: '所属县代码 / County code' })
  countyCode: string;
  @ApiField({ description: '开始 / Starts at' })
  startsAt: Date;
  @ApiField({ description: '结束 / Ends at' })
  endsAt: Date;
  @ApiField({ description: '需报名 / Sign-up required' })
  registrationRequired: boolean;
  @ApiField(() => Int, { nullable: true, description: '名额（空为不限）/ Capacity (null = unlimited)', openapi: { type: Number } })
  capacity: number | null;
  @ApiField(() => Date, { nullable: true, description: '报名开始 / Sign-up opens', openapi: { type: Date } })
  registrationOpensAt: Date | null;
  @ApiField(() => Date, { nullable: true, description: '报名截止（默认活动开始）/ Sign-up closes (default: start)', openapi: { type: Date } })
  registrationClosesAt: Date | null;
  @ApiField({ description: '满额后候补 / Wait-list when full' })
  waitlistEnabled: boolean;
  @ApiField(() => WelfareEventStatus, { description: '状态 / Status', openapi: { enum: WelfareEventStatus, enumName: 'WelfareEventStatus' } })
  status: WelfareEventStatus;
  @ApiField(() => Int, { description: '已确认人数 / Confirmed registrations' })
  confirmedCount: number;
  @ApiField(() => Int, { nullable: true, description: '剩余名额 / Places left (null = unlimited)', openapi: { type: Number } })
  placesLeft: number | null;
  @ApiField(() => Int, { description: '现场服务人数（免报名活动）/ Served without sign-up' })
  servedCount: number;

  static from(event: WelfareEvent): WelfareEventDto {
    return {
      id: event.id,
      title: event.title,
      kind: event.kind,
      description: event.description,
      organizerDepartmentId: event.organizerDepartmentId,
      stationId: event.stationId,
      address: event.address,
      countyCode: event.countyCode,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      registrationRequired: event.registrationRequired,
      capacity: event.capacity,
      registrationOpensAt: event.registrationOpensAt,
      registrationClosesAt: event.registrationClosesAt,
      waitlistEnabled: event.waitlistEnabled,
      status: event.status,
      confirmedCount: event.confirmedCount,
      placesLeft: event.capacity === null ? null : Math.max(event.capacity - event.confirmedCount, 0),
      servedCount: event.servedCount,
    };
  }
}

/** An event as its organisers see it: with the QR payload workers scan to check in. */
@ObjectType('ManagedWelfareEvent', { description: '公益活动（管理视图）/ Welfare event, organiser view' })
export class ManagedWelfareEventDto extends WelfareEventDto {
  @ApiField({
    description: '活动固定码 / Fixed event payload',
    deprecationReason: '签到需扫描现场屏幕上的动态码（eventCheckInCode）/ Checking in needs the rotating code on the organisers’ screen (eventCheckInCode)',
    example: 'NF-EVT-8K2M4Q7X',
    openapi: { description: '活动固定码；签到需现场动态码 / Fixed event payload; checking in needs the rotating code on site' },
  })
  checkInQrPayload: string;
  @ApiField(() => ID, {
    nullable: true,
    description: '组织者（工作人员账号；站长只能修改或取消自己组织的活动）/ Staff account that organised it (station managers change or cancel only their own)',
    openapi: { type: String, format: 'uuid' },
  })
  createdById: string | null;
  @ApiField(() => Int, { description: '版本 / Version' })
  version: number;
  // REST only: what organizerDepartmentId and stationId name.
  @ApiDepartmentRef('主办部门', 'Organising department') organizerDepartment?: RefDto;
  @ApiRef('举办驿站（编码为驿站编码；在其他地址举办时为空）/ Station, its code the station code; null when held at an address', { nullable: true })
  station?: RefDto | null;

  static fromManaged(event: WelfareEvent): ManagedWelfareEventDto {
    return { ...WelfareEventDto.from(event), checkInQrPayload: eventQrPayload(event.checkInCode), createdById: event.createdById, version: event.version };
  }
}

@ObjectType('WelfareEventConnection')
export class WelfareEventConnection extends Connection(WelfareEventDto, 'WelfareEvent') {}

@ObjectType('ManagedWelfareEventConnection')
export class ManagedWelfareEventConnection extends Connection(ManagedWelfareEventDto, 'ManagedWelfareEvent') {}

export class ManagedWelfareEventPage extends CursorPage(ManagedWelfareEventDto) {}

/** A worker's registration, as the worker sees it (with their ticket QR). */
@ObjectType('EventRegistration', { description: '活动报名 / Event registration' })
export class EventRegistrationDto {
  @Field(() => ID) id: string;
  @Field(() => ID, { description: '活动 / Event' }) eventId: string;
  @Field(() => RegistrationStatus, { description: '状态 / Status' }) status: RegistrationStatus;
  @Field({ description: '报名时间 / Registered at' }) registeredAt: Date;
  @Field(() => Date, { nullable: true, description: '候补转正时间 / Promoted from the wait-list at' }) promotedAt: Date | null;
  @Field(() => Date, { nullable: true, description: '取消时间 / Cancelled at' }) cancelledAt: Date | null;
  @Field(() => Date, { nullable: true, description: '签到时间 / Checked in at' }) attendedAt: Date | null;
  @Field({ description: '入场码（工作人员扫码签到）/ Ticket QR payload staff scan at the door' }) ticketQrPayload: string;

  static from(r: EventRegistration): EventRegistrationDto {
    return {
      id: r.id,
      eventId: r.eventId,
      status: r.status,
      registeredAt: r.registeredAt,
      promotedAt: r.promotedAt,
      cancelledAt: r.cancelledAt,
      attendedAt: r.attendedAt,
      ticketQrPayload: ticketQrPayload(r.ticketCode),
    };
  }
}

/** A registration as organisers see it: the worker masked, no ticket code. */
@ObjectType('EventAttendee', { description: '报名者（管理视图，已脱敏）/ Registrant, organiser view (masked)' })
export class EventAttendeeDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField(() => ID, { description: '劳动者 / Worker', openapi: { format: 'uuid' } })
  workerId: string;
  @ApiField(() => String, { nullable: true, description: '手机号（脱敏）/ Phone, masked', openapi: { type: String } })
  workerPhone: string | null;
  @ApiField(() => RegistrationStatus, { description: '状态 / Status', openapi: { enum: RegistrationStatus, enumName: 'RegistrationStatus' } })
  status: RegistrationStatus;
  @ApiField({ description: '报名时间 / Registered at' })
  registeredAt: Date;
  @ApiField(() => Date, { nullable: true, description: '签到时间 / Checked in at', openapi: { type: Date } })
  attendedAt: Date | null;
}

@ObjectType('EventAttendeeConnection')
export class EventAttendeeConnection extends Connection(EventAttendeeDto, 'EventAttendee') {}

export class EventAttendeePage extends CursorPage(EventAttendeeDto) {}

@InputType('CreateWelfareEventInput', { description: '新建公益活动 / New welfare event' })
export class CreateWelfareEventInput {
  @ApiField({ description: '标题 / Title', maxLength: 200, example: '爱心早餐' })
  @IsNotEmpty()
  title: string;

  @ApiField(() => WelfareEventKind, { description: '类型 / Kind', openapi: { enum: WelfareEventKind, enumName: 'WelfareEventKind' } })
  @IsEnum(WelfareEventKind)
  kind: WelfareEventKind;

  @ApiField({
    description: '介绍 / Description',
    optional: true,
    maxLength: 5000,
    example: '为早班骑手、快递员免费提供早餐 / free breakfast for riders and couriers on the early shift',
  })
  description?: string;

  @ApiField(() => ID, { description: '主办部门 / Organising department', openapi: { format: 'uuid' } })
  @IsUUID()
  organizerDepartmentId: string;

  @ApiField(() => ID, { description: '举办驿站 / Station where it happens', optional: true, openapi: { format: 'uuid' } })
  @IsUUID()
  stationId?: string;

  @ApiField({
    description: '地址（不在驿站时必填）/ Address (required without a station)',
    optional: true,
    maxLength: 300,
    example: '宁远县舜陵街道九嶷大道 18 号',
  })
  @IsNotEmpty()
  address?: string;

  @ApiField({
    description: '所在区划代码（不在驿站时；默认主办部门所在区划）/ Region code (without a station; default: the organiser’s region)',
    optional: true,
    example: '431126001',
  })
  @Matches(REGION_CODE, { message: 'regionCode must be a 6, 9 or 12 digit region code' })
  regionCode?: string;

  @ApiField({ description: '开始 / Starts at', example: '2024-12-20T07:00:00+08:00' })
  @Type(() => Date)
  @IsDate()
  startsAt: Date;

  @ApiField({ description: '结束 / Ends at', example: '2024-12-20T09:00:00+08:00' })
  @Type(() => Date)
  @IsDate()
  endsAt: Date;

  @ApiField({
    defaultValue: true,
    description: '需报名（否：现场发放，记录服务人数）/ Sign-up required (false: hand-out, served count recorded)',
    optional: true,
    openapi: { default: true },
  })
  @IsBoolean()
  registrationRequired?: boolean;

  @ApiField(() => Int, { description: '名额（空为不限）/ Capacity (null = unlimited)', optional: true, example: 100 })
  @IsInt()
  @Min(1)
  @Max(100_000)
  capacity?: number;

  @ApiField({ description: '报名开始（默认发布即开始）/ Sign-up opens (default: on publishing)', optional: true, example: '2024-12-10T09:00:00+08:00' })
  @Type(() => Date)
  @IsDate()
  registrationOpensAt?: Date;

  @ApiField({ description: '报名截止（默认活动开始）/ Sign-up closes (default: the start)', optional: true, example: '2024-12-19T18:00:00+08:00' })
  @Type(() => Date)
  @IsDate()
  registrationClosesAt?: Date;

  @ApiField({ defaultValue: true, description: '满额后候补 / Wait-list when full', optional: true, openapi: { default: true } })
  @IsBoolean()
  waitlistEnabled?: boolean;
}

/** Only the fields given change; DRAFT and PUBLISHED events only. The kind, the organiser, the place and the sign-up mode stay. */
@InputType('UpdateWelfareEventInput', { description: '修改公益活动 / Welfare event changes' })
export class UpdateWelfareEventInput extends PartialInput(
  OmitInput(CreateWelfareEventInput, [
    'kind',
    'organizerDepartmentId',
    'stationId',
    'regionCode',
    'registrationRequired',
    'description',
    'address',
    'capacity',
    'registrationOpensAt',
    'registrationClosesAt',
  ]),
) {
  @ApiField(() => String, {
    description: '介绍；null 清除 / Description; null clears it',
    optional: true,
    maxLength: 5000,
    example: '为早班骑手、快递员免费提供早餐 / free breakfast for riders and couriers on the early shift',
    openapi: { type: String, nullable: true },
  })
  description?: string | null;

  @ApiField({ description: '地址 / Address', optional: true, maxLength: 300, example: '宁远县舜陵街道九嶷大道 18 号' })
  @IsNotEmpty()
  address?: string;

  @ApiField(() => Int, {
    description: '名额（不得少于已确认人数；增加时候补自动转正；null 不限）/ Capacity (not below confirmed; raising it promotes the wait-list; null: no limit)',
    optional: true,
    example: 100,
    openapi: { type: Number, nullable: true },
  })
  @IsInt()
  @Min(1)
  @Max(100_000)
  capacity?: number | null;

  @ApiField(() => Date, {
    description: '报名开始；null 清除 / Sign-up opens; null clears it',
    optional: true,
    example: '2024-12-10T09:00:00+08:00',
    openapi: { type: Date, nullable: true },
  })
  @Type(() => Date)
  @IsDate()
  registrationOpensAt?: Date | null;

  @ApiField(() => Date, {
    description: '报名截止；null 清除 / Sign-up closes; null clears it',
    optional: true,
    example: '2024-12-19T18:00:00+08:00',
    openapi: { type: Date, nullable: true },
  })
  @Type(() => Date)
  @IsDate()
  registrationClosesAt?: Date | null;
}

@InputType('RecordServedInput', { description: '登记现场服务人数 / Record how many were served' })
export class RecordServedInput {
  @ApiField(() => Int, { description: '服务人数（总数）/ Total served', example: 100 })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  servedCount: number;
}

@InputType('CheckInAttendeeInput', { description: '扫描报名者入场码签到 / Check a registrant in by their ticket code' })
export class CheckInAttendeeInput {
  @ApiField({ description: '入场码（NF-TKT-… 或码本身）/ Ticket code (NF-TKT-… or the bare code)', maxLength: 40, example: 'NF-TKT-7QX2M9KD' })
  @IsNotEmpty()
  ticketCode: string;
}

/** Event list filter. */
@NullMeansUnset()
@InputType('WelfareEventFilter', { description: '活动筛选 / Event filter' })
export class WelfareEventFilter {
  @ApiField({ description: '区划代码（含下级）/ Region code, subtree', optional: true, example: '431126' })
  @Matches(REGION_CODE, { message: 'regionCode must be a 6, 9 or 12 digit region code' })
  regionCode?: string;

  @ApiField(() => WelfareEventKind, { description: '类型 / Kind', optional: true, openapi: { enum: WelfareEventKind, enumName: 'WelfareEventKind' } })
  @IsEnum(WelfareEventKind)
  kind?: WelfareEventKind;

  @ApiField(() => WelfareEventStatus, {
    description: '状态（管理视图）/ Status (organiser view)',
    optional: true,
    openapi: { enum: WelfareEventStatus, enumName: 'WelfareEventStatus' },
  })
  @IsEnum(WelfareEventStatus)
  status?: WelfareEventStatus;

  @ApiField(() => ID, { description: '驿站 / Station', optional: true, openapi: { format: 'uuid' } })
  @IsUUID()
  stationId?: string;
}

/** `GET /events?…`. */
export class WelfareEventListQuery extends CursorQuery {
  @ApiPropertyOptional({ description: '区划代码（县或乡镇）/ Region code, county or township', example: '431126' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'regionCode must be a 6, 9 or 12 digit region code' })
  regionCode?: string;

  @ApiPropertyOptional({ description: '活动类型 / Event kind', enum: WelfareEventKind, enumName: 'WelfareEventKind' })
  @IsOptional()
  @IsEnum(WelfareEventKind)
  kind?: WelfareEventKind;

  @ApiPropertyOptional({ description: '活动状态 / Event status', enum: WelfareEventStatus, enumName: 'WelfareEventStatus' })
  @IsOptional()
  @IsEnum(WelfareEventStatus)
  status?: WelfareEventStatus;

  @ApiPropertyOptional({ description: '举办驿站 / Station id', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  stationId?: string;
}

/** `GET /events/{id}/registrations?status=`. */
export class AttendeeListQuery extends CursorQuery {
  @ApiPropertyOptional({ description: '报名状态 / Registration status', enum: RegistrationStatus, enumName: 'RegistrationStatus' })
  @IsOptional()
  @IsEnum(RegistrationStatus)
  status?: RegistrationStatus;
}

@ArgsType()
export class AttendeeArgs extends ConnectionArgs {
  @Field(() => RegistrationStatus, { nullable: true, description: '状态 / Status' })
  @IsOptional()
  @IsEnum(RegistrationStatus)
  status?: RegistrationStatus;
}
