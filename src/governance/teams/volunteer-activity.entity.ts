import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../../database/base.entity.js';
import { VolunteerTeam } from './volunteer-team.entity.js';

/** 活动类型 Kind of activity. */
export enum VolunteerActivityKind {
  CIVILIZATION = 'CIVILIZATION',
  GOVERNANCE = 'GOVERNANCE',
  SAFETY = 'SAFETY',
  ENVIRONMENT = 'ENVIRONMENT',
  OTHER = 'OTHER',
}

/** A team's activity on a day at a place; participants' hours are VolunteerHours rows. */
@Entity('volunteer_activity')
@Index('ix_volunteer_activity_team_held_on', ['teamId', 'heldOn'])
@Check('ck_volunteer_activity_kind', `kind IN ('CIVILIZATION', 'GOVERNANCE', 'SAFETY', 'ENVIRONMENT', 'OTHER')`)
export class VolunteerActivity extends BaseEntity {
  @Column({ type: 'uuid' })
  teamId: string;

  @ManyToOne(() => VolunteerTeam, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'fk_volunteer_activity_team' })
  team?: VolunteerTeam;

  @Column({ type: 'varchar', length: 16 })
  kind: VolunteerActivityKind;

  @Column({ type: 'date' })
  heldOn: string;

  @Column({ type: 'varchar', length: 200 })
  place: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** Staff user or leader (worker) who recorded it. */
  @Column({ type: 'uuid' })
  recordedById: string;
}
