import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { VersionedEntity } from '../../database/base.entity.js';
import { Region } from '../../reference/regions/region.entity.js';

/**
 * A company or platform whose workers the county serves (非公企业/平台企业). The 安家行动 feature
 * adds supervision, organisation coverage and instructors; identity needs it for platform API keys.
 */
@Entity('enterprise')
@Index('uq_enterprise_social_credit_code', ['socialCreditCode'], { unique: true })
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
}
