import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Connection } from '../../../common/pagination/connection.types.js';
import { CertificationStatus } from '../certification.js';
import { IsDateOnly } from '../../../common/errors/validation.js';

const ITEM_KEY = /^[A-Z][A-Z0-9_]{1,39}$/;

/** One item of a standard version. */
@ObjectType('AuditStandardItem', { description: '标准条目 / Standard item' })
export class AuditStandardItemDto {
  @Field({ description: '条目键 / Item key' }) @ApiProperty({ example: 'SIGNAGE' }) key: string;
  @Field({ description: '名称 / Label' }) @ApiProperty({ example: '有统一标识名称 / Unified signage and name' }) label: string;
  @Field({ description: '必须达标 / Required to pass' }) @ApiProperty() required: boolean;
}

/** A version of a station standard with its items. */
@ObjectType('AuditStandard', { description: '驿站建设标准（版本）/ Station standard version' })
export class AuditStandardDto {
  @Field(() => ID) @ApiProperty({ format: 'uuid' }) id: string;
  @Field({ description: '标准代码 / Standard code' }) @ApiProperty({ example: 'LIU_YOU' }) code: string;
  @Field(() => Int, { description: '版本号 / Version' }) @ApiProperty() version: number;
  @Field({ description: '名称 / Name' }) @ApiProperty() name: string;
  @Field({ description: '现行版本 / The version certification is judged against' }) @ApiProperty() isCurrent: boolean;
  @Field(() => Int, { description: '认证有效期（月）/ Validity of a passed audit, months' }) @ApiProperty() validityMonths: number;
  @Field(() => Int, { description: '默认整改期限（天）/ Default rectification period, days' }) @ApiProperty() rectificationDays: number;
  @Field({ description: '已被评估使用（不可再改）/ Used by an audit, hence immutable' }) @ApiProperty() inUse: boolean;
  @Field(() => [AuditStandardItemDto], { description: '条目 / Items' }) @ApiProperty({ type: [AuditStandardItemDto] }) items: AuditStandardItemDto[];
}

@InputType('AuditStandardItemInput', { description: '标准条目 / Standard item' })
export class AuditStandardItemInput {
  @Field({ description: '条目键（大写字母、数字、_）/ Item key' })
  @ApiProperty({ example: 'SIGNAGE' })
  @IsString()
  @Matches(ITEM_KEY, { message: 'key must be 2-40 upper-case letters, digits or _' })
  key: string;

  @Field({ description: '名称 / Label' })
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  label: string;

  @Field({ nullable: true, defaultValue: true, description: '必须达标 / Required' })
  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  required?: boolean;
}

/** A new version of a standard (version number = last + 1). */
@InputType('CreateAuditStandardInput', { description: '新建标准版本 / New standard version' })
export class CreateAuditStandardInput {
  @Field({ description: '标准代码 / Standard code' })
  @ApiProperty({ example: 'LIU_YOU' })
  @IsString()
  @Matches(ITEM_KEY, { message: 'code must be 2-40 upper-case letters, digits or _' })
  code: string;

  @Field({ description: '名称 / Name' })
  @ApiProperty({ example: '六有 v2' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @Field(() => Int, { nullable: true, description: '认证有效期（月，默认 12）/ Validity months (default 12)' })
  @ApiPropertyOptional({ default: 12 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  validityMonths?: number;

  @Field(() => Int, { nullable: true, description: '默认整改期限（天，默认 30）/ Default rectification days (default 30)' })
  @ApiPropertyOptional({ default: 30 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  rectificationDays?: number;

  @Field(() => [AuditStandardItemInput], { description: '条目 / Items' })
  @ApiProperty({ type: [AuditStandardItemInput] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AuditStandardItemInput)
  items: AuditStandardItemInput[];

  @Field({ nullable: true, description: '立即设为现行版本 / Make it the current version now' })
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  makeCurrent?: boolean;
}

/** Changes to a version no audit has used yet. */
@InputType('UpdateAuditStandardInput', { description: '修改未使用的标准版本 / Edit an unused standard version' })
export class UpdateAuditStandardInput {
  @Field({ nullable: true, description: '名称 / Name' })
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @Field(() => Int, { nullable: true, description: '认证有效期（月）/ Validity months' })
  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  validityMonths?: number;

  @Field(() => Int, { nullable: true, description: '默认整改期限（天）/ Default rectification days' })
  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  rectificationDays?: number;

  @Field(() => [AuditStandardItemInput], { nullable: true, description: '条目（整体替换）/ Items (replace all)' })
  @ApiPropertyOptional({ type: [AuditStandardItemInput] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AuditStandardItemInput)
  items?: AuditStandardItemInput[];
}

@InputType('AuditItemResultInput', { description: '条目评估结果 / Verdict on one item' })
export class AuditItemResultInput {
  @Field({ description: '条目键 / Item key' })
  @ApiProperty({ example: 'SIGNAGE' })
  @IsString()
  @Matches(ITEM_KEY, { message: 'key must be an item key' })
  key: string;

  @Field({ description: '达标 / Passed' })
  @ApiProperty()
  @IsBoolean()
  passed: boolean;

  @Field({ nullable: true, description: '说明 / Note' })
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;

  @Field({
    nullable: true,
    description: '整改期限（未达标条目；默认评估日加标准整改天数）/ Rectification deadline (failed items; default audit date + standard days)',
  })
  @ApiPropertyOptional({ example: '2024-07-07' })
  @IsOptional()
  @IsDateOnly({ message: 'rectificationDue must be YYYY-MM-DD' })
  rectificationDue?: string;
}

/** 评估 An auditor's verdict on a station. */
@InputType('RecordStationAuditInput', { description: '登记驿站评估 / Record a station audit' })
export class RecordStationAuditInput {
  @Field(() => ID, { description: '驿站 / Station' })
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  stationId: string;

  @Field(() => ID, { nullable: true, description: '标准版本（默认现行版本）/ Standard version (default: current)' })
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  standardId?: string;

  @Field({ description: '评估日期 / Audit date' })
  @ApiProperty({ example: '2024-06-07' })
  @IsDateOnly({ message: 'auditedOn must be YYYY-MM-DD' })
  auditedOn: string;

  @Field(() => [AuditItemResultInput], { description: '逐条结果（每个条目一条）/ One verdict per item' })
  @ApiProperty({ type: [AuditItemResultInput] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AuditItemResultInput)
  items: AuditItemResultInput[];

  @Field({ nullable: true, description: '评估意见 / Note' })
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @Field(() => [String], { nullable: true, description: '佐证材料链接 / Evidence URLs' })
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { each: true, message: 'evidenceUrls must be http(s) URLs' })
  evidenceUrls?: string[];
}

/** One item's verdict as shown. */
@ObjectType('StationAuditItem', { description: '条目评估结果 / Item verdict' })
export class StationAuditItemDto {
  @Field({ description: '条目键 / Item key' }) @ApiProperty() key: string;
  @Field({ description: '名称 / Label' }) @ApiProperty() label: string;
  @Field({ description: '必须达标 / Required' }) @ApiProperty() required: boolean;
  @Field({ description: '达标 / Passed' }) @ApiProperty() passed: boolean;
  @Field(() => String, { nullable: true, description: '说明 / Note' }) @ApiPropertyOptional({ type: String, nullable: true }) note: string | null;
  @Field(() => String, { nullable: true, description: '整改期限 / Rectification deadline' })
  @ApiPropertyOptional({ type: String, nullable: true })
  rectificationDue: string | null;
}

/** An audit as shown. */
@ObjectType('StationAudit', { description: '驿站评估 / Station audit' })
export class StationAuditDto {
  @Field(() => ID) @ApiProperty({ format: 'uuid' }) id: string;
  @Field(() => ID, { description: '驿站 / Station' }) @ApiProperty({ format: 'uuid' }) stationId: string;
  @Field(() => ID, { description: '标准版本 / Standard version' }) @ApiProperty({ format: 'uuid' }) standardId: string;
  @Field(() => ID, { nullable: true, description: '评估员 / Auditor' }) @ApiPropertyOptional({ type: String, nullable: true }) auditorId: string | null;
  @Field({ description: '评估日期 / Audit date' }) @ApiProperty() auditedOn: string;
  @Field({ description: '总体达标（必选条目全部达标）/ Passed: every required item passed' }) @ApiProperty() passed: boolean;
  @Field({ description: '有效期至 / Valid until (inclusive)' }) @ApiProperty() validUntil: string;
  @Field(() => String, { nullable: true, description: '评估意见 / Note' }) @ApiPropertyOptional({ type: String, nullable: true }) note: string | null;
  @Field(() => [String], { description: '佐证材料 / Evidence URLs' }) @ApiProperty({ type: [String] }) evidenceUrls: string[];
  @Field(() => [StationAuditItemDto], { description: '逐条结果 / Item verdicts' }) @ApiProperty({ type: [StationAuditItemDto] }) items: StationAuditItemDto[];
  @Field({ description: '登记时间 / Recorded at' }) @ApiProperty() createdAt: Date;
}

@ObjectType('StationAuditConnection')
export class StationAuditConnection extends Connection(StationAuditDto, 'StationAudit') {}

/** A station due for (re-)audit and why. */
@ObjectType('StationDueForAudit', { description: '待评估驿站 / Station due for audit' })
export class StationDueForAuditDto {
  @Field(() => ID, { description: '驿站 / Station' }) @ApiProperty({ format: 'uuid' }) stationId: string;
  @Field({ description: '驿站编码 / Code' }) @ApiProperty() code: string;
  @Field({ description: '名称 / Name' }) @ApiProperty() name: string;
  @Field(() => CertificationStatus, { description: '原因 / Why it is due' })
  @ApiProperty({ enum: CertificationStatus, enumName: 'CertificationStatus' })
  reason: CertificationStatus;
  @Field(() => String, { nullable: true, description: '最近评估日期 / Last audit date' }) @ApiPropertyOptional({ type: String, nullable: true }) lastAuditedOn:
    string | null;
  @Field(() => String, { nullable: true, description: '有效期至 / Valid until' }) @ApiPropertyOptional({ type: String, nullable: true }) validUntil:
    string | null;
  @Field(() => String, { nullable: true, description: '整改期限 / Rectification deadline' })
  @ApiPropertyOptional({ type: String, nullable: true })
  rectificationDue: string | null;
}

/** `GET /audits/due?regionCode=`. */
export class DueForAuditQuery {
  @ApiProperty({ example: '431126' })
  @Matches(/^\d{6}(\d{3}(\d{3})?)?$/, { message: 'regionCode must be a 6, 9 or 12 digit region code' })
  regionCode: string;
}
