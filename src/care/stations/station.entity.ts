import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { StaffUser } from '../../reference/staff/staff-user.entity.js';
import { VersionedEntity } from '../../database/base.entity.js';
import { Department } from '../../reference/departments/department.entity.js';
import { Region } from '../../reference/regions/region.entity.js';
import type { OpeningHours } from './opening-hours.js';
import { HostVenue, sqlList, StationKind, StationStatus } from './station.enums.js';

/**
 * 驿站 A place where gig workers rest, eat, charge and drink (户外劳动者服务站, 小哥驿站…). Its
 * unique `code` starts the QR payload workers scan to check in (`NF-STN-<code>.<rotating code>`, the
 * rotating code from the station's screen: see CheckInCodes).
 * Found by distance through a GiST index on `ll_to_earth(lat, lng)` (created in the migration).
 */
@Entity('station')
@Index('uq_station_code', ['code'], { unique: true })
@Check('ck_station_kind', `kind IN (${sqlList(StationKind)})`)
@Check('ck_station_host_venue', `host_venue IN (${sqlList(HostVenue)})`)
@Check('ck_station_status', `status IN (${sqlList(StationStatus)})`)
@Check('ck_station_lat', 'lat BETWEEN -90 AND 90')
@Check('ck_station_lng', 'lng BETWEEN -180 AND 180')
export class Station extends VersionedEntity {
  /** Unique public code, e.g. `NY0001`. */
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 24 })
  kind: StationKind;

  @Column({ type: 'varchar', length: 24 })
  hostVenue: HostVenue;

  @Column({ type: 'varchar', length: 300 })
  address: string;

  @Column({ type: 'double precision' })
  lat: number;

  @Column({ type: 'double precision' })
  lng: number;

  /** Township (乡镇/街道) the station stands in; scope follows its region path. */
  @Index('ix_station_township_id')
  @Column({ type: 'uuid' })
  townshipId: string;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'township_id', foreignKeyConstraintName: 'fk_station_township' })
  township?: Region;

  @Index('ix_station_county_code')
  @Column({ type: 'varchar', length: 6 })
  countyCode: string;

  /** The STATION_MANAGER who runs it. */
  @Index('ix_station_manager_id')
  @Column({ type: 'uuid', nullable: true })
  managerId: string | null;

  @ManyToOne(() => StaffUser, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'manager_id', foreignKeyConstraintName: 'fk_station_manager' })
  manager?: StaffUser | null;

  /** 主办部门 The department that runs it (the trade union's 职工之家…); its officers edit it. Null = the county's own. */
  @Index('ix_station_department_id')
  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @ManyToOne(() => Department, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'fk_station_department' })
  department?: Department | null;

  @Column({ type: 'varchar', length: 12, default: StationStatus.PLANNED })
  status: StationStatus;

  /** Weekly schedule and dated exceptions (Asia/Shanghai); null = hours not published. */
  @Column({ type: 'jsonb', nullable: true })
  openingHours: OpeningHours | null;
}
