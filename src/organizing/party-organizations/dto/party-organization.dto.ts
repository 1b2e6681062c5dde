import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Connection, ConnectionArgs } from '../../../common/pagination/connection.types.js';
import { CursorPage, CursorQuery } from '../../../common/pagination/cursor-page.js';
import type { PartyOrganization } from '../party-organization.entity.js';
import { FormationMode, PartyOrganizationKind } from '../party-organization.enums.js';
import { IsDateOnly } from '../../../common/errors/validation.js';

const REGION_CODE = /^(\d{6}|\d{9}|\d{12})$/;
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** Members counted from the ledger. */
@ObjectType('MemberCounts', { description: '党员人数（由台账推导）/ Members, counted from the ledger' })
export class MemberCountsDto {
  @Field(() => Int, { description: '正式党员 / Full members' }) @ApiProperty() full: number;
  @Field(() => Int, { description: '预备党员 / Probationary members' }) @ApiProperty() probationary: number;
}

/** A party organisation as both APIs show it. */
@ObjectType('PartyOrganization', { description: '党组织 / Party organisation' })
export class PartyOrganizationDto {
  @Field(() => ID) @ApiProperty({ format: 'uuid' }) id: string;
  @Field({ description: '名称 / Name' }) @ApiProperty({ example: '宁远县快递行业联合党支部' }) name: string;
  @Field(() => PartyOrganizationKind, { description: '类别 / Kind' })
  @ApiProperty({ enum: PartyOrganizationKind, enumName: 'PartyOrganizationKind' })
  kind: PartyOrganizationKind;
  @Field(() => FormationMode, { description: '组建方式 / Formation mode' })
  @ApiProperty({ enum: FormationMode, enumName: 'FormationMode' })
  formationMode: FormationMode;
  @Field(() => ID, { nullable: true, description: '上级党组织 / Parent organisation' })
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' })
  parentId: string | null;
  @Field({ description: '成立日期 / Established' }) @ApiProperty({ example: '2023-07-01' }) establishedOn: string;
  @Field(() => ID, { nullable: true, description: '书记（台账条目）/ Secretary (a ledger entry)' })
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' })
  secretaryEntryId: string | null;
  @Field({ description: '所在区划代码 / Region code' }) @ApiProperty({ example: '431126' }) regionCode: string;
  @Field({ description: '县代码 / County code' }) @ApiProperty({ example: '431126' }) countyCode: string;
  @Field(() => String, { nullable: true, description: '撤销日期 / Dissolved on' }) @ApiPropertyOptional({ type: String, nullable: true }) dissolvedOn:
    string | null;
  @Field(() => Int, { description: '版本 / Version' }) @ApiProperty() version: number;
  @Field({ description: '创建时间 / Created' }) @ApiProperty() createdAt: Date;

  static from(organization: PartyOrganization): PartyOrganizationDto {
    return {
      id: organization.id,
      name: organization.name,
      kind: organization.kind,
      formationMode: organization.formationMode,
      parentId: organization.parentId,
      establishedOn: organization.establishedOn,
      secretaryEntryId: organization.secretaryEntryId,
      regionCode: organization.region?.code ?? '',
      countyCode: organization.countyCode,
      dissolvedOn: organization.dissolvedOn,
      version: organization.version,
      createdAt: organization.createdAt,
    };
  }
}

/** REST's view: the organisation with the enterprises it covers and its member counts. */
export class PartyOrganizationViewDto extends PartyOrganizationDto {
  @ApiProperty({ type: String, isArray: true, description: '覆盖企业 / Enterprises covered' }) enterpriseIds: string[];
  @ApiProperty({ type: MemberCountsDto }) memberCounts: MemberCountsDto;
}

@ObjectType('PartyOrganizationConnection', { description: '党组织列表 / Party organisations, page by page' })
export class PartyOrganizationConnection extends Connection(PartyOrganizationDto, 'PartyOrganization') {}

/** A REST page of party organisations. */
export class PartyOrganizationPage extends CursorPage(PartyOrganizationViewDto) {}

/** `POST /party-organizations`, `createPartyOrganization(input)`. */
@InputType('CreatePartyOrganizationInput', { description: '组建党组织 / Form a party organisation' })
export class CreatePartyOrganizationInput {
  @Field({ description: '名称 / Name' })
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @Field(() => PartyOrganizationKind, { description: '类别 / Kind' })
  @ApiProperty({ enum: PartyOrganizationKind, enumName: 'PartyOrganizationKind' })
  @IsEnum(PartyOrganizationKind)
  kind: PartyOrganizationKind;

  @Field(() => FormationMode, { description: '组建方式 / Formation mode' })
  @ApiProperty({ enum: FormationMode, enumName: 'FormationMode' })
  @IsEnum(FormationMode)
  formationMode: FormationMode;

  @Field({ description: '所在区划代码（县或乡镇）/ Region code (county or township)' })
  @ApiProperty({ example: '431126' })
  @Matches(/^(\d{6}|\d{9})$/, { message: 'must be a county (6 digits) or township (9 digits) code' })
  regionCode: string;

  @Field({ description: '成立日期 / Established' })
  @ApiProperty({ example: '2023-07-01' })
  @IsDateOnly({ message: 'must be a date YYYY-MM-DD' })
  establishedOn: string;

  @Field(() => [ID], { description: '覆盖企业 / Enterprises covered' })
  @ApiProperty({ type: String, isArray: true, format: 'uuid' })
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  enterpriseIds: string[];

  @Field(() => ID, { nullable: true, description: '上级党组织 / Parent organisation' })
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @Field(() => ID, { nullable: true, description: '书记（台账条目）/ Secretary (a ledger entry)' })
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  secretaryEntryId?: string;
}

/** `PATCH /party-organizations/{id}`, `updatePartyOrganization(id, input)`: only the fields given change; the rules are checked again. */
@InputType('UpdatePartyOrganizationInput', { description: '修改党组织 / Party organisation changes' })
export class UpdatePartyOrganizationInput {
  @Field({ nullable: true, description: '名称 / Name' })
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @Field(() => PartyOrganizationKind, { nullable: true, description: '类别 / Kind' })
  @ApiPropertyOptional({ enum: PartyOrganizationKind, enumName: 'PartyOrganizationKind' })
  @IsOptional()
  @IsEnum(PartyOrganizationKind)
  kind?: PartyOrganizationKind;

  @Field(() => FormationMode, { nullable: true, description: '组建方式 / Formation mode' })
  @ApiPropertyOptional({ enum: FormationMode, enumName: 'FormationMode' })
  @IsOptional()
  @IsEnum(FormationMode)
  formationMode?: FormationMode;

  @Field({ nullable: true, description: '成立日期 / Established' })
  @ApiPropertyOptional()
  @IsOptional()
  @IsDateOnly({ message: 'must be a date YYYY-MM-DD' })
  establishedOn?: string;

  @Field(() => [ID], { nullable: true, description: '覆盖企业（整体替换）/ Enterprises covered (replaces the list)' })
  @ApiPropertyOptional({ type: String, isArray: true, format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  enterpriseIds?: string[];

  @Field(() => ID, { nullable: true, description: '上级党组织；null 清除 / Parent organisation; null clears it' })
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;

  @Field(() => ID, { nullable: true, description: '书记（台账条目）；null 清除 / Secretary (a ledger entry); null clears it' })
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  secretaryEntryId?: string | null;
}

/** `POST /party-organizations/{id}/dissolution`, `dissolvePartyOrganization(id, input)`. */
@InputType('DissolvePartyOrganizationInput', { description: '撤销党组织 / Dissolve an organisation' })
export class DissolvePartyOrganizationInput {
  @Field({ nullable: true, description: '撤销日期（默认今天）/ Dissolved on (default today)' })
  @ApiPropertyOptional()
  @IsOptional()
  @IsDateOnly({ message: 'must be a date YYYY-MM-DD' })
  dissolvedOn?: string;
}

/** Filters shared by the GraphQL and REST lists. */
export interface PartyOrganizationFilter {
  regionCode?: string;
  formationMode?: FormationMode;
  kind?: PartyOrganizationKind;
  includeDissolved?: boolean;
}

/** `partyOrganizations(regionCode, formationMode, kind, includeDissolved, first, after)`. */
@ArgsType()
export class PartyOrganizationsArgs extends ConnectionArgs implements PartyOrganizationFilter {
  @Field({ nullable: true, description: '区划（含下级）/ Region, subtree included' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a region code of 6, 9 or 12 digits' })
  regionCode?: string;

  @Field(() => FormationMode, { nullable: true, description: '组建方式 / Formation mode' }) @IsOptional() @IsEnum(FormationMode) formationMode?: FormationMode;
  @Field(() => PartyOrganizationKind, { nullable: true, description: '类别 / Kind' }) @IsOptional() @IsEnum(PartyOrganizationKind) kind?: PartyOrganizationKind;
  @Field({ nullable: true, description: '包含已撤销 / Include dissolved ones' }) @IsOptional() @IsBoolean() includeDissolved?: boolean;
}

/** `GET /party-organizations?…`. */
export class PartyOrganizationListQuery extends CursorQuery implements PartyOrganizationFilter {
  @ApiPropertyOptional({ description: '区划（含下级）/ Region, subtree included', example: '431126' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a region code of 6, 9 or 12 digits' })
  regionCode?: string;

  @ApiPropertyOptional({ enum: FormationMode, enumName: 'FormationMode' }) @IsOptional() @IsEnum(FormationMode) formationMode?: FormationMode;
  @ApiPropertyOptional({ enum: PartyOrganizationKind, enumName: 'PartyOrganizationKind' })
  @IsOptional()
  @IsEnum(PartyOrganizationKind)
  kind?: PartyOrganizationKind;
  @ApiPropertyOptional({ description: '包含已撤销 / Include dissolved ones' }) @IsOptional() @Transform(toBoolean) @IsBoolean() includeDissolved?: boolean;
}
