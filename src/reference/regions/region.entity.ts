import { Check, Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { BaseEntity } from '../../database/base.entity.js';
import { RegionLevel } from './region-level.enum.js';

/**
 * 行政区划 An administrative region (GB/T 2260 code), from province down to community.
 * `path` (ltree) joins the codes from the province down, so `path <@ scope` selects a subtree.
 */
@Entity('region')
@Unique('uq_region_code', ['code'])
@Check('ck_region_level', `level IN ('PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'COMMUNITY')`)
export class Region extends BaseEntity {
  @Column({ type: 'varchar', length: 12 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 12 })
  level: RegionLevel;

  @Index('ix_region_parent_id')
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => Region, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_region_parent' })
  parent?: Region | null;

  /** `430000.431100.431126.431126100`: codes from the province down to this region. */
  @Index('ix_region_path', { spatial: true })
  @Column({ type: 'ltree' })
  path: string;

  /** The county (6 digits) this region lies in; null for provinces and cities. */
  @Index('ix_region_county_code')
  @Column({ type: 'varchar', length: 6, nullable: true })
  countyCode: string | null;
}
