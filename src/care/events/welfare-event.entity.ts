import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { StaffUser } from '../../reference/staff/staff-user.entity.js';
import { VersionedEntity } from '../../database/base.entity.js';
import { Department } from '../../reference/departments/department.entity.js';
import { Region } from '../../reference/regions/region.entity.js';
import { sqlList } from '../stations/station.enums.js';
import { Station } from '../stations/station.entity.js';
import { WelfareEventKind, WelfareEventStatus } from './event.enums.js';

/**
 * 公益活动 A welfare event (爱心早餐, 义诊义检…). With sign-up it has a capacity that is never
 * exceeded: `confirmed_count` is changed only under a row lock on the event, and a CHECK keeps it
 * within capacity. Without sign-up (a breakfast hand-out) it records how many were served.
 */
@Entity('welfare_event')
@Index('uq_welfare_event_check_in_code', ['checkInCode'], { unique: true })
@Index('ix_welfare_event_starts_at', ['startsAt'])
@Check('ck_welfare_event_kind', `kind IN (${sqlList(WelfareEventKind)})`)
@Check('ck_welfare_event_status', `status IN (${sqlList(WelfareEventStatus)})`)
@Check('ck_welfare_event_period', 'ends_at > starts_at')
@Check('ck_welfare_event_capacity', 'confirmed_count >= 0 AND (capacity IS NULL OR confirmed_count <= capacity)')
@Check('ck_welfare_event_served', 'served_count >= 0')
export class WelfareEvent extends VersionedEntity {
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 20 })
  kind: WelfareEventKind;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** 主办单位 The organising department (总工会…). */
  @Index('ix_welfare_event_organizer_department_id')
  @Column({ type: 'uuid' })
  organizerDepartmentId: string;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organizer_department_id', foreignKeyConstraintName: 'fk_welfare_event_organizer_department' })
  organizerDepartment?: Department;

  /** The staff account that organised it; a station manager changes or cancels only their own. Null before it was recorded. */
  @Index('ix_welfare_event_created_by_id')
  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => StaffUser, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'fk_welfare_event_created_by' })
  createdBy?: StaffUser | null;

  /** Where it happens: a station, or an address. */
  @Index('ix_welfare_event_station_id')
  @Column({ type: 'uuid', nullable: true })
  stationId: string | null;

  @ManyToOne(() => Station, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id', foreignKeyConstraintName: 'fk_welfare_event_station' })
  station?: Station | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  address: string | null;

  /** The region it happens in (the station's township, or the organiser's region); scope follows it. */
  @Index('ix_welfare_event_region_id')
  @Column({ type: 'uuid' })
  regionId: string;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'fk_welfare_event_region' })
  region?: Region;

  @Index('ix_welfare_event_county_code')
  @Column({ type: 'varchar', length: 6 })
  countyCode: string;

  @Column({ type: 'timestamptz', precision: 3 })
  startsAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  endsAt: Date;

  /** Workers sign up in advance (false: walk-in hand-out, counted by `servedCount`). */
  @Column({ type: 'boolean', default: true })
  registrationRequired: boolean;

  /** Places (null = unlimited; only with sign-up). */
  @Column({ type: 'integer', nullable: true })
  capacity: number | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  registrationOpensAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  registrationClosesAt: Date | null;

  /** Beyond capacity, wait-list instead of refusing. */
  @Column({ type: 'boolean', default: true })
  waitlistEnabled: boolean;

  @Column({ type: 'varchar', length: 12, default: WelfareEventStatus.DRAFT })
  status: WelfareEventStatus;

  /** CONFIRMED registrations right now (kept in step under the event's row lock). */
  @Column({ type: 'integer', default: 0 })
  confirmedCount: number;

  /** Last queue number handed out: registrations are numbered 1, 2, 3… in the order they took the lock. */
  @Column({ type: 'integer', default: 0 })
  lastQueueNumber: number;

  /** Workers served without sign-up (100 份爱心早餐). */
  @Column({ type: 'integer', default: 0 })
  servedCount: number;

  /** Starts the QR payload confirmed workers scan to check in (`NF-EVT-<code>.<rotating code>`, see CheckInCodes). */
  @Column({ type: 'varchar', length: 16 })
  checkInCode: string;
}
