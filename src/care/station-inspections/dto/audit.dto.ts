import { ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsNotEmpty, IsString, IsUrl, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Connection } from '../../../common/pagination/connection.types.js';
import { CertificationStatus } from '../certification.js';
import { IsDateOnly } from '../../../common/errors/validation.js';
import { ApiField } from '../../../common/fields/api-field.js';
import { OmitInput, PartialInput } from '../../../common/fields/derived-inputs.js';

const ITEM_KEY = /^[A-Z][A-Z0-9_]{1,39}$/;

/** One item of a standard version. */
@ObjectType('AuditStandardItem', { description: '标准条目 / Standard item' })
export class AuditStandardItemDto {
  @ApiField({ description: '条目键 / Item key', example: 'SIGNAGE' })
  key: string;
  @ApiField({ description: '名称 / Label', example: '有统一标识名称 / Unified signage and name' })
  label: string;
  @ApiField({ description: '必须达标 / Required to pass' })
  required: boolean;
}

/** A version of a station standard with its items. */
@ObjectType('AuditStandard', { description: '驿站建设标准（版本）/ Station standard version' })
export class AuditStandardDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField({ description: '标准代码 / Standard code', example: 'LIU_YOU' })
  code: string;
  @ApiField(() => Int, { description: '版本号 / Version' })
  version: number;
  @ApiField({ description: '名称 / Name' })
  name: string;
  @ApiField({ description: '现行版本 / The version certification is judged against' })
  isCurrent: boolean;
  @ApiField(() => Int, { description: '认证有效期（月）/ Validity of a passed audit, months' })
  validityMonths: number;
  @ApiField(() => Int, { description: '默认整改期限（天）/ Default rectification period, days' })
  rectificationDays: number;
  @ApiField({ description: '已被评估使用（不可再改）/ Used by an audit, hence immutable' })
  inUse: boolean;
  @ApiField(() => [AuditStandardItemDto], { description: '条目 / Items', openapi: { type: [AuditStandardItemDto] } })
  items: AuditStandardItemDto[];
}

@InputType('AuditStandardItemInput', { description: '标准条目 / Standard item' })
export class AuditStandardItemInput {
  @ApiField({ description: '条目键（大写字母、数字、_）/ Item key', example: 'SIGNAGE' })
  @IsString()
  @Matches(ITEM_KEY, { message: 'key must be 2-40 upper-case letters, digits or _' })
  key: string;

  @ApiField({ description: '名称 / Label', maxLength: 200, example: '有统一标识名称 / Unified signage and name' })
  @IsNotEmpty()
  label: string;

  @ApiField({ defaultValue: true, description: '必须达标 / Required', optional: true, openapi: { default: true } })
  @IsBoolean()
  required?: boolean;
}

/** A new version of a standard (version number = last + 1). */
@InputType('CreateAuditStandardInput', { description: '新建标准版本 / New standard version' })
export class CreateAuditStandardInput {
  @ApiField({ description: '标准代码 / Standard code', example: 'LIU_YOU' })
  @IsString()
  @Matches(ITEM_KEY, { message: 'code must be 2-40 upper-case letters, digits or _' })
  code: string;

  @ApiField({ description: '名称 / Name', maxLength: 200, example: '六有 v2' })
  @IsNotEmpty()
  name: string;

  @ApiField(() => Int, { description: '认证有效期（月，默认 12）/ Validity months (default 12)', optional: true, openapi: { default: 12 } })
  @IsInt()
  @Min(1)
  @Max(60)
  validityMonths?: number;

  @ApiField(() => Int, { description: '默认整改期限（天，默认 30）/ Default rectification days (default 30)', optional: true, openapi: { default: 30 } })
  @IsInt()
  @Min(1)
  @Max(365)
  rectificationDays?: number;

  @ApiField(() => [AuditStandardItemInput], { description: '条目 / Items', openapi: { type: [AuditStandardItemInput] } })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AuditStandardItemInput)
  items: AuditStandardItemInput[];

  @ApiField({ description: '立即设为现行版本 / Make it the current version now', optional: true, example: false })
  @IsBoolean()
  makeCurrent?: boolean;
}

/** Changes to a version no audit has used yet: only the fields given change; the code stays, making it current has its own route. */
@InputType('UpdateAuditStandardInput', { description: '修改未使用的标准版本 / Edit an unused standard version' })
export class UpdateAuditStandardInput extends PartialInput(
  OmitInput(CreateAuditStandardInput, ['code', 'makeCurrent', 'validityMonths', 'rectificationDays', 'items']),
) {
  @ApiField(() => Int, { description: '认证有效期（月）/ Validity months', optional: true, example: 12 })
  @IsInt()
  @Min(1)
  @Max(60)
  validityMonths?: number;

  @ApiField(() => Int, { description: '默认整改期限（天）/ Default rectification days', optional: true, example: 30 })
  @IsInt()
  @Min(1)
  @Max(365)
  rectificationDays?: number;

  @ApiField(() => [AuditStandardItemInput], {
    description: '条目（整体替换）/ Items (replace all)',
    optional: true,
    openapi: { type: [AuditStandardItemInput] },
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AuditStandardItemInput)
  items?: AuditStandardItemInput[];
}

@InputType('AuditItemResultInput', { description: '条目评估结果 / Verdict on one item' })
export class AuditItemResultInput {
  @ApiField({ description: '条目键 / Item key', example: 'SIGNAGE' })
  @IsString()
  @Matches(ITEM_KEY, { message: 'key must be an item key' })
  key: string;

  @ApiField({ description: '达标 / Passed' })
  @IsBoolean()
  passed: boolean;

  @ApiField({ description: '说明 / Note', optional: true, maxLength: 500 })
  note?: string;

  @ApiField({
    description: '整改期限（未达标条目；默认评估日加标准整改天数）/ Rectification deadline (failed items; default audit date + standard days)',
    optional: true,
    example: '2024-07-07',
  })
  @IsDateOnly({ message: 'rectificationDue must be YYYY-MM-DD' })
  rectificationDue?: string;
}

/** 评估 An auditor's verdict on a station. */
@InputType('RecordStationAuditInput', { description: '登记驿站评估 / Record a station audit' })
export class RecordStationAuditInput {
  @ApiField(() => ID, { description: '驿站 / Station', openapi: { format: 'uuid' } })
  @IsUUID()
  stationId: string;

  @ApiField(() => ID, { description: '标准版本（默认现行版本）/ Standard version (default: current)', optional: true, openapi: { format: 'uuid' } })
  @IsUUID()
  standardId?: string;

  @ApiField({ description: '评估日期 / Audit date', example: '2024-06-07' })
  @IsDateOnly({ message: 'auditedOn must be YYYY-MM-DD' })
  auditedOn: string;

  // One verdict on each item of 六有 v1, the standard the demo county audits against; the failed one gets a deadline.
  @ApiField(() => [AuditItemResultInput], {
    description: '逐条结果（每个条目一条）/ One verdict per item',
    example: [
      { key: 'SIGNAGE', passed: true },
      { key: 'SITING', passed: true },
      { key: 'FACILITIES', passed: true },
      { key: 'SERVICES', passed: true },
      { key: 'RULES', passed: true },
      { key: 'MAP_LISTING', passed: false, note: '地图上尚未标注 / not yet on the map', rectificationDue: '2024-07-07' },
    ],
    openapi: { type: [AuditItemResultInput] },
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AuditItemResultInput)
  items: AuditItemResultInput[];

  @ApiField({ description: '评估意见 / Note', optional: true, maxLength: 2000, example: '设施齐全，需在地图上标注 / well equipped; list it on the map' })
  note?: string;

  @ApiField(() => [String], {
    description: '佐证材料链接 / Evidence URLs',
    optional: true,
    example: ['https://example.org/audits/ny-lib-01/signage.jpg'],
    openapi: { type: [String] },
  })
  @IsArray()
  @ArrayMaxSize(20)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { each: true, message: 'evidenceUrls must be http(s) URLs' })
  evidenceUrls?: string[];
}

/** One item's verdict as shown. */
@ObjectType('StationAuditItem', { description: '条目评估结果 / Item verdict' })
export class StationAuditItemDto {
  @ApiField({ description: '条目键 / Item key' })
  key: string;
  @ApiField({ description: '名称 / Label' })
  label: string;
  @ApiField({ description: '必须达标 / Required' })
  required: boolean;
  @ApiField({ description: '达标 / Passed' })
  passed: boolean;
  @ApiField(() => String, { nullable: true, description: '说明 / Note', openapi: { type: String } })
  note: string | null;
  @ApiField(() => String, { nullable: true, description: '整改期限 / Rectification deadline', openapi: { type: String } })
  rectificationDue: string | null;
}

/** An audit as shown. */
@ObjectType('StationAudit', { description: '驿站评估 / Station audit' })
export class StationAuditDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField(() => ID, { description: '驿站 / Station', openapi: { format: 'uuid' } })
  stationId: string;
  @ApiField(() => ID, { description: '标准版本 / Standard version', openapi: { format: 'uuid' } })
  standardId: string;
  @ApiField(() => ID, { nullable: true, description: '评估员 / Auditor', openapi: { type: String } })
  auditorId: string | null;
  @ApiField({ description: '评估日期 / Audit date' })
  auditedOn: string;
  @ApiField({ description: '总体达标（必选条目全部达标）/ Passed: every required item passed' })
  passed: boolean;
  @ApiField({ description: '有效期至 / Valid until (inclusive)' })
  validUntil: string;
  @ApiField(() => String, { nullable: true, description: '评估意见 / Note', openapi: { type: String } })
  note: string | null;
  @ApiField(() => [String], { description: '佐证材料 / Evidence URLs', openapi: { type: [String] } })
  evidenceUrls: string[];
  @ApiField(() => [StationAuditItemDto], { description: '逐条结果 / Item verdicts', openapi: { type: [StationAuditItemDto] } })
  items: StationAuditItemDto[];
  @ApiField({ description: '登记时间 / Recorded at' })
  createdAt: Date;
}

@ObjectType('StationAuditConnection')
export class StationAuditConnection extends Connection(StationAuditDto, 'StationAudit') {}

/** A station due for (re-)audit and why. */
@ObjectType('StationDueForAudit', { description: '待评估驿站 / Station due for audit' })
export class StationDueForAuditDto {
  @ApiField(() => ID, { description: '驿站 / Station', openapi: { format: 'uuid' } })
  stationId: string;
  @ApiField({ description: '驿站编码 / Code' })
  code: string;
  @ApiField({ description: '名称 / Name' })
  name: string;
  @ApiField(() => CertificationStatus, { description: '原因 / Why it is due', openapi: { enum: CertificationStatus, enumName: 'CertificationStatus' } })
  reason: CertificationStatus;
  @ApiField(() => String, { nullable: true, description: '最近评估日期 / Last audit date', openapi: { type: String } })
  lastAuditedOn: string | null;
  @ApiField(() => String, { nullable: true, description: '有效期至 / Valid until', openapi: { type: String } })
  validUntil: string | null;
  @ApiField(() => String, { nullable: true, description: '整改期限 / Rectification deadline', openapi: { type: String } })
  rectificationDue: string | null;
}

/** `GET /audits/due?regionCode=`. */
export class DueForAuditQuery {
  @ApiProperty({ description: '区划代码（须在本人辖区内）/ Region code, within your scope', example: '431126' })
  @Matches(/^\d{6}(\d{3}(\d{3})?)?$/, { message: 'regionCode must be a 6, 9 or 12 digit region code' })
  regionCode: string;
}
