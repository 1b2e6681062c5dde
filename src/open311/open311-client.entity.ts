import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../database/base.entity.js';

/**
 * An Open311 client application (a 12345 hotline system, FixMyStreet, a city app) and its
 * `api_key`: issued by an admin, shown once, stored as SHA-256, found by its first 8 characters.
 */
@Entity('open311_client')
@Index('ix_open311_client_prefix', ['prefix'])
@Index('uq_open311_client_key_hash', ['keyHash'], { unique: true })
export class Open311Client extends BaseEntity {
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 8 })
  prefix: string;

  @Column({ type: 'char', length: 64 })
  keyHash: string;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lastUsedAt: Date | null;
}
