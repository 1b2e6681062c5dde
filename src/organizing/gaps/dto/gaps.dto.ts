import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { EnterpriseDto } from '../../enterprises/dto/enterprise.dto.js';

const REGION_CODE = /^(\d{6}|\d{9}|\d{12})$/;

/** An enterprise in a gap list, with its members counted from the ledger. */
@ObjectType('GapEnterprise', { description: '缺口企业 / An enterprise in a gap list' })
export class GapEnterpriseDto {
  @Field(() => EnterpriseDto, { description: '企业 / Enterprise' }) @ApiProperty({ type: EnterpriseDto }) enterprise: EnterpriseDto;
  @Field(() => Int, { description: '正式党员数 / Full members in the ledger' }) @ApiProperty() fullMembers: number;
  @Field(() => Int, { description: '预备党员数 / Probationary members in the ledger' }) @ApiProperty() probationaryMembers: number;
}

/** 组织覆盖缺口 Where party organisations or instructors are still missing. */
@ObjectType('OrganizingGaps', { description: '组织覆盖缺口 / Where organisations or instructors are missing' })
export class OrganizingGapsDto {
  @Field({ description: '区划代码 / Region code' }) @ApiProperty({ example: '431126' }) regionCode: string;
  @Field(() => [GapEnterpriseDto], {
    description: '应单独组建党组织：正式党员 3 人以上且未被覆盖 / Should form their own organisation: ≥3 full members, not covered',
  })
  @ApiProperty({ type: GapEnterpriseDto, isArray: true })
  shouldFormOrganization: GapEnterpriseDto[];
  @Field(() => [GapEnterpriseDto], {
    description: '需选派指导员：未被覆盖、正式党员不足 3 人且无在岗指导员 / Need an instructor: not covered, fewer than 3 full members, no active instructor',
  })
  @ApiProperty({ type: GapEnterpriseDto, isArray: true })
  needInstructor: GapEnterpriseDto[];
}

/** `organizingGaps(regionCode)`, `GET /organizing-gaps?regionCode=`. */
@ArgsType()
export class OrganizingGapsQuery {
  @Field({ description: '区划代码（县、乡镇或社区）/ Region code' })
  @ApiProperty({ description: '区划代码 / Region code', example: '431126' })
  @Matches(REGION_CODE, { message: 'must be a region code of 6, 9 or 12 digits' })
  regionCode: string;
}
