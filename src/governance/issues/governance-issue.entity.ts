import { Check, Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { VersionedEntity } from '../../database/base.entity.js';
import { Department } from '../../reference/departments/department.entity.js';
import { Region } from '../../reference/regions/region.entity.js';
import { Worker } from '../../workers/worker.entity.js';
import { Grid } from '../grids/grid.entity.js';
import type { AttributeAnswers } from './category-attributes.js';
import { IssueCategory } from './issue-category.entity.js';
import { IssueStatus } from './issue-workflow.js';

/**
 * 治理问题 A governance problem a worker reported ("移动探头"). The reporter is kept for the
 * reporter's own view and points only; no other view ever shows them. The location index
 * (GiST on `ll_to_earth(lat, lng)`) and the deadline index are created by the migration.
 */
@Entity('governance_issue')
@Check(
  'ck_governance_issue_status',
  `status IN ('REPORTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'REJECTED', 'DUPLICATE', 'RETURNED', 'REOPENED')`,
)
@Check('ck_governance_issue_rating', 'rating BETWEEN 1 AND 5')
@Check('ck_governance_issue_extension_one_unit', 'extension_requested_hours IS NULL OR extension_requested_working_days IS NULL')
@Index('ix_governance_issue_township_status', ['townshipId', 'status'])
@Index('ix_governance_issue_county_reported', ['countyCode', 'reportedAt', 'id'])
@Unique('uq_governance_issue_reporter_client_request', ['reporterWorkerId', 'clientRequestId'])
export class GovernanceIssue extends VersionedEntity {
  /** When the worker reported it (by the service clock; lists sort on it). */
  @Column({ type: 'timestamptz', precision: 3 })
  reportedAt: Date;

  @Column({ type: 'uuid' })
  categoryId: string;

  @ManyToOne(() => IssueCategory, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'fk_governance_issue_category' })
  category?: IssueCategory;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address: string | null;

  @Column({ type: 'double precision' })
  lat: number;

  @Column({ type: 'double precision' })
  lng: number;

  /** Photo URLs (up to 9). */
  @Column({ type: 'text', array: true })
  photos: string[];

  /** The grid containing the location, if any. */
  @Index('ix_governance_issue_grid_id')
  @Column({ type: 'uuid', nullable: true })
  gridId: string | null;

  @ManyToOne(() => Grid, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'grid_id', foreignKeyConstraintName: 'fk_governance_issue_grid' })
  grid?: Grid | null;

  /** Township (乡镇/街道) the location lies in: the grid's, else given by the reporter. The dashboard's covering index (INCLUDE) is made by its migration. */
  @Index('ix_governance_issue_township_figures', { synchronize: false })
  @Column({ type: 'uuid' })
  townshipId: string;

  @ManyToOne(() => Region, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'township_id', foreignKeyConstraintName: 'fk_governance_issue_township' })
  township?: Region;

  @Index('ix_governance_issue_county_code')
  @Column({ type: 'varchar', length: 6 })
  countyCode: string;

  /** Never shown outside the reporter's own view. */
  @Index('ix_governance_issue_reporter_worker_id')
  @Column({ type: 'uuid' })
  reporterWorkerId: string;

  @ManyToOne(() => Worker, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reporter_worker_id', foreignKeyConstraintName: 'fk_governance_issue_reporter' })
  reporter?: Worker;

  @Column({ type: 'varchar', length: 12 })
  status: IssueStatus;

  /** DUPLICATE: the original this one was merged into; its reporter follows the original. */
  @Index('ix_governance_issue_duplicate_of_id')
  @Column({ type: 'uuid', nullable: true })
  duplicateOfId: string | null;

  @ManyToOne(() => GovernanceIssue, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'duplicate_of_id', foreignKeyConstraintName: 'fk_governance_issue_duplicate_of' })
  duplicateOf?: GovernanceIssue | null;

  /** The department it was (last) dispatched to. */
  @Index('ix_governance_issue_department_id')
  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @ManyToOne(() => Department, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'fk_governance_issue_department' })
  department?: Department | null;

  /** Staff user who dispatched it (a return goes back to them). */
  @Column({ type: 'uuid', nullable: true })
  dispatchedById: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  acceptedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  dispatchedAt: Date | null;

  /** Dispatch time plus the category's hours, moved by approved extensions. Partial index (running deadlines) made by the migration. */
  @Index('ix_governance_issue_running_deadline', { synchronize: false })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deadlineAt: Date | null;

  /** Workers following it ("me too"); who they are is never shown. */
  @Column({ type: 'int', default: 0 })
  followerCount: number;

  /** The deadline of the first round, kept when the reporter first reopens the problem (the on-time rate judges by it); null until then. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  firstDeadlineAt: Date | null;

  /** How many times the reporter reopened it, and when last. */
  @Column({ type: 'int', default: 0 })
  reopenCount: number;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  reopenedAt: Date | null;

  /** Answers to the category's attributes given when reported (Open311 `attribute[code]`); null = none. */
  @Column({ type: 'jsonb', nullable: true })
  attributes: AttributeAnswers | null;

  /** Why the deadline may be wrong: it was counted in working days across a year whose holiday schedule is not imported (weekends only). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  deadlineWarning: string | null;

  /** Set by the overdue job when the deadline passed unresolved; cleared by an approved extension. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  overdueAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  closedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  resolutionNote: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  resolutionPhoto: string | null;

  @Column({ type: 'smallint', nullable: true })
  rating: number | null;

  @Column({ type: 'text', nullable: true })
  ratingComment: string | null;

  @Column({ type: 'boolean', default: false })
  autoClosed: boolean;

  /** A pending extension request: extra hours asked for (a category counted in hours)… */
  @Column({ type: 'int', nullable: true })
  extensionRequestedHours: number | null;

  /** …or extra working days (a category counted in working days); never both. */
  @Column({ type: 'int', nullable: true })
  extensionRequestedWorkingDays: number | null;

  @Column({ type: 'text', nullable: true })
  extensionReason: string | null;

  /**
   * The reporting app's own id for this report (a UUID it generates before sending), so a retry after
   * a dropped connection finds this problem instead of making a second one. Unique per reporter.
   */
  @Column({ type: 'uuid', nullable: true })
  clientRequestId: string | null;
}
