import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../database/base.entity.js';

/**
 * A rider on one platform's roster (平台骑手名单), linked to the one worker person behind them.
 * Holds only masked values and blind indexes (the worker record holds the ciphertext) plus the
 * delivery site. `row_hash` is an HMAC of the normalised record, so an unchanged row is recognised
 * without decrypting or rewriting anything.
 *
 * No foreign keys, on purpose: this table is bulk-loaded (a million rows per sync), a foreign key
 * costs a lookup per row and reference, and the apply step resolves platform, region and worker in
 * the same transaction that writes the rows.
 */
@Entity('roster_rider')
@Index('uq_roster_rider_external_id', ['enterpriseId', 'externalId'], { unique: true })
@Index('ix_roster_rider_deactivated_at', ['deactivatedAt'], { where: 'NOT active' })
export class RosterRider extends BaseEntity {
  /** The platform enterprise. */
  @Column({ type: 'uuid' })
  enterpriseId: string;

  /** The platform's own id for the rider. */
  @Column({ type: 'varchar', length: 64 })
  externalId: string;

  @Index('ix_roster_rider_county_code')
  @Column({ type: 'varchar', length: 6 })
  countyCode: string;

  /** Region of the delivery site (county, township or community). */
  @Column({ type: 'uuid' })
  regionId: string;

  /** Township (乡镇/街道) of the delivery site; null when the platform gave only a county. */
  @Index('ix_roster_rider_township_id')
  @Column({ type: 'uuid', nullable: true })
  townshipId: string | null;

  /** The worker person (matched by ID number, else phone). */
  @Index('ix_roster_rider_worker_id')
  @Column({ type: 'uuid' })
  workerId: string;

  @Column({ type: 'varchar', length: 60 })
  nameMasked: string;

  @Column({ type: 'char', length: 64 })
  phoneIndex: string;

  @Column({ type: 'varchar', length: 11 })
  phoneMasked: string;

  @Column({ type: 'char', length: 64, nullable: true })
  idNumberIndex: string | null;

  @Column({ type: 'varchar', length: 18, nullable: true })
  idNumberMasked: string | null;

  /** MALE | FEMALE. */
  @Column({ type: 'varchar', length: 6, nullable: true })
  gender: string | null;

  /** 配送站点 delivery site. */
  @Column({ type: 'varchar', length: 200 })
  siteName: string;

  @Column({ type: 'double precision' })
  siteLat: number;

  @Column({ type: 'double precision' })
  siteLng: number;

  /** Party membership as the platform declared it; null for riders last written before it was kept. */
  @Column({ type: 'boolean', nullable: true })
  partyMember: boolean | null;

  /** HMAC-SHA256 (blind-index key) of the normalised record. */
  @Column({ type: 'char', length: 64 })
  rowHash: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** When the rider left the roster; the retention job purges them after ROSTER_RETENTION_DAYS. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deactivatedAt: Date | null;

  /** The sync that last created, changed or deactivated the rider. */
  @Column({ type: 'uuid', nullable: true })
  lastSyncId: string | null;
}
