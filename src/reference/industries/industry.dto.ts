import { Field, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { Industry } from './industry.enum.js';

/** An industry with its Chinese label, for pick lists. */
@ObjectType('IndustryOption', { description: '行业 / Industry with its label' })
export class IndustryDto {
  @Field(() => Industry, { description: '行业代码 / Industry code' })
  @ApiProperty({ enum: Industry, enumName: 'Industry', description: '行业代码 / Industry code' })
  code: Industry;

  @Field({ description: '中文名称 / Chinese label' })
  @ApiProperty({ description: '中文名称 / Chinese label', example: '外卖配送' })
  label: string;
}
