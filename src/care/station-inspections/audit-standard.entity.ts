import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../../database/base.entity.js';

/**
 * One version of a station standard (六有 v1, v2…). Immutable once an audit used it: changes go
 * into a new version. Exactly one version is current; certification is judged against it.
 */
@Entity('audit_standard')
@Index('uq_audit_standard_code_version', ['code', 'version'], { unique: true })
@Index('uq_audit_standard_current', ['isCurrent'], { unique: true, where: 'is_current' })
export class AuditStandard extends BaseEntity {
  /** The family, e.g. `LIU_YOU` (六有). */
  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** The version certification is judged against. */
  @Column({ type: 'boolean', default: false })
  isCurrent: boolean;

  /** How long a passed audit certifies a station. */
  @Column({ type: 'integer', default: 12 })
  validityMonths: number;

  /** Default days to rectify a failed item. */
  @Column({ type: 'integer', default: 30 })
  rectificationDays: number;

  items?: AuditStandardItem[];
}

/** One item of a standard version (有统一标识名称…). */
@Entity('audit_standard_item')
@Index('uq_audit_standard_item_key', ['standardId', 'key'], { unique: true })
export class AuditStandardItem extends BaseEntity {
  @Column({ type: 'uuid' })
  standardId: string;

  @ManyToOne(() => AuditStandard, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'standard_id', foreignKeyConstraintName: 'fk_audit_standard_item_standard' })
  standard?: AuditStandard;

  /** Stable key, e.g. `SIGNAGE`. */
  @Column({ type: 'varchar', length: 40 })
  key: string;

  @Column({ type: 'varchar', length: 200 })
  label: string;

  /** A required item must pass for the audit to pass. */
  @Column({ type: 'boolean', default: true })
  required: boolean;

  @Column({ type: 'integer' })
  position: number;
}
