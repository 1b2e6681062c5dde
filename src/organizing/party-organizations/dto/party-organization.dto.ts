import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsNotEmpty, IsOptional, IsUUID, Matches } from 'class-validator';
import { Connection, ConnectionArgs } from '../../../common/pagination/connection.types.js';
import { CursorPage, CursorQuery } from '../../../common/pagination/cursor-page.js';
import type { PartyOrganization } from '../party-organization.entity.js';
import { FormationMode, PartyOrganizationKind } from '../party-organization.enums.js';
import { IsDateOnly } from '../../../common/errors/validation.js';
import { ApiField } from '../../../common/fields/api-field.js';
import { OmitInput, PartialInput } from '../../../common/fields/derived-inputs.js';
import { ApiRef, RefDto } from '../../../common/references/ref.dto.js';

const REGION_CODE = /^(\d{6}|\d{9}|\d{12})$/;
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** Members counted from the ledger. */
@ObjectType('MemberCounts', { description: '党员人数（由台账推导）/ Members, counted from the ledger' })
export class MemberCountsDto {
  @ApiField(() => Int, { description: '正式党员 / Full members' })
  full: number;
  @ApiField(() => Int, { description: '预备党员 / Probationary members' })
  probationary: number;
}

/** A party organisation as both APIs show it. */
@ObjectType('PartyOrganization', { description: '党组织 / Party organisation' })
export class PartyOrganizationDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField({ description: '名称 / Name', example: '宁远县快递行业联合党支部' })
  name: string;
  @ApiField(() => PartyOrganizationKind, { description: '类别 / Kind', openapi: { enum: PartyOrganizationKind, enumName: 'PartyOrganizationKind' } })
  kind: PartyOrganizationKind;
  @ApiField(() => FormationMode, { description: '组建方式 / Formation mode', openapi: { enum: FormationMode, enumName: 'FormationMode' } })
  formationMode: FormationMode;
  @ApiField(() => ID, { nullable: true, description: '上级党组织 / Parent organisation', openapi: { type: String, format: 'uuid' } })
  parentId: string | null;
  @ApiField({ description: '成立日期 / Established', example: '2023-07-01' })
  establishedOn: string;
  @ApiField(() => ID, { nullable: true, description: '书记（台账条目）/ Secretary (a ledger entry)', openapi: { type: String, format: 'uuid' } })
  secretaryEntryId: string | null;
  @ApiField({ description: '所在区划代码 / Region code', example: '431126' })
  regionCode: string;
  @ApiField({ description: '县代码 / County code', example: '431126' })
  countyCode: string;
  @ApiField(() => String, { nullable: true, description: '撤销日期 / Dissolved on', openapi: { type: String } })
  dissolvedOn: string | null;
  @ApiField(() => Int, { description: '版本 / Version' })
  version: number;
  @ApiField({ description: '创建时间 / Created' })
  createdAt: Date;

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
  @ApiRef('所在区划（县或乡镇；编码为区划代码）/ Region it sits in, a county or a township, its code the region code') region: RefDto;
  @ApiProperty({ type: String, isArray: true, description: '覆盖企业 / Enterprises covered' }) enterpriseIds: string[];
  @ApiProperty({ description: '党员人数 / Member counts', type: MemberCountsDto }) memberCounts: MemberCountsDto;
}

@ObjectType('PartyOrganizationConnection', { description: '党组织列表 / Party organisations, page by page' })
export class PartyOrganizationConnection extends Connection(PartyOrganizationDto, 'PartyOrganization') {}

/** A REST page of party organisations. */
export class PartyOrganizationPage extends CursorPage(PartyOrganizationViewDto) {}

/** `POST /party-organizations`, `createPartyOrganization(input)`. */
@InputType('CreatePartyOrganizationInput', { description: '组建党组织 / Form a party organisation' })
export class CreatePartyOrganizationInput {
  @ApiField({ description: '名称 / Name', maxLength: 200, example: '宁远县物流企业派驻党支部', openapi: { maxLength: 200 } })
  @IsNotEmpty()
  name: string;

  @ApiField(() => PartyOrganizationKind, {
    description: '类别 / Kind',
    example: PartyOrganizationKind.BRANCH,
    openapi: { enum: PartyOrganizationKind, enumName: 'PartyOrganizationKind' },
  })
  @IsEnum(PartyOrganizationKind)
  kind: PartyOrganizationKind;

  // 派驻帮建: the mode any enterprise without an organisation can take (standalone needs three full members, joint two enterprises).
  @ApiField(() => FormationMode, {
    description: '组建方式 / Formation mode',
    example: FormationMode.DISPATCHED,
    openapi: { enum: FormationMode, enumName: 'FormationMode' },
  })
  @IsEnum(FormationMode)
  formationMode: FormationMode;

  @ApiField({ description: '所在区划代码（县或乡镇）/ Region code (county or township)', example: '431126' })
  @Matches(/^(\d{6}|\d{9})$/, { message: 'must be a county (6 digits) or township (9 digits) code' })
  regionCode: string;

  @ApiField({ description: '成立日期 / Established', example: '2023-07-01' })
  @IsDateOnly({ message: 'must be a date YYYY-MM-DD' })
  establishedOn: string;

  @ApiField(() => [ID], { description: '覆盖企业 / Enterprises covered', openapi: { type: String, isArray: true, format: 'uuid' } })
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  enterpriseIds: string[];

  @ApiField(() => ID, { description: '上级党组织 / Parent organisation', optional: true, openapi: { format: 'uuid' } })
  @IsUUID()
  parentId?: string;

  @ApiField(() => ID, { description: '书记（台账条目）/ Secretary (a ledger entry)', optional: true, openapi: { format: 'uuid' } })
  @IsUUID()
  secretaryEntryId?: string;
}

/** `PATCH /party-organizations/{id}`, `updatePartyOrganization(id, input)`: only the fields given change; the rules are checked again. */
@InputType('UpdatePartyOrganizationInput', { description: '修改党组织 / Party organisation changes' })
export class UpdatePartyOrganizationInput extends PartialInput(
  OmitInput(CreatePartyOrganizationInput, ['regionCode', 'enterpriseIds', 'parentId', 'secretaryEntryId']),
) {
  @ApiField(() => [ID], {
    description: '覆盖企业（整体替换）/ Enterprises covered (replaces the list)',
    optional: true,
    openapi: { type: String, isArray: true, format: 'uuid' },
  })
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  enterpriseIds?: string[];

  @ApiField(() => ID, {
    description: '上级党组织；null 清除 / Parent organisation; null clears it',
    optional: true,
    example: null,
    openapi: { type: String, format: 'uuid', nullable: true },
  })
  @IsUUID()
  parentId?: string | null;

  @ApiField(() => ID, {
    description: '书记（台账条目）；null 清除 / Secretary (a ledger entry); null clears it',
    optional: true,
    openapi: { type: String, format: 'uuid', nullable: true },
  })
  @IsUUID()
  secretaryEntryId?: string | null;
}

/** `POST /party-organizations/{id}/dissolution`, `dissolvePartyOrganization(id, input)`. */
@InputType('DissolvePartyOrganizationInput', { description: '撤销党组织 / Dissolve an organisation' })
export class DissolvePartyOrganizationInput {
  @ApiField({ description: '撤销日期（默认今天）/ Dissolved on (default today)', optional: true, example: '2024-12-31' })
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

  @ApiPropertyOptional({ description: '组建方式 / Formation mode', enum: FormationMode, enumName: 'FormationMode' })
  @IsOptional()
  @IsEnum(FormationMode)
  formationMode?: FormationMode;
  @ApiPropertyOptional({ description: '党组织类型 / Organisation kind', enum: PartyOrganizationKind, enumName: 'PartyOrganizationKind' })
  @IsOptional()
  @IsEnum(PartyOrganizationKind)
  kind?: PartyOrganizationKind;
  @ApiPropertyOptional({ description: '包含已撤销 / Include dissolved ones' }) @IsOptional() @Transform(toBoolean) @IsBoolean() includeDissolved?: boolean;
}
