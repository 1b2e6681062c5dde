import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dashboard: indexes for the overview figures and the exports (no tables of its own).
 * - governance_issue by township, covering what GovernanceFiguresService aggregates (status and
 *   times), so a county's figures are index-only scans of its townships instead of a scan of every
 *   problem in the province.
 * - governance_issue by county and report time: the problems export reads a county in keyset
 *   batches of (reported_at, id).
 * - volunteer_team_member by team: workers mobilised (members of the region's teams).
 */
export class Dashboard1764380800000 implements MigrationInterface {
  name = 'Dashboard1764380800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_governance_issue_township_figures ON governance_issue (township_id)
      INCLUDE (status, reported_at, resolved_at, deadline_at, category_id)`);
    await q.query('CREATE INDEX ix_governance_issue_county_reported ON governance_issue (county_code, reported_at, id)');
    await q.query('CREATE INDEX ix_volunteer_team_member_team_id ON volunteer_team_member (team_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_volunteer_team_member_team_id');
    await q.query('DROP INDEX ix_governance_issue_county_reported');
    await q.query('DROP INDEX ix_governance_issue_township_figures');
  }
}
