import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../../database/base.entity.js';
import { Region } from '../regions/region.entity.js';
import { DepartmentKind } from './department-kind.enum.js';

/**
 * 部门 A county department (or a township's office for kind TOWNSHIP). At most one department
 * of each kind per region, except OTHER.
 */
@Entity('department')
@Check(
  'ck_department_kind',
  `kind IN ('TWO_NEW_COMMITTEE', 'ORGANIZATION_DEPT', 'CYBERSPACE', 'MARKET_REGULATION', 'TRANSPORT', 'TRADE_UNION', 'POSTAL', 'TOWNSHIP', 'OTHER')`,
)
@Index('uq_department_region_kind', ['regionId', 'kind'], { unique: true, where: `kind <> 'OTHER'` })
export class Department extends BaseEntity {
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 24 })
  kind: DepartmentKind;

  /** The county it belongs to; for a TOWNSHIP department, the township. */
  @Column({ type: 'uuid' })
  regionId: string;

  @ManyToOne(() => Region, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'fk_department_region' })
  region?: Region;

  @Index('ix_department_county_code')
  @Column({ type: 'varchar', length: 6 })
  countyCode: string;
}
