import { ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, Matches } from 'class-validator';
import { DepartmentKind } from '../../departments/department-kind.enum.js';
import { labelOf } from '../../../common/labels/labels.js';
import { Industry } from '../../industries/industry.enum.js';
import type { SupervisionRule } from '../supervision-rule.entity.js';
import { ApiField } from '../../../common/fields/api-field.js';

/** One county's rule for one industry. */
@ObjectType('SupervisionRule', { description: '主管单位规则 / Supervision rule: which department kind supervises an industry in a county' })
export class SupervisionRuleDto {
  @ApiField({ description: '县代码 / County code', example: '431126' })
  countyCode: string;

  @ApiField(() => Industry, { description: '行业 / Industry', openapi: { enum: Industry, enumName: 'Industry' } })
  industry: Industry;

  @ApiField({ description: '行业名称 / Industry label (Chinese)', example: '外卖配送' })
  industryLabel: string;

  @ApiField(() => DepartmentKind, { description: '主管部门类别 / Supervising department kind', openapi: { enum: DepartmentKind, enumName: 'DepartmentKind' } })
  departmentKind: DepartmentKind;

  static from(rule: SupervisionRule): SupervisionRuleDto {
    return { countyCode: rule.countyCode, industry: rule.industry, industryLabel: labelOf('Industry', rule.industry), departmentKind: rule.departmentKind };
  }
}

/** `PUT /supervision-rules/{countyCode}/{industry}` body. */
export class SetSupervisionRuleBody {
  @ApiProperty({
    enum: DepartmentKind,
    enumName: 'DepartmentKind',
    description: '主管部门类别 / Supervising department kind',
    example: DepartmentKind.TRADE_UNION,
  })
  @IsEnum(DepartmentKind)
  departmentKind: DepartmentKind;
}

/** Path of `PUT /supervision-rules/{countyCode}/{industry}`. */
export class SupervisionRuleParams {
  @ApiProperty({ description: '县代码 / County code', example: '431126' })
  @Matches(/^\d{6}$/, { message: 'must be a county code of 6 digits' })
  countyCode: string;

  @ApiProperty({ enum: Industry, enumName: 'Industry', description: '行业 / Industry' })
  @IsEnum(Industry)
  industry: Industry;
}

/** `GET /supervision-rules?countyCode=`. */
export class SupervisionRuleListQuery {
  @ApiProperty({ description: '县代码 / County code', example: '431126' })
  @Matches(/^\d{6}$/, { message: 'must be a county code of 6 digits' })
  countyCode: string;
}
