import { ArgsType, Int, ObjectType } from '@nestjs/graphql';
import { Matches } from 'class-validator';
import { EnterpriseDto } from '../../enterprises/dto/enterprise.dto.js';
import { ApiField } from '../../../common/fields/api-field.js';

const REGION_CODE = /^(\d{6}|\d{9}|\d{12})$/;

/** An enterprise in a gap list, with its members counted from the ledger. */
@ObjectType('GapEnterprise', { description: '缺口企业 / An enterprise in a gap list' })
export class GapEnterpriseDto {
  @ApiField(() => EnterpriseDto, { description: '企业 / Enterprise', openapi: { type: EnterpriseDto } })
  enterprise: EnterpriseDto;
  @ApiField(() => Int, { description: '正式党员数 / Full members in the ledger' })
  fullMembers: number;
  @ApiField(() => Int, { description: '预备党员数 / Probationary members in the ledger' })
  probationaryMembers: number;
}

/** 组织覆盖缺口 Where party organisations or instructors are still missing. */
@ObjectType('OrganizingGaps', { description: '组织覆盖缺口 / Where organisations or instructors are missing' })
export class OrganizingGapsDto {
  @ApiField({ description: '区划代码 / Region code', example: '431126' })
  regionCode: string;
  @ApiField(() => [GapEnterpriseDto], {
    description: '应单独组建党组织：正式党员 3 人以上且未被覆盖 / Should form their own organisation: ≥3 full members, not covered',
    openapi: { type: GapEnterpriseDto, isArray: true },
  })
  shouldFormOrganization: GapEnterpriseDto[];
  @ApiField(() => [GapEnterpriseDto], {
    description: '需选派指导员：未被覆盖、正式党员不足 3 人且无在岗指导员 / Need an instructor: not covered, fewer than 3 full members, no active instructor',
    openapi: { type: GapEnterpriseDto, isArray: true },
  })
  needInstructor: GapEnterpriseDto[];
}

/** `organizingGaps(regionCode)`, `GET /organizing-gaps?regionCode=`. */
@ArgsType()
export class OrganizingGapsQuery {
  @ApiField({ description: '区划代码（县、乡镇或社区）/ Region code', example: '431126', openapi: { description: '区划代码 / Region code' } })
  @Matches(REGION_CODE, { message: 'must be a region code of 6, 9 or 12 digits' })
  regionCode: string;
}
