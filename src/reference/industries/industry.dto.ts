import { ObjectType } from '@nestjs/graphql';
import { Industry } from './industry.enum.js';
import { ApiField } from '../../common/fields/api-field.js';

/** An industry with its Chinese label, for pick lists. */
@ObjectType('IndustryOption', { description: '行业 / Industry with its label' })
export class IndustryDto {
  @ApiField(() => Industry, { description: '行业代码 / Industry code', openapi: { enum: Industry, enumName: 'Industry' } })
  code: Industry;

  @ApiField({ description: '中文名称 / Chinese label', example: '外卖配送' })
  label: string;
}
