import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { VersionedEntity } from '../../database/base.entity.js';
import { Department } from '../../reference/departments/department.entity.js';
import { Region } from '../../reference/regions/region.entity.js';

/**
 * A company or platform whose workers the county serves (非公企业/平台企业): where it sits, who
 * supervises it (主管单位, derived from the county's rules or overridden with a reason) and whom to
 * contact. The contact person's name and phone are personal data: stored encrypted, shown masked.
 */
@Entity('enterprise')
@Index('uq_enterprise_social_credit_code', ['socialCreditCode'], { unique: true })
@Index('ix_enterprise_name_trgm', ['name'], { type: 'gin' })
export class Enterprise extends VersionedEntity {
  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** 统一社会信用代码 (GB 32100), 18 characters. */
  @Column({ type: 'varchar', length: 18 })
  socialCreditCode: string;

  /** An Industry value. */
  @Column({ type: 'varchar', length: 24 })
  industry: string;

  /** Township where the enterprise sits. */
  @Column({ type: 'uuid' })
  townshipId: string;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'township_id', foreignKeyConstraintName: 'fk_enterprise_township' })
  township?: Region;

  @Index('ix_enterprise_county_code')
  @Column({ type: 'varchar', length: 6 })
  countyCode: string;

  /** A delivery/ride platform that syncs its rider roster (美团, 饿了么…). */
  @Column({ type: 'boolean', default: false })
  isPlatform: boolean;

  /** Street address (地址). */
  @Column({ type: 'varchar', length: 300, nullable: true })
  address: string | null;

  /** Contact person's name (联系人), encrypted. */
  @Column({ type: 'text', nullable: true })
  contactNameCipher: string | null;

  @Column({ type: 'varchar', length: 60, nullable: true })
  contactNameMasked: string | null;

  /** Contact person's phone (联系电话), encrypted. */
  @Column({ type: 'text', nullable: true })
  contactPhoneCipher: string | null;

  @Column({ type: 'varchar', length: 11, nullable: true })
  contactPhoneMasked: string | null;

  /** Workers it employs or dispatches (从业人员数), as the enterprise reports it. */
  @Column({ type: 'int', nullable: true })
  workerHeadcount: number | null;

  /** 主管单位 The supervising department: derived from the county's rules unless overridden. */
  @Index('ix_enterprise_supervising_department_id')
  @Column({ type: 'uuid', nullable: true })
  supervisingDepartmentId: string | null;

  @ManyToOne(() => Department, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'supervising_department_id', foreignKeyConstraintName: 'fk_enterprise_supervising_department' })
  supervisingDepartment?: Department | null;

  /** Set when an officer overrode the derived department: why (kept with the record and in the audit log). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  supervisionOverrideReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  supervisionOverriddenById: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  supervisionOverriddenAt: Date | null;
}
