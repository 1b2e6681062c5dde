import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { GovernanceIssue } from './governance-issue.entity.js';

/**
 * 督办 A supervision entry: the problem missed this deadline unresolved. One per problem and
 * deadline (the unique key makes the overdue job idempotent, even across instances).
 */
@Entity('governance_issue_supervision')
@Unique('uq_governance_issue_supervision_issue_deadline', ['issueId', 'deadlineAt'])
export class IssueSupervision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  issueId: string;

  @ManyToOne(() => GovernanceIssue, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'issue_id', foreignKeyConstraintName: 'fk_governance_issue_supervision_issue' })
  issue?: GovernanceIssue;

  /** The deadline that was missed. */
  @Column({ type: 'timestamptz', precision: 3 })
  deadlineAt: Date;

  /** When the job noticed, by the service clock. */
  @Column({ type: 'timestamptz', precision: 3 })
  at: Date;

  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
