import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StaffUser } from '../../reference/staff/staff-user.entity.js';
import { VersionedEntity } from '../../database/base.entity.js';
import { Enterprise } from '../../organizing/enterprises/enterprise.entity.js';
import { Department } from '../../reference/departments/department.entity.js';
import { Worker } from '../../workers/worker.entity.js';
import { WelfareEvent } from '../events/welfare-event.entity.js';
import { sqlList } from '../stations/station.enums.js';
import { Station } from '../stations/station.entity.js';
import { AssistanceCaseStatus, AssistanceCategory, CaseNoteKind } from './assistance.enums.js';

/**
 * 求助件 A worker's request for help (unpaid wages, insurance, contracts, disputes). Seen only by
 * the worker, the handling department, ORG_OFFICER and ADMIN.
 */
@Entity('assistance_case')
@Check('ck_assistance_case_category', `category IN (${sqlList(AssistanceCategory)})`)
@Check('ck_assistance_case_status', `status IN (${sqlList(AssistanceCaseStatus)})`)
export class AssistanceCase extends VersionedEntity {
  @Index('ix_assistance_case_worker_id')
  @Column({ type: 'uuid' })
  workerId: string;

  @ManyToOne(() => Worker, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'worker_id', foreignKeyConstraintName: 'fk_assistance_case_worker' })
  worker?: Worker;

  @Column({ type: 'varchar', length: 24 })
  category: AssistanceCategory;

  @Column({ type: 'text' })
  description: string;

  /** The enterprise involved (the employer or platform). */
  @Column({ type: 'uuid', nullable: true })
  enterpriseId: string | null;

  @ManyToOne(() => Enterprise, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enterprise_id', foreignKeyConstraintName: 'fk_assistance_case_enterprise' })
  enterprise?: Enterprise | null;

  /** Where staff took it down on the worker's behalf. */
  @Column({ type: 'uuid', nullable: true })
  stationId: string | null;

  @ManyToOne(() => Station, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'station_id', foreignKeyConstraintName: 'fk_assistance_case_station' })
  station?: Station | null;

  @Column({ type: 'uuid', nullable: true })
  eventId: string | null;

  @ManyToOne(() => WelfareEvent, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_assistance_case_event' })
  event?: WelfareEvent | null;

  /** Staff who opened it on the worker's behalf (null when the worker did). */
  @Column({ type: 'uuid', nullable: true })
  openedByStaffId: string | null;

  @ManyToOne(() => StaffUser, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'opened_by_staff_id', foreignKeyConstraintName: 'fk_assistance_case_opened_by' })
  openedByStaff?: StaffUser | null;

  /** 承办部门 The handling department. */
  @Index('ix_assistance_case_department_id')
  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @ManyToOne(() => Department, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'fk_assistance_case_department' })
  department?: Department | null;

  /** 承办人 The staff member handling it. */
  @Column({ type: 'uuid', nullable: true })
  handlerId: string | null;

  @ManyToOne(() => StaffUser, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'handler_id', foreignKeyConstraintName: 'fk_assistance_case_handler' })
  handler?: StaffUser | null;

  @Column({ type: 'varchar', length: 12, default: AssistanceCaseStatus.OPEN })
  status: AssistanceCaseStatus;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  closedAt: Date | null;

  @Index('ix_assistance_case_county_code')
  @Column({ type: 'varchar', length: 6, nullable: true })
  countyCode: string | null;
}

/** One entry of a case's timeline: a note, the opening, an assignment or a status change. Append-only. */
@Entity('assistance_case_note')
@Index('ix_assistance_case_note_case', ['caseId', 'createdAt'])
@Check('ck_assistance_case_note_kind', `kind IN (${sqlList(CaseNoteKind)})`)
export class AssistanceCaseNote {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_assistance_case_note' })
  id: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => AssistanceCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_assistance_case_note_case' })
  assistanceCase?: AssistanceCase;

  @Column({ type: 'varchar', length: 16 })
  kind: CaseNoteKind;

  /** `staff` or `worker`. */
  @Column({ type: 'varchar', length: 8 })
  authorKind: string;

  @Column({ type: 'uuid' })
  authorId: string;

  /** Who wrote it, as shown (username or masked phone). */
  @Column({ type: 'varchar', length: 100 })
  authorLabel: string;

  @Column({ type: 'text', nullable: true })
  text: string | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  fromStatus: string | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  toStatus: string | null;
}
