import { registerEnumType } from '@nestjs/graphql';
import { labelledEnum } from '../../common/labels/labels.js';

/** How a category's deadline is counted: hours from dispatch, or working days by the holiday calendar. */
export enum DeadlineUnit {
  HOURS = 'HOURS',
  WORKING_DAYS = 'WORKING_DAYS',
}

registerEnumType(DeadlineUnit, labelledEnum(DeadlineUnit, 'DeadlineUnit'));
