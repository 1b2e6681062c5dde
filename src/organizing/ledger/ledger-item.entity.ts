import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../database/base.entity.js';

/** 五个清 A county's five-clear item (底数清, 基本情况清…): renamable, reorderable, retirable. */
@Entity('ledger_item')
@Index('uq_ledger_item_county_key', ['countyCode', 'key'], { unique: true })
export class LedgerItem extends BaseEntity {
  @Column({ type: 'varchar', length: 6 })
  countyCode: string;

  /** Stable key, e.g. `HEADCOUNT`; items keep it when renamed. */
  @Column({ type: 'varchar', length: 40 })
  key: string;

  /** 名称 The label county offices use. */
  @Column({ type: 'varchar', length: 50 })
  label: string;

  @Column({ type: 'int' })
  position: number;

  /** Retired items no longer count towards completeness; their checks are kept. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  retiredAt: Date | null;
}
