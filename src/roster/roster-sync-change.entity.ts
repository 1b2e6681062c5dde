import { registerEnumType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { labelledEnum } from '../common/labels/labels.js';

/** What a sync did to one row. */
export enum RosterChangeKind {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  DEACTIVATED = 'DEACTIVATED',
  REJECTED = 'REJECTED',
}

registerEnumType(RosterChangeKind, labelledEnum(RosterChangeKind, 'RosterChangeKind'));

/**
 * One line of a sync's change list (`GET /roster/syncs/{id}/changes`): which rider was created,
 * updated or deactivated, or which row was rejected and why. Bulk-written by the apply step;
 * `seq` orders the entries of one kind (the row's line; riders a snapshot no longer lists after the
 * last line, by externalId) and is the list's cursor.
 */
@Entity('roster_sync_change')
export class RosterSyncChange {
  @PrimaryColumn({ type: 'uuid' })
  syncId: string;

  @PrimaryColumn({ type: 'varchar', length: 12 })
  kind: RosterChangeKind;

  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  externalId: string | null;

  /** Line (NDJSON, CSV) or position (JSON array) in the body; null for riders a snapshot no longer lists. */
  @Column({ type: 'integer', nullable: true })
  line: number | null;

  /** REJECTED: the field at fault. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  field: string | null;

  /** REJECTED: stable reason code (MISSING_FIELD, INVALID_PHONE, …). */
  @Column({ type: 'varchar', length: 40, nullable: true })
  reasonCode: string | null;

  /** REJECTED: the reason in words. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** REJECTED: every problem of the row (the first is field/reasonCode/reason); null for rejections found over the whole sync. */
  @Column({ type: 'jsonb', nullable: true })
  problems: { code: string; field: string | null; reason: string }[] | null;

  /** UPDATED: the names of the fields that changed (never their values). */
  @Column({ type: 'varchar', length: 20, array: true, nullable: true })
  changedFields: string[] | null;
}
