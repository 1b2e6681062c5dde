import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { GovernanceIssue } from './governance-issue.entity.js';

/** Who took a timeline step. */
export enum IssueEventActorKind {
  STAFF = 'STAFF',
  WORKER = 'WORKER',
  SYSTEM = 'SYSTEM',
}

/**
 * One step on a problem's timeline: who, when, from, to, note. Append-only: a trigger refuses
 * UPDATE, DELETE and TRUNCATE, so the history cannot be edited.
 */
@Entity('governance_issue_event')
@Index('ix_governance_issue_event_issue_at', ['issueId', 'at'])
@Check('ck_governance_issue_event_actor_kind', `actor_kind IN ('STAFF', 'WORKER', 'SYSTEM')`)
export class IssueEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  issueId: string;

  @ManyToOne(() => GovernanceIssue, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'issue_id', foreignKeyConstraintName: 'fk_governance_issue_event_issue' })
  issue?: GovernanceIssue;

  /** When it happened, by the service clock. */
  @Column({ type: 'timestamptz', precision: 3 })
  at: Date;

  /** REPORT, an IssueAction, or MARK_OVERDUE (督办). */
  @Column({ type: 'varchar', length: 24 })
  action: string;

  @Column({ type: 'varchar', length: 12, nullable: true })
  fromStatus: string | null;

  @Column({ type: 'varchar', length: 12 })
  toStatus: string;

  @Column({ type: 'varchar', length: 8 })
  actorKind: IssueEventActorKind;

  /** Staff user or worker id; only staff ids are ever shown, and only to staff. */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  actorRole: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
