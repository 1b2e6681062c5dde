import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A refresh token, stored only as its SHA-256. Each use rotates it (the old one is revoked and
 * points at its replacement); presenting a revoked one revokes its whole family (theft signal).
 */
@Entity('refresh_token')
@Index('uq_refresh_token_hash', ['tokenHash'], { unique: true })
@Index('ix_refresh_token_subject', ['subjectId'])
@Index('ix_refresh_token_family', ['familyId'])
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  /** `staff` or `worker`. */
  @Column({ type: 'varchar', length: 10 })
  subjectKind: 'staff' | 'worker';

  @Column({ type: 'uuid' })
  subjectId: string;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'uuid' })
  familyId: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  revokedReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  replacedById: string | null;
}
