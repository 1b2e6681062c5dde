import { InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsIn, MinLength } from 'class-validator';
import { labelledEnum } from '../../common/labels/labels.js';
import { ApiField } from '../../common/fields/api-field.js';

export const REVEAL_FIELDS = ['NAME', 'PHONE', 'ID_NUMBER'] as const;
/** Which protected field to reveal. */
export type RevealField = (typeof REVEAL_FIELDS)[number];
export const RevealFieldEnum = { NAME: 'NAME', PHONE: 'PHONE', ID_NUMBER: 'ID_NUMBER' } as const;
registerEnumType(RevealFieldEnum, labelledEnum(RevealFieldEnum, 'RevealField'));

/** Asks for one field in full, with the reason the audit log keeps. */
@InputType('RevealPersonalDataInput')
export class RevealPersonalDataDto {
  @ApiField(() => RevealFieldEnum, { description: '字段 / Field', openapi: { enum: REVEAL_FIELDS } })
  @IsIn(REVEAL_FIELDS)
  field: RevealField;

  @ApiField({
    description: '查看理由（记入审计日志）/ Why you need it (kept in the audit log)',
    maxLength: 500,
    example: '核实工资拖欠案件当事人 / verifying the claimant of a wage case',
    openapi: { minLength: 5, maxLength: 500 },
  })
  @MinLength(5)
  reason: string;
}

/** A revealed value. */
@ObjectType('RevealedPersonalData')
export class RevealedPersonalDataDto {
  @ApiField({ description: '明文 / The full value' })
  value: string;
}
