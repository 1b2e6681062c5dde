import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { StaffUser } from '../../reference/staff/staff-user.entity.js';
import { BaseEntity } from '../../database/base.entity.js';
import { Station } from '../stations/station.entity.js';
import { AuditStandard, AuditStandardItem } from './audit-standard.entity.js';

/** 评估 An audit of a station against one standard version: passed when every required item passed. */
@Entity('station_audit')
@Index('ix_station_audit_station_standard', ['stationId', 'standardId', 'auditedOn'])
export class StationAudit extends BaseEntity {
  @Column({ type: 'uuid' })
  stationId: string;

  @ManyToOne(() => Station, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'station_id', foreignKeyConstraintName: 'fk_station_audit_station' })
  station?: Station;

  @Index('ix_station_audit_standard_id')
  @Column({ type: 'uuid' })
  standardId: string;

  @ManyToOne(() => AuditStandard, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'standard_id', foreignKeyConstraintName: 'fk_station_audit_standard' })
  standard?: AuditStandard;

  @Column({ type: 'uuid', nullable: true })
  auditorId: string | null;

  @ManyToOne(() => StaffUser, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'auditor_id', foreignKeyConstraintName: 'fk_station_audit_auditor' })
  auditor?: StaffUser | null;

  /** Day of the audit (Asia/Shanghai calendar date). */
  @Column({ type: 'date' })
  auditedOn: string;

  @Column({ type: 'boolean' })
  passed: boolean;

  /** Last day the audit certifies the station (when passed). */
  @Column({ type: 'date' })
  validUntil: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  evidenceUrls: string[];

  @Index('ix_station_audit_county_code')
  @Column({ type: 'varchar', length: 6 })
  countyCode: string;

  items?: StationAuditItem[];
}

/** One item's verdict in an audit; a failed item carries a rectification deadline (整改期限). */
@Entity('station_audit_item')
@Index('uq_station_audit_item', ['auditId', 'itemId'], { unique: true })
export class StationAuditItem extends BaseEntity {
  @Column({ type: 'uuid' })
  auditId: string;

  @ManyToOne(() => StationAudit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'audit_id', foreignKeyConstraintName: 'fk_station_audit_item_audit' })
  audit?: StationAudit;

  @Index('ix_station_audit_item_item_id')
  @Column({ type: 'uuid' })
  itemId: string;

  @ManyToOne(() => AuditStandardItem, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'fk_station_audit_item_item' })
  item?: AuditStandardItem;

  @Column({ type: 'boolean' })
  passed: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  /** Failed items: the day by which it must be fixed. */
  @Column({ type: 'date', nullable: true })
  rectificationDue: string | null;
}
