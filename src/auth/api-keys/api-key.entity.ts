import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../../database/base.entity.js';
import { Enterprise } from '../../organizing/enterprises/enterprise.entity.js';

/** A platform's API key (`X-Api-Key`): shown once, stored as SHA-256, found by its first 8 characters. */
@Entity('api_key')
@Index('ix_api_key_prefix', ['prefix'])
@Index('uq_api_key_hash', ['keyHash'], { unique: true })
export class ApiKey extends BaseEntity {
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'uuid' })
  enterpriseId: string;

  @ManyToOne(() => Enterprise, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enterprise_id', foreignKeyConstraintName: 'fk_api_key_enterprise' })
  enterprise?: Enterprise;

  @Column({ type: 'varchar', length: 8 })
  prefix: string;

  @Column({ type: 'char', length: 64 })
  keyHash: string;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
