import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An extension is asked for in the category's unit: hours, or working days for a category counted in working days. */
export class IssueExtensionWorkingDays1764391600000 implements MigrationInterface {
  name = 'IssueExtensionWorkingDays1764391600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE governance_issue ADD COLUMN extension_requested_working_days integer');
    await q.query(`ALTER TABLE governance_issue ADD CONSTRAINT ck_governance_issue_extension_one_unit
      CHECK (extension_requested_hours IS NULL OR extension_requested_working_days IS NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE governance_issue DROP CONSTRAINT ck_governance_issue_extension_one_unit');
    await q.query('ALTER TABLE governance_issue DROP COLUMN extension_requested_working_days');
  }
}
