import { Check, Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { VersionedEntity } from '../../database/base.entity.js';
import { Worker } from '../../workers/worker.entity.js';
import { VolunteerActivity } from './volunteer-activity.entity.js';

/** Whether hours count. */
export enum VolunteerHoursStatus {
  APPROVED = 'APPROVED',
  PENDING = 'PENDING',
  REJECTED = 'REJECTED',
}

/** Who put the hours down: the team leader and staff count at once; a worker's own report waits for approval. */
export enum VolunteerHoursSource {
  LEADER = 'LEADER',
  STAFF = 'STAFF',
  SELF = 'SELF',
}

/** 服务时长 One participant's hours at one activity. */
@Entity('volunteer_hours')
@Unique('uq_volunteer_hours_activity_worker', ['activityId', 'workerId'])
@Check('ck_volunteer_hours_hours', 'hours > 0 AND hours <= 24')
@Check('ck_volunteer_hours_status', `status IN ('APPROVED', 'PENDING', 'REJECTED')`)
@Check('ck_volunteer_hours_source', `source IN ('LEADER', 'STAFF', 'SELF')`)
export class VolunteerHours extends VersionedEntity {
  @Column({ type: 'uuid' })
  activityId: string;

  @ManyToOne(() => VolunteerActivity, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'activity_id', foreignKeyConstraintName: 'fk_volunteer_hours_activity' })
  activity?: VolunteerActivity;

  @Index('ix_volunteer_hours_worker_id')
  @Column({ type: 'uuid' })
  workerId: string;

  @ManyToOne(() => Worker, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'worker_id', foreignKeyConstraintName: 'fk_volunteer_hours_worker' })
  worker?: Worker;

  @Column({ type: 'numeric', precision: 4, scale: 1, transformer: { to: (v: number) => v, from: (v: string | null) => (v == null ? v : Number(v)) } })
  hours: number;

  @Column({ type: 'varchar', length: 10 })
  status: VolunteerHoursStatus;

  @Column({ type: 'varchar', length: 8 })
  source: VolunteerHoursSource;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  decidedAt: Date | null;

  /** Staff user or leader (worker) who approved or rejected. */
  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;
}
