import { Field, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';

/** One enum value with its Chinese and English label, so front ends never hard-code 已受理. */
@ObjectType('ValueLabel', { description: '枚举值及其中英文标签 / An enum value with its Chinese and English label' })
export class ValueLabelDto {
  @Field({ description: '枚举值 / The enum value as the API sends it' })
  @ApiProperty({ description: '枚举值 / The enum value as the API sends it', example: 'ACCEPTED', maxLength: 64 })
  value: string;

  @Field({ description: '中文标签 / Chinese label' })
  @ApiProperty({ description: '中文标签 / Chinese label', example: '已受理', maxLength: 200 })
  zh: string;

  @Field({ description: '英文标签 / English label' })
  @ApiProperty({ description: '英文标签 / English label', example: 'Accepted', maxLength: 200 })
  en: string;
}
