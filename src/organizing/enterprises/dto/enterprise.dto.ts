import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { Connection, ConnectionArgs } from '../../../common/pagination/connection.types.js';
import { CursorPage, CursorQuery } from '../../../common/pagination/cursor-page.js';
import { Industry } from '../../../reference/industries/industry.enum.js';
import type { Enterprise } from '../enterprise.entity.js';
import { ApiField } from '../../../common/fields/api-field.js';
import { OmitInput, PartialInput } from '../../../common/fields/derived-inputs.js';
import { ApiRef, RefDto } from '../../../common/references/ref.dto.js';
import { ApiDepartmentRef } from '../../../reference/departments/department-ref.js';

const REGION_CODE = /^(\d{6}|\d{9}|\d{12})$/;
const TOWNSHIP_CODE = /^\d{9}$/;
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** An enterprise as both APIs show it; the contact person masked. */
@ObjectType('Enterprise', { description: '企业（联系人已脱敏）/ Enterprise, contact person masked' })
export class EnterpriseDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField({ description: '名称 / Name', example: '宁远县美团配送站' })
  name: string;
  @ApiField({ description: '统一社会信用代码 / Unified social credit code', example: '91431126MA4L2Q8K1J' })
  socialCreditCode: string;
  @ApiField(() => Industry, { description: '行业 / Industry', openapi: { enum: Industry, enumName: 'Industry' } })
  industry: Industry;
  @ApiField({ description: '所在乡镇代码 / Township code', example: '431126001' })
  townshipCode: string;
  @ApiField({ description: '所在县代码 / County code', example: '431126' })
  countyCode: string;
  @ApiField(() => String, { nullable: true, description: '地址 / Address', openapi: { type: String } })
  address: string | null;
  @ApiField(() => String, { nullable: true, description: '联系人（脱敏）/ Contact person, masked', example: '李*', openapi: { type: String } })
  contactName: string | null;
  @ApiField(() => String, { nullable: true, description: '联系电话（脱敏）/ Contact phone, masked', example: '138****1234', openapi: { type: String } })
  contactPhone: string | null;
  @ApiField({ description: '是否平台企业 / A platform that syncs a rider roster' })
  isPlatform: boolean;
  @ApiField(() => Int, { nullable: true, description: '从业人员数 / Worker headcount', openapi: { type: Number } })
  workerHeadcount: number | null;
  @ApiField(() => ID, { nullable: true, description: '主管单位 / Supervising department', openapi: { type: String, format: 'uuid' } })
  supervisingDepartmentId: string | null;
  // REST only: what the township code and the department id name. GraphQL resolves supervisingDepartment as an object.
  @ApiRef('所在乡镇（编码为 9 位区划代码）/ Township, its code the 9-digit region code') township?: RefDto;
  @ApiDepartmentRef('主管单位（未确定时为空）', 'Supervising department; null while none is set', { nullable: true })
  supervisingDepartment?: RefDto | null;
  @ApiField({ description: '主管单位是否人工指定 / Whether an officer overrode the derived department' })
  supervisionOverridden: boolean;
  @ApiField(() => String, { nullable: true, description: '人工指定理由 / Why it was overridden', openapi: { type: String } })
  supervisionOverrideReason: string | null;
  @ApiField(() => Int, { description: '版本 / Version (optimistic locking)' })
  version: number;
  @ApiField({ description: '创建时间 / Created' })
  createdAt: Date;

  static from(enterprise: Enterprise): EnterpriseDto {
    return {
      id: enterprise.id,
      name: enterprise.name,
      socialCreditCode: enterprise.socialCreditCode,
      industry: enterprise.industry as Industry,
      townshipCode: enterprise.township?.code ?? '',
      countyCode: enterprise.countyCode,
      address: enterprise.address,
      contactName: enterprise.contactNameMasked,
      contactPhone: enterprise.contactPhoneMasked,
      isPlatform: enterprise.isPlatform,
      workerHeadcount: enterprise.workerHeadcount,
      supervisingDepartmentId: enterprise.supervisingDepartmentId,
      supervisionOverridden: enterprise.supervisionOverriddenAt !== null,
      supervisionOverrideReason: enterprise.supervisionOverrideReason,
      version: enterprise.version,
      createdAt: enterprise.createdAt,
    };
  }
}

@ObjectType('EnterpriseConnection', { description: '企业列表 / Enterprises, page by page' })
export class EnterpriseConnection extends Connection(EnterpriseDto, 'Enterprise') {}

/** A REST page of enterprises. */
export class EnterprisePage extends CursorPage(EnterpriseDto) {}

/** `POST /enterprises`, `createEnterprise(input)`; the supervising department is derived from the county's rules. */
@InputType('CreateEnterpriseInput', { description: '新建企业 / New enterprise' })
export class CreateEnterpriseInput {
  @ApiField({ description: '名称 / Name', maxLength: 200, example: '宁远县舜陵快递服务站', openapi: { maxLength: 200 } })
  @IsNotEmpty()
  name: string;

  // An invented code with a valid check character (GB 32100), so the example passes validation.
  @ApiField({ description: '统一社会信用代码（GB 32100 校验）/ Unified social credit code (GB 32100 checksum)', maxLength: 18, example: '91431126MA4L2Q8K1J' })
  socialCreditCode: string;

  // Couriers go to the trade union in Ningyuan: the example's industry routes to a department the demo county has.
  @ApiField(() => Industry, { description: '行业 / Industry', example: Industry.EXPRESS_COURIER, openapi: { enum: Industry, enumName: 'Industry' } })
  @IsEnum(Industry)
  industry: Industry;

  @ApiField({ description: '所在乡镇代码（9 位）/ Township code (9 digits)', example: '431126001' })
  @Matches(TOWNSHIP_CODE, { message: 'must be a township code of 9 digits' })
  townshipCode: string;

  @ApiField({ description: '地址 / Address', optional: true, maxLength: 300, example: '宁远县舜陵街道九嶷大道 18 号', openapi: { maxLength: 300 } })
  address?: string;

  @ApiField({ description: '联系人 / Contact person', optional: true, maxLength: 50, example: '李四', openapi: { maxLength: 50 } })
  contactName?: string;

  @ApiField({ description: '联系电话 / Contact phone', optional: true, maxLength: 20, example: '13800138000' })
  contactPhone?: string;

  @ApiField({ description: '是否平台企业 / A platform that syncs a rider roster', optional: true, example: false })
  @IsBoolean()
  isPlatform?: boolean;

  @ApiField(() => Int, { description: '从业人员数 / Worker headcount', optional: true, example: 12, openapi: { minimum: 0 } })
  @IsInt()
  @Min(0)
  workerHeadcount?: number;
}

/**
 * `PATCH /enterprises/{id}`, `updateEnterprise(id, input)`: only the fields given change; a new industry or township re-derives the
 * department. The credit code stays.
 */
@InputType('UpdateEnterpriseInput', { description: '修改企业 / Enterprise changes' })
export class UpdateEnterpriseInput extends PartialInput(OmitInput(CreateEnterpriseInput, ['socialCreditCode', 'workerHeadcount'])) {
  @ApiField(() => Int, {
    description: '从业人员数；null 清除 / Worker headcount; null clears it',
    optional: true,
    example: 12,
    openapi: { type: Number, minimum: 0, nullable: true },
  })
  @IsInt()
  @Min(0)
  workerHeadcount?: number | null;
}

/** `PUT /enterprises/{id}/supervision`, `overrideEnterpriseSupervision(id, input)`. */
@InputType('OverrideSupervisionInput', { description: '人工指定主管单位 / Override the supervising department' })
export class OverrideSupervisionInput {
  @ApiField(() => ID, {
    description: '指定的部门；为空则恢复按规则推导 / The department; omit to return to the county rule',
    optional: true,
    openapi: { format: 'uuid', nullable: true },
  })
  @IsUUID()
  departmentId?: string;

  @ApiField({
    description: '理由（保留并记入审计）/ Why (kept with the record and in the audit log)',
    maxLength: 500,
    example: '该企业实际由邮政管理局监管 / actually supervised by the postal bureau',
    openapi: { minLength: 5, maxLength: 500 },
  })
  @MinLength(5)
  reason: string;
}

/** Filters shared by the GraphQL and REST enterprise lists. */
export interface EnterpriseFilter {
  regionCode?: string;
  industry?: Industry;
  supervisingDepartmentId?: string;
  hasOrganization?: boolean;
  hasInstructor?: boolean;
  search?: string;
}

/** `enterprises(regionCode, industry, supervisingDepartmentId, hasOrganization, hasInstructor, search, first, after)`. */
@ArgsType()
export class EnterprisesArgs extends ConnectionArgs implements EnterpriseFilter {
  @Field({ nullable: true, description: '区划（含下级）/ Region, subtree included' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a region code of 6, 9 or 12 digits' })
  regionCode?: string;

  @Field(() => Industry, { nullable: true, description: '行业 / Industry' })
  @IsOptional()
  @IsEnum(Industry)
  industry?: Industry;

  @Field(() => ID, { nullable: true, description: '主管单位 / Supervising department' })
  @IsOptional()
  @IsUUID()
  supervisingDepartmentId?: string;

  @Field({ nullable: true, description: '是否已有党组织覆盖 / Covered by a party organisation' })
  @IsOptional()
  @IsBoolean()
  hasOrganization?: boolean;

  @Field({ nullable: true, description: '是否有在岗指导员 / Has an active instructor' })
  @IsOptional()
  @IsBoolean()
  hasInstructor?: boolean;

  @Field({ nullable: true, description: '名称模糊搜索 / Name search (trigram)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  search?: string;
}

/** `GET /enterprises?…&cursor=&limit=`. */
export class EnterpriseListQuery extends CursorQuery implements EnterpriseFilter {
  @ApiPropertyOptional({ description: '区划（含下级）/ Region, subtree included', example: '431126' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a region code of 6, 9 or 12 digits' })
  regionCode?: string;

  @ApiPropertyOptional({ enum: Industry, enumName: 'Industry', description: '行业 / Industry' })
  @IsOptional()
  @IsEnum(Industry)
  industry?: Industry;

  @ApiPropertyOptional({ format: 'uuid', description: '主管单位 / Supervising department' })
  @IsOptional()
  @IsUUID()
  supervisingDepartmentId?: string;

  @ApiPropertyOptional({ description: '是否已有党组织覆盖 / Covered by a party organisation' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  hasOrganization?: boolean;

  @ApiPropertyOptional({ description: '是否有在岗指导员 / Has an active instructor' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  hasInstructor?: boolean;

  @ApiPropertyOptional({ description: '名称模糊搜索 / Name search (trigram)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  search?: string;
}
