import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../../database/base.entity.js';
import { Worker } from '../../workers/worker.entity.js';
import { Grid } from '../grids/grid.entity.js';

/**
 * 党员责任区 A party member's responsibility zone in a grid. It references the worker; the
 * five-clear ledger entry (one per worker) is found through `worker_id`.
 */
@Entity('responsibility_zone')
@Index('uq_responsibility_zone_current', ['workerId', 'gridId'], { unique: true, where: 'ended_at IS NULL' })
export class ResponsibilityZone extends BaseEntity {
  @Column({ type: 'uuid' })
  workerId: string;

  @ManyToOne(() => Worker, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'worker_id', foreignKeyConstraintName: 'fk_responsibility_zone_worker' })
  worker?: Worker;

  @Index('ix_responsibility_zone_grid_id')
  @Column({ type: 'uuid' })
  gridId: string;

  @ManyToOne(() => Grid, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'grid_id', foreignKeyConstraintName: 'fk_responsibility_zone_grid' })
  grid?: Grid;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  endedAt: Date | null;
}
