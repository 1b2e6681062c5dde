import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { VersionedEntity } from '../../database/base.entity.js';
import { Worker } from '../../workers/worker.entity.js';
import { Grid } from './grid.entity.js';

/** Where a mobile-grid enrolment stands. */
export enum GridEnrolmentStatus {
  PENDING = 'PENDING',
  CONFIRMED = 'CONFIRMED',
  ENDED = 'ENDED',
}

/**
 * 流动网格报到 A worker's enrolment in one grid: pending until the grid worker confirms, ended when
 * the worker leaves. A worker has at most one enrolment that has not ended (partial unique index).
 */
@Entity('grid_enrolment')
@Index('uq_grid_enrolment_active_worker', ['workerId'], { unique: true, where: 'ended_at IS NULL' })
@Check('ck_grid_enrolment_status', `status IN ('PENDING', 'CONFIRMED', 'ENDED')`)
export class GridEnrolment extends VersionedEntity {
  @Column({ type: 'uuid' })
  workerId: string;

  @ManyToOne(() => Worker, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'worker_id', foreignKeyConstraintName: 'fk_grid_enrolment_worker' })
  worker?: Worker;

  @Index('ix_grid_enrolment_grid_id')
  @Column({ type: 'uuid' })
  gridId: string;

  @ManyToOne(() => Grid, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'grid_id', foreignKeyConstraintName: 'fk_grid_enrolment_grid' })
  grid?: Grid;

  @Column({ type: 'varchar', length: 6 })
  countyCode: string;

  @Column({ type: 'varchar', length: 10 })
  status: GridEnrolmentStatus;

  @Column({ type: 'timestamptz', precision: 3 })
  requestedAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  confirmedAt: Date | null;

  /** Staff user who confirmed. */
  @Column({ type: 'uuid', nullable: true })
  confirmedById: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  endedAt: Date | null;
}
