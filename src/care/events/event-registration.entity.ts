import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../../database/base.entity.js';
import { Worker } from '../../workers/worker.entity.js';
import { sqlList } from '../stations/station.enums.js';
import { RegistrationStatus } from './event.enums.js';
import { WelfareEvent } from './welfare-event.entity.js';

/**
 * A worker's registration for a welfare event: one per worker and event. The wait-list is served
 * in `queue_number` order. Its `ticket_code` is the worker's QR (`NF-TKT-<code>`) staff scan at the door.
 */
@Entity('event_registration')
@Index('uq_event_registration_event_worker', ['eventId', 'workerId'], { unique: true })
@Index('uq_event_registration_ticket_code', ['ticketCode'], { unique: true })
@Index('ix_event_registration_queue', ['eventId', 'status', 'queueNumber'])
@Check('ck_event_registration_status', `status IN (${sqlList(RegistrationStatus)})`)
export class EventRegistration extends BaseEntity {
  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => WelfareEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_event_registration_event' })
  event?: WelfareEvent;

  @Index('ix_event_registration_worker_id')
  @Column({ type: 'uuid' })
  workerId: string;

  @ManyToOne(() => Worker, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'worker_id', foreignKeyConstraintName: 'fk_event_registration_worker' })
  worker?: Worker;

  @Column({ type: 'varchar', length: 12 })
  status: RegistrationStatus;

  /** When the worker (last) signed up. */
  @Column({ type: 'timestamptz', precision: 3 })
  registeredAt: Date;

  /** Place in the event's sign-up order (1, 2, 3…; a new number on signing up again): the wait-list is served by it. */
  @Column({ type: 'integer' })
  queueNumber: number;

  /** When a wait-listed registration was confirmed because someone cancelled. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  promotedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  cancelledAt: Date | null;

  /** Checked in at the event (签到). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  attendedAt: Date | null;

  @Column({ type: 'varchar', length: 16 })
  ticketCode: string;

  @Index('ix_event_registration_county_code')
  @Column({ type: 'varchar', length: 6 })
  countyCode: string;
}
