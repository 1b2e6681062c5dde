import { Column, Entity, Exclusion, Index, JoinColumn, ManyToOne } from 'typeorm';
import { VersionedEntity } from '../database/base.entity.js';
import { Region } from '../reference/regions/region.entity.js';

/**
 * One person across all platforms (新就业群体劳动者). Name, phone and ID number are stored only as
 * ciphertext (PersonalDataService), an HMAC blind index for exact matching, and the mask responses show.
 */
@Entity('worker')
// One live worker per phone and per ID number: exclusion constraints on hash indexes (blind indexes
// are random, and a hash index takes a new one far cheaper than a B-tree; see the WorkerHashKeys migration).
@Exclusion('ex_worker_phone_index', 'USING hash (phone_index WITH =) WHERE (merged_into_id IS NULL AND phone_index IS NOT NULL)')
@Exclusion('ex_worker_id_number_index', 'USING hash (id_number_index WITH =) WHERE (merged_into_id IS NULL AND id_number_index IS NOT NULL)')
// Partial: people a roster sync or a ledger import creates have no township.
@Index('ix_worker_township_id', ['townshipId'], { where: 'township_id IS NOT NULL' })
export class Worker extends VersionedEntity {
  @Column({ type: 'text', nullable: true })
  nameCipher: string | null;

  @Column({ type: 'varchar', length: 60, nullable: true })
  nameMasked: string | null;

  @Column({ type: 'text', nullable: true })
  phoneCipher: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  phoneIndex: string | null;

  @Column({ type: 'varchar', length: 11, nullable: true })
  phoneMasked: string | null;

  @Column({ type: 'text', nullable: true })
  idNumberCipher: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  idNumberIndex: string | null;

  @Column({ type: 'varchar', length: 18, nullable: true })
  idNumberMasked: string | null;

  /** MALE | FEMALE, as the worker or a platform states it. */
  @Column({ type: 'varchar', length: 6, nullable: true })
  gender: string | null;

  /** Main line of work (an Industry value). */
  @Column({ type: 'varchar', length: 24, nullable: true })
  industry: string | null;

  /** Township (乡镇/街道) the worker mostly works in. */
  @Column({ type: 'uuid', nullable: true })
  townshipId: string | null;

  @ManyToOne(() => Region, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'township_id', foreignKeyConstraintName: 'fk_worker_township' })
  township?: Region | null;

  @Column({ type: 'varchar', length: 6, nullable: true })
  countyCode: string | null;

  /** Set when an officer merged this record into another; the record then only redirects. */
  @Column({ type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  @ManyToOne(() => Worker, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'merged_into_id', foreignKeyConstraintName: 'fk_worker_merged_into' })
  mergedInto?: Worker | null;
}
