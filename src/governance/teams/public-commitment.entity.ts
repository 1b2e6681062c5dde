import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { VersionedEntity } from '../../database/base.entity.js';
import { Region } from '../../reference/regions/region.entity.js';
import { Worker } from '../../workers/worker.entity.js';

/**
 * 亮身份、亮承诺 A party member's public commitment. It references the worker: the five-clear
 * ledger keeps one entry per worker, so the ledger entry is found through `worker_id`.
 * One current (not withdrawn) commitment per worker.
 */
@Entity('public_commitment')
@Index('uq_public_commitment_current_worker', ['workerId'], { unique: true, where: 'withdrawn_at IS NULL' })
export class PublicCommitment extends VersionedEntity {
  @Column({ type: 'uuid' })
  workerId: string;

  @ManyToOne(() => Worker, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'worker_id', foreignKeyConstraintName: 'fk_public_commitment_worker' })
  worker?: Worker;

  /** Township where the commitment is shown (staff scope). */
  @Index('ix_public_commitment_township_id')
  @Column({ type: 'uuid' })
  townshipId: string;

  @ManyToOne(() => Region, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'township_id', foreignKeyConstraintName: 'fk_public_commitment_township' })
  township?: Region;

  @Column({ type: 'text' })
  text: string;

  /** 亮身份 Whether the worker shows their (masked) identity as a party member publicly. */
  @Column({ type: 'boolean', default: false })
  showIdentity: boolean;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  withdrawnAt: Date | null;
}
