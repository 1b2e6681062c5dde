import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../../database/base.entity.js';

/**
 * A validated ledger import waiting for its commit call. `id` is the token the report hands out.
 * Rows hold personal data only in protected form (ciphertext, blind index, mask).
 */
@Entity('ledger_import')
export class LedgerImport extends BaseEntity {
  @Column({ type: 'varchar', length: 6 })
  countyCode: string;

  @Column({ type: 'uuid' })
  createdById: string;

  @Column({ type: 'timestamptz', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  committedAt: Date | null;

  @Column({ type: 'int' })
  rowCount: number;

  @Column({ type: 'jsonb' })
  rows: unknown[];
}
