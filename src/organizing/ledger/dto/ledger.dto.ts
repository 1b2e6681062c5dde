import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Connection, ConnectionArgs } from '../../../common/pagination/connection.types.js';
import { CursorPage, CursorQuery } from '../../../common/pagination/cursor-page.js';
import { WorkerDto } from '../../../workers/dto/worker.dto.js';
import type { LedgerEntry } from '../ledger-entry.entity.js';
import type { LedgerItem } from '../ledger-item.entity.js';
import { DiscoveryChannel, FlowStatus, Membership, Verification } from '../ledger.enums.js';
import { IsDateOnly } from '../../../common/errors/validation.js';
import { ApiField } from '../../../common/fields/api-field.js';
import { OmitInput, PartialInput } from '../../../common/fields/derived-inputs.js';

const DATE_MESSAGE = 'must be a date YYYY-MM-DD';
const COUNTY_CODE = /^\d{6}$/;
const REGION_CODE = /^(\d{6}|\d{9}|\d{12})$/;
const TOWNSHIP_CODE = /^\d{9}$/;
const ITEM_KEY = /^[A-Z][A-Z0-9_]{1,39}$/;
/** Channels an officer records by hand; roster matches and self-reports have their own paths. */
export const OFFICER_CHANNELS = [DiscoveryChannel.DOOR_VISIT, DiscoveryChannel.QUESTIONNAIRE, DiscoveryChannel.PHONE] as const;
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** 五个清 A county's five-clear item. */
@ObjectType('LedgerItem', { description: '五个清事项 / A five-clear item of a county' })
export class LedgerItemDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField({ description: '县代码 / County code', example: '431126' })
  countyCode: string;
  @ApiField({ description: '键 / Stable key', example: 'HEADCOUNT' })
  key: string;
  @ApiField({ description: '名称 / Label', example: '底数清' })
  label: string;
  @ApiField(() => Int, { description: '顺序 / Order' })
  position: number;
  @ApiField({ description: '已停用 / Retired' })
  retired: boolean;

  static from(item: LedgerItem): LedgerItemDto {
    return { id: item.id, countyCode: item.countyCode, key: item.key, label: item.label, position: item.position, retired: item.retiredAt !== null };
  }
}

/** One item's state on one entry. */
@ObjectType('LedgerEntryItem', { description: "台账事项状态 / An item's state on an entry" })
export class LedgerEntryItemDto {
  @ApiField(() => ID, { description: '事项 / Item', openapi: { format: 'uuid' } })
  itemId: string;
  @ApiField({ description: '键 / Item key', example: 'HEADCOUNT' })
  key: string;
  @ApiField({ description: '名称 / Item label', example: '底数清' })
  label: string;
  @ApiField({ description: '事项已停用 / The item is retired' })
  retired: boolean;
  @ApiField({ description: '是否已清 / Clear' })
  clear: boolean;
  @ApiField(() => String, { nullable: true, description: '备注 / Note', openapi: { type: String } })
  note: string | null;
  @ApiField(() => String, { nullable: true, description: '最近核查日期 / Last checked', example: '2023-11-20', openapi: { type: String } })
  checkedOn: string | null;
}

/** Completeness, derived from the county's active items. */
@ObjectType('LedgerCompleteness', { description: '完成度（按启用事项推导）/ Completeness over the active items' })
export class CompletenessDto {
  @ApiField(() => Int, { description: '已清事项数 / Items clear' })
  clearCount: number;
  @ApiField(() => Int, { description: '启用事项数 / Active items' })
  totalCount: number;
  @ApiField({ description: '五个清全部完成 / Every active item is clear' })
  complete: boolean;
}

/** A ledger entry: party membership (sensitive) of a worker whose personal data is masked. */
@ObjectType('LedgerEntry', { description: '五个清台账条目 / A five-clear ledger entry' })
export class LedgerEntryDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField({ description: '县代码 / County code', example: '431126' })
  countyCode: string;
  @ApiField(() => ID, { description: '劳动者 / Worker', openapi: { format: 'uuid' } })
  workerId: string;
  @ApiField(() => ID, { nullable: true, description: '所在企业 / Enterprise the member works for', openapi: { type: String, format: 'uuid' } })
  enterpriseId: string | null;
  @ApiField(() => Membership, { description: '党员类别 / Membership', openapi: { enum: Membership, enumName: 'Membership' } })
  membership: Membership;
  @ApiField(() => String, { nullable: true, description: '入党时间 / Joined', example: '2015-07-01', openapi: { type: String } })
  joinedOn: string | null;
  @ApiField(() => String, { nullable: true, description: '组织关系所在党组织 / Organisation holding the membership relation', openapi: { type: String } })
  relationOrganizationName: string | null;
  @ApiField(() => String, { nullable: true, description: '组织关系所在地 / Where that organisation is', openapi: { type: String } })
  relationRegionName: string | null;
  @ApiField(() => FlowStatus, { description: '流动状态 / Flow status', openapi: { enum: FlowStatus, enumName: 'FlowStatus' } })
  flowStatus: FlowStatus;
  @ApiField(() => ID, { nullable: true, description: '所在党组织 / Attached organisation', openapi: { type: String, format: 'uuid' } })
  attachedOrganizationId: string | null;
  @ApiField(() => DiscoveryChannel, { description: '发现渠道 / How the member was found', openapi: { enum: DiscoveryChannel, enumName: 'DiscoveryChannel' } })
  channel: DiscoveryChannel;
  @ApiField(() => Verification, { description: '核实状态 / Verification', openapi: { enum: Verification, enumName: 'Verification' } })
  verification: Verification;
  @ApiField(() => ID, { nullable: true, description: '核实人 / Verified by', openapi: { type: String } })
  verifiedById: string | null;
  @ApiField(() => Date, { nullable: true, description: '核实时间 / Verified at', openapi: { type: Date } })
  verifiedAt: Date | null;
  @ApiField(() => String, { nullable: true, description: '核实说明 / Verification note', openapi: { type: String } })
  verificationNote: string | null;
  @ApiField(() => Int, { description: '版本 / Version' })
  version: number;
  @ApiField({ description: '创建时间 / Created' })
  createdAt: Date;

  static from(entry: LedgerEntry): LedgerEntryDto {
    return {
      id: entry.id,
      countyCode: entry.countyCode,
      workerId: entry.workerId,
      enterpriseId: entry.enterpriseId,
      membership: entry.membership,
      joinedOn: entry.joinedOn,
      relationOrganizationName: entry.relationOrganizationName,
      relationRegionName: entry.relationRegionName,
      flowStatus: entry.flowStatus,
      attachedOrganizationId: entry.attachedOrganizationId,
      channel: entry.channel,
      verification: entry.verification,
      verifiedById: entry.verifiedById,
      verifiedAt: entry.verifiedAt,
      verificationNote: entry.verificationNote,
      version: entry.version,
      createdAt: entry.createdAt,
    };
  }
}

/** REST's fuller view: the entry with its masked worker, item states and completeness. */
export class LedgerEntryViewDto extends LedgerEntryDto {
  @ApiProperty({ description: '劳动者（个人信息已脱敏）/ The worker, personal data masked', type: WorkerDto }) worker: WorkerDto;
  @ApiProperty({ description: '台账项目 / Ledger items', type: LedgerEntryItemDto, isArray: true }) items: LedgerEntryItemDto[];
  @ApiProperty({ description: '完整度 / How complete the entry is', type: CompletenessDto }) completeness: CompletenessDto;
}

@ObjectType('LedgerEntryConnection', { description: '台账条目列表 / Ledger entries, page by page' })
export class LedgerEntryConnection extends Connection(LedgerEntryDto, 'LedgerEntry') {}

/** A REST page of ledger entries. */
export class LedgerEntryPage extends CursorPage(LedgerEntryViewDto) {}

/** An item state given with an entry. */
@InputType('LedgerItemStateInput', { description: "事项状态 / An item's state" })
export class LedgerItemStateInput {
  @ApiField({ description: '事项键 / Item key', example: 'HEADCOUNT' })
  @Matches(ITEM_KEY, { message: 'must be an item key such as HEADCOUNT' })
  key: string;

  @ApiField({ description: '是否已清 / Clear' })
  @IsBoolean()
  clear: boolean;

  @ApiField({ description: '备注 / Note', optional: true, maxLength: 500, example: '入户走访核实 / confirmed at a door visit', openapi: { maxLength: 500 } })
  note?: string;

  @ApiField({ description: '核查日期（默认今天）/ Checked on (default today)', optional: true, example: '2023-11-20' })
  @IsDateOnly({ message: DATE_MESSAGE })
  checkedOn?: string;
}

/** `POST /ledger/entries`, `createLedgerEntry(input)`: an officer adds a member (unverified). */
@InputType('CreateLedgerEntryInput', { description: '新增台账条目 / New ledger entry' })
export class CreateLedgerEntryInput {
  @ApiField(() => ID, { description: '劳动者 / Worker', openapi: { format: 'uuid' } })
  @IsUUID()
  workerId: string;

  @ApiField(() => Membership, { description: '党员类别 / Membership', openapi: { enum: Membership, enumName: 'Membership' } })
  @IsEnum(Membership)
  membership: Membership;

  @ApiField(() => DiscoveryChannel, {
    description: '发现渠道（入户走访、问卷调查、电话联系）/ How the member was found (DOOR_VISIT, QUESTIONNAIRE, PHONE)',
    openapi: { enum: OFFICER_CHANNELS },
  })
  @IsIn(OFFICER_CHANNELS, { message: `channel must be one of ${OFFICER_CHANNELS.join(', ')}` })
  channel: DiscoveryChannel;

  @ApiField(() => ID, { description: '所在企业 / Enterprise the member works for', optional: true, openapi: { format: 'uuid' } })
  @IsUUID()
  enterpriseId?: string;

  @ApiField({ description: '所在乡镇代码 / Township where the member works', optional: true, example: '431126001' })
  @Matches(TOWNSHIP_CODE, { message: 'must be a township code of 9 digits' })
  townshipCode?: string;

  @ApiField(() => String, {
    description: '入党时间；null 表示不详 / Joined; null: not known',
    optional: true,
    example: '2015-07-01',
    openapi: { type: String, nullable: true },
  })
  @IsDateOnly({ message: DATE_MESSAGE })
  joinedOn?: string | null;

  @ApiField({
    description: '组织关系所在党组织 / Organisation holding the membership relation',
    optional: true,
    maxLength: 200,
    example: '中共宁远县舜陵街道舜陵社区支部委员会',
    openapi: { maxLength: 200 },
  })
  relationOrganizationName?: string;

  @ApiField({
    description: '组织关系所在地 / Where that organisation is',
    optional: true,
    maxLength: 100,
    example: '湖南省永州市宁远县',
    openapi: { maxLength: 100 },
  })
  relationRegionName?: string;

  @ApiField(() => FlowStatus, {
    description: '流动状态（默认 LOCAL）/ Flow status (default LOCAL)',
    optional: true,
    openapi: { enum: FlowStatus, enumName: 'FlowStatus' },
  })
  @IsEnum(FlowStatus)
  flowStatus?: FlowStatus;

  @ApiField(() => ID, {
    description: '所在党组织；null 表示无 / Attached organisation; null: none',
    optional: true,
    openapi: { type: String, format: 'uuid', nullable: true },
  })
  @IsUUID()
  attachedOrganizationId?: string | null;

  @ApiField(() => [LedgerItemStateInput], { description: '事项状态 / Item states', optional: true, openapi: { type: LedgerItemStateInput, isArray: true } })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => LedgerItemStateInput)
  items?: LedgerItemStateInput[];
}

/** `PATCH /ledger/entries/{id}`, `updateLedgerEntry(id, input)`: only the fields given change (`items` sets the items given); the worker and the channel stay. */
@InputType('UpdateLedgerEntryInput', { description: '修改台账条目 / Ledger entry changes' })
export class UpdateLedgerEntryInput extends PartialInput(OmitInput(CreateLedgerEntryInput, ['workerId', 'channel', 'flowStatus'])) {
  @ApiField(() => FlowStatus, { description: '流动状态 / Flow status', optional: true, openapi: { enum: FlowStatus, enumName: 'FlowStatus' } })
  @IsEnum(FlowStatus)
  flowStatus?: FlowStatus;
}

/** `reportMyPartyMembership(input)`: a worker reports themselves (自主报到). */
@InputType('SelfReportInput', { description: '党员自主报到 / Report your own party membership' })
export class SelfReportInput {
  @Field(() => Membership, { description: '党员类别 / Membership' })
  @IsEnum(Membership)
  membership: Membership;

  @Field({ nullable: true, description: '工作所在乡镇代码（无县信息时必填）/ Township where you work (required unless your profile has a county)' })
  @IsOptional()
  @Matches(TOWNSHIP_CODE, { message: 'must be a township code of 9 digits' })
  townshipCode?: string;

  @Field({ nullable: true, description: '入党时间 / Joined' })
  @IsOptional()
  @IsDateOnly({ message: DATE_MESSAGE })
  joinedOn?: string;

  @Field({ nullable: true, description: '组织关系所在党组织 / Organisation holding your membership relation' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  relationOrganizationName?: string;

  @Field({ nullable: true, description: '组织关系所在地 / Where that organisation is' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  relationRegionName?: string;

  @Field(() => FlowStatus, { nullable: true, description: '流动状态 / Flow status' })
  @IsOptional()
  @IsEnum(FlowStatus)
  flowStatus?: FlowStatus;
}

/** `POST /ledger/entries/{id}/verification`, `verifyLedgerEntry(id, input)`. */
@InputType('VerifyLedgerEntryInput', { description: '核实台账条目 / Verify or reject an entry' })
export class VerifyLedgerEntryInput {
  @ApiField(() => Verification, {
    description: '结论：VERIFIED 或 REJECTED / Decision: VERIFIED or REJECTED',
    openapi: { enum: [Verification.VERIFIED, Verification.REJECTED] },
  })
  @IsEnum(Verification)
  decision: Verification;

  @ApiField({ description: '说明 / Note', optional: true, maxLength: 500, example: '经电话联系核实 / confirmed by phone', openapi: { maxLength: 500 } })
  note?: string;
}

/** `PUT /ledger/entries/{id}/items/{key}`, `setLedgerEntryItem(id, input)`: an item state, its key in the path. */
@InputType('SetLedgerEntryItemInput', { description: "更新一个事项的状态 / Set one item's state" })
export class SetLedgerEntryItemInput extends OmitInput(LedgerItemStateInput, ['key']) {}

/** `POST /ledger/items`, `createLedgerItem(input)`. */
@InputType('CreateLedgerItemInput', { description: '新增五个清事项 / New five-clear item' })
export class CreateLedgerItemInput {
  @ApiField({ description: '县代码 / County code', example: '431126' })
  @Matches(COUNTY_CODE, { message: 'must be a county code of 6 digits' })
  countyCode: string;

  @ApiField({ description: '键（大写字母、数字、下划线）/ Key (A-Z, 0-9, _)', example: 'STUDY' })
  @Matches(ITEM_KEY, { message: 'must be 2-40 upper-case letters, digits or _, starting with a letter' })
  key: string;

  @ApiField({ description: '名称 / Label', maxLength: 50, example: '学习教育清' })
  @IsNotEmpty()
  label: string;

  @ApiField(() => Int, { description: '顺序（默认排最后）/ Order (default last)', optional: true })
  @IsInt()
  @Min(0)
  position?: number;
}

/** `PATCH /ledger/items/{id}`, `updateLedgerItem(id, input)`: rename, reorder, retire or restore; the county and the key stay. */
@InputType('UpdateLedgerItemInput', { description: '修改五个清事项 / Change a five-clear item' })
export class UpdateLedgerItemInput extends PartialInput(OmitInput(CreateLedgerItemInput, ['countyCode', 'key', 'position'])) {
  @ApiField(() => Int, { description: '顺序 / Order', optional: true })
  @IsInt()
  @Min(0)
  position?: number;

  @ApiField({ description: '停用 / Retired', optional: true })
  @IsBoolean()
  retired?: boolean;
}

/** Filters shared by the GraphQL and REST ledger lists. */
export interface LedgerFilter {
  regionCode?: string;
  enterpriseId?: string;
  attachedOrganizationId?: string;
  membership?: Membership;
  verification?: Verification;
  flowStatus?: FlowStatus;
  channel?: DiscoveryChannel;
  complete?: boolean;
}

/** `ledgerEntries(…filters, first, after)`. */
@ArgsType()
export class LedgerEntriesArgs extends ConnectionArgs implements LedgerFilter {
  @Field({ nullable: true, description: '区划（含下级）/ Region, subtree included' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a region code of 6, 9 or 12 digits' })
  regionCode?: string;

  @Field(() => ID, { nullable: true, description: '所在企业 / Enterprise' }) @IsOptional() @IsUUID() enterpriseId?: string;
  @Field(() => ID, { nullable: true, description: '所在党组织 / Attached organisation' }) @IsOptional() @IsUUID() attachedOrganizationId?: string;
  @Field(() => Membership, { nullable: true, description: '党员类别 / Membership' }) @IsOptional() @IsEnum(Membership) membership?: Membership;
  @Field(() => Verification, { nullable: true, description: '核实状态 / Verification' }) @IsOptional() @IsEnum(Verification) verification?: Verification;
  @Field(() => FlowStatus, { nullable: true, description: '流动状态 / Flow status' }) @IsOptional() @IsEnum(FlowStatus) flowStatus?: FlowStatus;
  @Field(() => DiscoveryChannel, { nullable: true, description: '发现渠道 / Channel' }) @IsOptional() @IsEnum(DiscoveryChannel) channel?: DiscoveryChannel;
  @Field({ nullable: true, description: '五个清是否全部完成 / Every active item clear' }) @IsOptional() @IsBoolean() complete?: boolean;
}

/** `GET /ledger/entries?…&cursor=&limit=`. */
export class LedgerEntryListQuery extends CursorQuery implements LedgerFilter {
  @ApiPropertyOptional({ description: '区划（含下级）/ Region, subtree included', example: '431126' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a region code of 6, 9 or 12 digits' })
  regionCode?: string;

  @ApiPropertyOptional({ format: 'uuid', description: '所在企业 / Enterprise' }) @IsOptional() @IsUUID() enterpriseId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: '所在党组织 / Attached organisation' }) @IsOptional() @IsUUID() attachedOrganizationId?: string;
  @ApiPropertyOptional({ description: '党员身份 / Membership', enum: Membership, enumName: 'Membership' })
  @IsOptional()
  @IsEnum(Membership)
  membership?: Membership;
  @ApiPropertyOptional({ description: '核实状态 / Verification status', enum: Verification, enumName: 'Verification' })
  @IsOptional()
  @IsEnum(Verification)
  verification?: Verification;
  @ApiPropertyOptional({ description: '流动状态 / Flow status', enum: FlowStatus, enumName: 'FlowStatus' })
  @IsOptional()
  @IsEnum(FlowStatus)
  flowStatus?: FlowStatus;
  @ApiPropertyOptional({ description: '识别渠道 / Channel it was identified through', enum: DiscoveryChannel, enumName: 'DiscoveryChannel' })
  @IsOptional()
  @IsEnum(DiscoveryChannel)
  channel?: DiscoveryChannel;
  @ApiPropertyOptional({ description: '五个清是否全部完成 / Every active item clear' }) @IsOptional() @Transform(toBoolean) @IsBoolean() complete?: boolean;
}

/** `?countyCode=` for the county-wide ledger calls (items, export, import). */
export class CountyQuery {
  @ApiProperty({ description: '县代码 / County code', example: '431126' })
  @Matches(COUNTY_CODE, { message: 'must be a county code of 6 digits' })
  countyCode: string;
}
