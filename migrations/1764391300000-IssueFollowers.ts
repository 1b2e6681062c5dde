import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 我也遇到 Workers follow problems others reported; each problem counts its followers. */
export class IssueFollowers1764391300000 implements MigrationInterface {
  name = 'IssueFollowers1764391300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE governance_issue_follower (
        issue_id uuid NOT NULL,
        worker_id uuid NOT NULL,
        followed_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT pk_governance_issue_follower PRIMARY KEY (issue_id, worker_id),
        CONSTRAINT fk_governance_issue_follower_issue FOREIGN KEY (issue_id) REFERENCES governance_issue (id) ON DELETE RESTRICT,
        CONSTRAINT fk_governance_issue_follower_worker FOREIGN KEY (worker_id) REFERENCES worker (id) ON DELETE RESTRICT
      )`);
    await q.query('CREATE INDEX ix_governance_issue_follower_worker_id ON governance_issue_follower (worker_id)');
    await q.query('ALTER TABLE governance_issue ADD COLUMN follower_count integer NOT NULL DEFAULT 0');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE governance_issue DROP COLUMN follower_count');
    await q.query('DROP TABLE governance_issue_follower');
  }
}
