import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Amenity, sqlList } from './station.enums.js';
import { Station } from './station.entity.js';

/** A facility at a station and its live state: a manager marks it out of order, with the time. */
@Entity('station_amenity')
@Check('ck_station_amenity_amenity', `amenity IN (${sqlList(Amenity)})`)
export class StationAmenity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_station_amenity' })
  stationId: string;

  @PrimaryColumn({ type: 'varchar', length: 20, primaryKeyConstraintName: 'pk_station_amenity' })
  amenity: Amenity;

  @ManyToOne(() => Station, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'station_id', foreignKeyConstraintName: 'fk_station_amenity_station' })
  station?: Station;

  /** False while out of order (故障). */
  @Column({ type: 'boolean', default: true })
  working: boolean;

  /** When it was last marked out of order or back in order. */
  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  statusChangedAt: Date;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;
}
