import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../../database/base.entity.js';
import { Worker } from '../../workers/worker.entity.js';
import { VolunteerTeam } from './volunteer-team.entity.js';

/** A member's role in a team. */
export enum TeamMemberRole {
  LEADER = 'LEADER',
  MEMBER = 'MEMBER',
}

/** A worker's membership of a team, from joining to leaving; one current membership per team and worker. */
@Entity('volunteer_team_member')
@Index('uq_volunteer_team_member_current', ['teamId', 'workerId'], { unique: true, where: 'left_on IS NULL' })
@Check('ck_volunteer_team_member_role', `role IN ('LEADER', 'MEMBER')`)
export class VolunteerTeamMember extends BaseEntity {
  @Index('ix_volunteer_team_member_team_id')
  @Column({ type: 'uuid' })
  teamId: string;

  @ManyToOne(() => VolunteerTeam, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'fk_volunteer_team_member_team' })
  team?: VolunteerTeam;

  @Index('ix_volunteer_team_member_worker_id')
  @Column({ type: 'uuid' })
  workerId: string;

  @ManyToOne(() => Worker, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'worker_id', foreignKeyConstraintName: 'fk_volunteer_team_member_worker' })
  worker?: Worker;

  @Column({ type: 'varchar', length: 8 })
  role: TeamMemberRole;

  @Column({ type: 'date' })
  joinedOn: string;

  @Column({ type: 'date', nullable: true })
  leftOn: string | null;
}
