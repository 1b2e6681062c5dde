import { Check, Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { BaseEntity } from '../../database/base.entity.js';
import { DepartmentKind } from '../departments/department-kind.enum.js';
import { Industry } from '../industries/industry.enum.js';
import { Region } from '../regions/region.entity.js';

/** 主管单位规则 In one county, which kind of department supervises enterprises of one industry. */
@Entity('supervision_rule')
@Unique('uq_supervision_rule_county_industry', ['countyId', 'industry'])
@Check(
  'ck_supervision_rule_industry',
  `industry IN ('FOOD_DELIVERY', 'EXPRESS_COURIER', 'LOGISTICS', 'FREIGHT_TRUCKING', 'RIDE_HAILING', 'NEW_MEDIA', 'ONLINE_SHOP', 'LIVE_STREAMING', 'DOMESTIC_SERVICE', 'OTHER')`,
)
@Check(
  'ck_supervision_rule_department_kind',
  `department_kind IN ('TWO_NEW_COMMITTEE', 'ORGANIZATION_DEPT', 'CYBERSPACE', 'MARKET_REGULATION', 'TRANSPORT', 'TRADE_UNION', 'POSTAL', 'TOWNSHIP')`,
)
export class SupervisionRule extends BaseEntity {
  /** The county region. */
  @Column({ type: 'uuid' })
  countyId: string;

  @ManyToOne(() => Region, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'county_id', foreignKeyConstraintName: 'fk_supervision_rule_county' })
  county?: Region;

  @Column({ type: 'varchar', length: 6 })
  countyCode: string;

  @Column({ type: 'varchar', length: 24 })
  industry: Industry;

  @Column({ type: 'varchar', length: 24 })
  departmentKind: DepartmentKind;
}
