import { Check, Column, Entity, Unique } from 'typeorm';
import { BaseEntity } from '../../database/base.entity.js';
import type { DepartmentKind } from '../../reference/departments/department-kind.enum.js';
import type { CategoryAttribute } from './category-attributes.js';
import { DeadlineUnit } from './deadline-unit.enum.js';

/**
 * 问题类别 A governance problem category: data, not code. Its deadline (hours from dispatch) and the
 * kind of department problems of it go to by default. Seeded by the migration; admins edit them.
 */
@Entity('issue_category')
@Unique('uq_issue_category_code', ['code'])
@Check('ck_issue_category_deadline_hours', 'deadline_hours > 0')
@Check(
  'ck_issue_category_deadline_unit',
  `(deadline_unit = 'HOURS' AND deadline_working_days IS NULL) OR (deadline_unit = 'WORKING_DAYS' AND deadline_working_days BETWEEN 1 AND 60)`,
)
export class IssueCategory extends BaseEntity {
  /** Stable code clients send: `SAFETY_HAZARD`. */
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  /** Hours the handling department has from dispatch (hazards 24); also the unit of extensions. */
  @Column({ type: 'int' })
  deadlineHours: number;

  /** HOURS: `deadlineHours` from dispatch; WORKING_DAYS: the close of the `deadlineWorkingDays`th working day after the dispatch day. */
  @Column({ type: 'varchar', length: 12, default: DeadlineUnit.HOURS })
  deadlineUnit: DeadlineUnit;

  /** Working days (WORKING_DAYS only; 12345 practice: 3 for help requests, 13 for complaints). */
  @Column({ type: 'int', nullable: true })
  deadlineWorkingDays: number | null;

  /** Department kind a dispatch goes to when the dispatcher names none (TOWNSHIP = the problem's township office). */
  @Column({ type: 'varchar', length: 24 })
  defaultDepartmentKind: DepartmentKind;

  /** Extra questions a report of this category answers (Open311 service definition); null = none. */
  @Column({ type: 'jsonb', nullable: true })
  attributes: CategoryAttribute[] | null;

  /** Retired categories stay for old problems but take no new reports. */
  @Column({ type: 'boolean', default: true })
  active: boolean;
}
