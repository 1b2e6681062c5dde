import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { StaffUser } from '../../reference/staff/staff-user.entity.js';
import { VersionedEntity } from '../../database/base.entity.js';
import { Region } from '../../reference/regions/region.entity.js';

/**
 * 网格 A community grid: a PostgreSQL native `polygon` boundary (x = longitude, y = latitude) with a
 * GiST index for containment, its centroid, the community it belongs to and its grid worker.
 */
@Entity('grid')
@Unique('uq_grid_code', ['code'])
export class Grid extends VersionedEntity {
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** The community (社区/村) region. */
  @Index('ix_grid_community_id')
  @Column({ type: 'uuid' })
  communityId: string;

  @ManyToOne(() => Region, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'community_id', foreignKeyConstraintName: 'fk_grid_community' })
  community?: Region;

  @Index('ix_grid_county_code')
  @Column({ type: 'varchar', length: 6 })
  countyCode: string;

  /** 网格员 The staff user (GRID_WORKER) in charge. */
  @Index('ix_grid_grid_worker_id')
  @Column({ type: 'uuid', nullable: true })
  gridWorkerId: string | null;

  @ManyToOne(() => StaffUser, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'grid_worker_id', foreignKeyConstraintName: 'fk_grid_grid_worker' })
  gridWorker?: StaffUser | null;

  /** `((lng,lat),…)`: PostgreSQL polygon text, read and written through grid-geometry.ts. */
  @Index('ix_grid_boundary', { spatial: true })
  @Column({ type: 'polygon' })
  boundary: string;

  @Column({ type: 'double precision' })
  centroidLat: number;

  @Column({ type: 'double precision' })
  centroidLng: number;
}
