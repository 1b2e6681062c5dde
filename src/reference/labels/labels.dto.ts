import { ObjectType } from '@nestjs/graphql';
import { ApiField } from '../../common/fields/api-field.js';

/** One enum value with its Chinese and English label, so front ends never hard-code 已受理. */
@ObjectType('ValueLabel', { description: '枚举值及其中英文标签 / An enum value with its Chinese and English label' })
export class ValueLabelDto {
  @ApiField({ description: '枚举值 / The enum value as the API sends it', example: 'ACCEPTED', openapi: { maxLength: 64 } })
  value: string;

  @ApiField({ description: '中文标签 / Chinese label', example: '已受理', openapi: { maxLength: 200 } })
  zh: string;

  @ApiField({ description: '英文标签 / English label', example: 'Accepted', openapi: { maxLength: 200 } })
  en: string;
}
