import { registerEnumType } from '@nestjs/graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../database/base.entity.js';
import { Enterprise } from '../organizing/enterprises/enterprise.entity.js';
import { labelledEnum } from '../common/labels/labels.js';

/** snapshot: the body is the platform's whole active roster; delta: each record says `op` upsert or deactivate. */
export enum RosterSyncMode {
  SNAPSHOT = 'SNAPSHOT',
  DELTA = 'DELTA',
}

registerEnumType(RosterSyncMode, labelledEnum(RosterSyncMode, 'RosterSyncMode'));

/**
 * Where a sync is: received → queued → processing → committed (a dry run: DRY_RUN_COMPLETE, its
 * report ready and nothing written), or failed at any step. A big sync is applied while it is
 * received and goes from RECEIVING straight to PROCESSING. Syncs of one platform are applied in the
 * order they were received (createdAt).
 */
export enum RosterSyncStatus {
  RECEIVING = 'RECEIVING',
  QUEUED = 'QUEUED',
  PROCESSING = 'PROCESSING',
  COMMITTED = 'COMMITTED',
  DRY_RUN_COMPLETE = 'DRY_RUN_COMPLETE',
  FAILED = 'FAILED',
}

registerEnumType(RosterSyncStatus, labelledEnum(RosterSyncStatus, 'RosterSyncStatus'));

/** Figures behind a failed sync, e.g. `{ wouldDeactivate: 250, activeRiders: 1000, limitPercent: 20 }`. */
export type RosterFailureDetails = Record<string, number | string>;

/**
 * One roster upload by a platform (平台名单同步): its options, the consent reference it carries
 * (PIPL art. 23), its outcome counts and, when it failed, why. The rows themselves are staged
 * apart and applied by a job; what changed is kept in `roster_sync_change`.
 */
@Entity('roster_sync')
@Index('uq_roster_sync_idempotency_key', ['enterpriseId', 'idempotencyKey'], {
  unique: true,
  where: `idempotency_key IS NOT NULL AND status <> 'FAILED'`,
})
@Index('ix_roster_sync_enterprise_created', ['enterpriseId', 'createdAt'])
export class RosterSync extends BaseEntity {
  /** The platform enterprise that sent it. */
  @Column({ type: 'uuid' })
  enterpriseId: string;

  @ManyToOne(() => Enterprise, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enterprise_id', foreignKeyConstraintName: 'fk_roster_sync_enterprise' })
  enterprise?: Enterprise;

  /** The API key it came with. */
  @Column({ type: 'uuid', nullable: true })
  apiKeyId: string | null;

  /** The platform's county (the platform's own registration). */
  @Index('ix_roster_sync_county_code')
  @Column({ type: 'varchar', length: 6 })
  countyCode: string;

  @Column({ type: 'varchar', length: 8 })
  mode: RosterSyncMode;

  @Column({ type: 'boolean', default: false })
  dryRun: boolean;

  @Column({ type: 'boolean', default: false })
  allowMassDeactivation: boolean;

  @Column({ type: 'varchar', length: 20 })
  status: RosterSyncStatus;

  /** The platform's reference to the riders' separate consent (PIPL art. 23). */
  @Column({ type: 'varchar', length: 200 })
  consentRef: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  idempotencyKey: string | null;

  /** SHA-256 of the decoded body, to tell a replay from a different body under the same Idempotency-Key. */
  @Column({ type: 'char', length: 64, nullable: true })
  bodyHash: string | null;

  /** ndjson | json | csv. */
  @Column({ type: 'varchar', length: 8 })
  format: string;

  @Column({ type: 'integer', default: 0 })
  received: number;

  /**
   * Set when staging saw every row's externalId once (the usual case): applying it then skips the
   * search for rows sharing an externalId. False when it could not tell (or for older syncs).
   */
  @Column({ type: 'boolean', default: false })
  externalIdsDistinct: boolean;

  @Column({ type: 'integer', default: 0 })
  created: number;

  @Column({ type: 'integer', default: 0 })
  updated: number;

  @Column({ type: 'integer', default: 0 })
  unchanged: number;

  @Column({ type: 'integer', default: 0 })
  deactivated: number;

  @Column({ type: 'integer', default: 0 })
  rejected: number;

  @Column({ type: 'integer', default: 0 })
  matchedPartyMembers: number;

  @Column({ type: 'integer', default: 0 })
  ledgerEntriesCreated: number;

  /**
   * Stable code of the failure: REJECTED_SHARE_EXCEEDED, MASS_DEACTIVATION, ROSTER_CHANGED (a guard
   * refused it); SUPERSEDED (a sync of the platform received after it had committed first);
   * INTERRUPTED (the process receiving or applying it died); UPLOAD_STALLED, STAGING_LOST, APPLY_FAILED.
   */
  @Column({ type: 'varchar', length: 40, nullable: true })
  failureCode: string | null;

  @Column({ type: 'text', nullable: true })
  failureReason: string | null;

  /** Figures behind a refusal, e.g. `{ wouldDeactivate, activeRiders }`. */
  @Column({ type: 'jsonb', nullable: true })
  failureDetails: RosterFailureDetails | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  finishedAt: Date | null;
}
