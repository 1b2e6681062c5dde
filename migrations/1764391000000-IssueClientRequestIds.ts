import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Offline-safe reporting: a problem keeps the client request id the app generated for it, unique per
 * reporter, so the same report sent twice (a retry after a dropped connection) finds the first one.
 * NULLs are distinct, so problems reported without an id are unaffected.
 */
export class IssueClientRequestIds1764391000000 implements MigrationInterface {
  name = 'IssueClientRequestIds1764391000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE governance_issue ADD COLUMN client_request_id uuid');
    await q.query(`ALTER TABLE governance_issue ADD CONSTRAINT uq_governance_issue_reporter_client_request UNIQUE (reporter_worker_id, client_request_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE governance_issue DROP CONSTRAINT uq_governance_issue_reporter_client_request');
    await q.query('ALTER TABLE governance_issue DROP COLUMN client_request_id');
  }
}
