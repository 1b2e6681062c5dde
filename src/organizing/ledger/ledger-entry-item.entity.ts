import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from '../../database/base.entity.js';
import { LedgerEntry } from './ledger-entry.entity.js';
import { LedgerItem } from './ledger-item.entity.js';

/** One five-clear item's state on one entry: clear or not, a note, when last checked. */
@Entity('ledger_entry_item')
@Index('uq_ledger_entry_item_entry_item', ['entryId', 'itemId'], { unique: true })
export class LedgerEntryItem extends BaseEntity {
  @Column({ type: 'uuid' })
  entryId: string;

  @ManyToOne(() => LedgerEntry, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'entry_id', foreignKeyConstraintName: 'fk_ledger_entry_item_entry' })
  entry?: Relation<LedgerEntry>;

  @Index('ix_ledger_entry_item_item_id')
  @Column({ type: 'uuid' })
  itemId: string;

  @ManyToOne(() => LedgerItem, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'fk_ledger_entry_item_item' })
  item?: Relation<LedgerItem>;

  @Column({ type: 'boolean', default: false })
  clear: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ type: 'date', nullable: true })
  checkedOn: string | null;
}
