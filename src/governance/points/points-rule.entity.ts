import { Check, Column, Entity, Unique } from 'typeorm';
import { BaseEntity } from '../../database/base.entity.js';

/** What earns a worker points. */
export enum PointsRuleKind {
  /** Each full month of a confirmed mobile-grid enrolment. */
  ENROLMENT_MONTH = 'ENROLMENT_MONTH',
  /** Each problem the worker reported that was resolved. */
  RESOLVED_REPORT = 'RESOLVED_REPORT',
}

/** The scope value of the defaults every county falls back to. */
export const ALL_COUNTIES = 'ALL';

/**
 * 积分规则 Points per kind, for one county (`scope` = county code) or the default (`scope` = ALL).
 * Seeded by the migration; a county edits its own row.
 */
@Entity('governance_points_rule')
@Unique('uq_governance_points_rule_scope_kind', ['scope', 'kind'])
@Check('ck_governance_points_rule_kind', `kind IN ('ENROLMENT_MONTH', 'RESOLVED_REPORT')`)
@Check('ck_governance_points_rule_points', 'points >= 0')
export class PointsRule extends BaseEntity {
  @Column({ type: 'varchar', length: 6 })
  scope: string;

  @Column({ type: 'varchar', length: 20 })
  kind: PointsRuleKind;

  @Column({ type: 'int' })
  points: number;
}
