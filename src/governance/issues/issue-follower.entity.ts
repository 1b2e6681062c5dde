import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Worker } from '../../workers/worker.entity.js';
import { GovernanceIssue } from './governance-issue.entity.js';

/**
 * 我也遇到 A worker follows a problem someone else reported ("me too") instead of reporting it
 * again: it shows in their `myIssues` and adds one to the problem's follower count. Who follows is
 * never shown to anyone else.
 */
@Entity('governance_issue_follower')
export class IssueFollower {
  @PrimaryColumn({ type: 'uuid' })
  issueId: string;

  @ManyToOne(() => GovernanceIssue, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'issue_id', foreignKeyConstraintName: 'fk_governance_issue_follower_issue' })
  issue?: GovernanceIssue;

  @Index('ix_governance_issue_follower_worker_id')
  @PrimaryColumn({ type: 'uuid' })
  workerId: string;

  @ManyToOne(() => Worker, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'worker_id', foreignKeyConstraintName: 'fk_governance_issue_follower_worker' })
  worker?: Worker;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  followedAt: Date;
}
