import type { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = `'REPORTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'REJECTED', 'DUPLICATE', 'RETURNED'`;
const OPEN_BEFORE = `'REPORTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS', 'RETURNED'`;

/**
 * 不满意重办 Reopening: the reporter who rated a resolution 1 or 2 may reopen it within 7 days
 * (status REOPENED, back to the township). The first round's deadline is kept for the on-time
 * rate (the figures' covering index includes it); a reopened problem is open again, so the duplicate
 * search's partial index covers it.
 */
export class IssueReopening1764391200000 implements MigrationInterface {
  name = 'IssueReopening1764391200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE governance_issue DROP CONSTRAINT ck_governance_issue_status');
    await q.query(`ALTER TABLE governance_issue ADD CONSTRAINT ck_governance_issue_status CHECK (status IN (${BEFORE}, 'REOPENED'))`);
    await q.query('ALTER TABLE governance_issue ADD COLUMN first_deadline_at timestamptz(3)');
    await q.query('ALTER TABLE governance_issue ADD COLUMN reopen_count integer NOT NULL DEFAULT 0');
    await q.query('ALTER TABLE governance_issue ADD COLUMN reopened_at timestamptz(3)');
    await q.query('DROP INDEX ix_governance_issue_open_location');
    await q.query(`CREATE INDEX ix_governance_issue_open_location ON governance_issue USING GiST (ll_to_earth(lat, lng))
      WHERE status IN (${OPEN_BEFORE}, 'REOPENED')`);
    // The figures' on-time count reads the first deadline too: keep their scan index-only.
    await q.query('DROP INDEX ix_governance_issue_township_figures');
    await q.query(`CREATE INDEX ix_governance_issue_township_figures ON governance_issue (township_id)
      INCLUDE (status, reported_at, resolved_at, deadline_at, first_deadline_at, category_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_governance_issue_township_figures');
    await q.query(`CREATE INDEX ix_governance_issue_township_figures ON governance_issue (township_id)
      INCLUDE (status, reported_at, resolved_at, deadline_at, category_id)`);
    await q.query('DROP INDEX ix_governance_issue_open_location');
    await q.query(`CREATE INDEX ix_governance_issue_open_location ON governance_issue USING GiST (ll_to_earth(lat, lng)) WHERE status IN (${OPEN_BEFORE})`);
    await q.query('ALTER TABLE governance_issue DROP COLUMN reopened_at');
    await q.query('ALTER TABLE governance_issue DROP COLUMN reopen_count');
    await q.query('ALTER TABLE governance_issue DROP COLUMN first_deadline_at');
    await q.query('ALTER TABLE governance_issue DROP CONSTRAINT ck_governance_issue_status');
    await q.query(`ALTER TABLE governance_issue ADD CONSTRAINT ck_governance_issue_status CHECK (status IN (${BEFORE}))`);
  }
}
