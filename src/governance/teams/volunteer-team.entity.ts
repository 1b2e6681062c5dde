import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { VersionedEntity } from '../../database/base.entity.js';
import { Region } from '../../reference/regions/region.entity.js';
import { Worker } from '../../workers/worker.entity.js';

/** 服务队类型 Kind of team. */
export enum VolunteerTeamKind {
  VANGUARD = 'VANGUARD',
  VOLUNTEER = 'VOLUNTEER',
}

/** 志愿服务队 / 先锋服务队 A team of workers in a township, led by one of them. */
@Entity('volunteer_team')
@Check('ck_volunteer_team_kind', `kind IN ('VANGUARD', 'VOLUNTEER')`)
export class VolunteerTeam extends VersionedEntity {
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 10 })
  kind: VolunteerTeamKind;

  @Index('ix_volunteer_team_township_id')
  @Column({ type: 'uuid' })
  townshipId: string;

  @ManyToOne(() => Region, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'township_id', foreignKeyConstraintName: 'fk_volunteer_team_township' })
  township?: Region;

  @Index('ix_volunteer_team_county_code')
  @Column({ type: 'varchar', length: 6 })
  countyCode: string;

  /** 队长 The leader: a worker, also a member with role LEADER. */
  @Index('ix_volunteer_team_leader_worker_id')
  @Column({ type: 'uuid' })
  leaderWorkerId: string;

  @ManyToOne(() => Worker, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'leader_worker_id', foreignKeyConstraintName: 'fk_volunteer_team_leader' })
  leader?: Worker;
}
