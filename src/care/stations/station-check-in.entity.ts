import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Worker } from '../../workers/worker.entity.js';
import { Station } from './station.entity.js';

/**
 * A worker's visit to a station (扫码签到). At most one per worker, station and clock hour: the
 * unique index on `hour_slot` enforces it in the database, so concurrent scans cannot double count.
 */
@Entity('station_check_in')
@Index('uq_station_check_in_hour', ['stationId', 'workerId', 'hourSlot'], { unique: true })
@Index('ix_station_check_in_station_at', ['stationId', 'checkedInAt'])
export class StationCheckIn {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_station_check_in' })
  id: string;

  @Column({ type: 'uuid' })
  stationId: string;

  @ManyToOne(() => Station, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'station_id', foreignKeyConstraintName: 'fk_station_check_in_station' })
  station?: Station;

  @Index('ix_station_check_in_worker_id')
  @Column({ type: 'uuid' })
  workerId: string;

  @ManyToOne(() => Worker, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'worker_id', foreignKeyConstraintName: 'fk_station_check_in_worker' })
  worker?: Worker;

  @Column({ type: 'timestamptz', precision: 3 })
  checkedInAt: Date;

  /** `checked_in_at` cut to the hour: the once-per-hour key. */
  @Column({ type: 'timestamptz', precision: 3 })
  hourSlot: Date;

  @Index('ix_station_check_in_county_code')
  @Column({ type: 'varchar', length: 6 })
  countyCode: string;
}
