import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A change to what a signed-in caller is made of (a staff account's role, region, department, state or
 * password; a worker's county or merge; a region's place in the tree) NOTIFYs `newforce_callers` when
 * it commits, whoever makes it (any instance, a migration, psql): every instance then forgets the
 * callers it remembers (auth/caller-cache.ts). Statement-level, so a bulk change sends one notice.
 */
export class CallerChanges1764391800000 implements MigrationInterface {
  name = 'CallerChanges1764391800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION notify_caller_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('newforce_callers', TG_TABLE_NAME); RETURN NULL; END $$`);
    const watched: [table: string, columns: string][] = [
      ['staff_user', 'role, username, disabled, must_change_password, password_changed_at, department_id, region_id'],
      ['worker', 'phone_masked, county_code, merged_into_id'],
      ['region', 'path, county_code'],
    ];
    for (const [table, columns] of watched) {
      await q.query(`CREATE TRIGGER ${table}_caller_update AFTER UPDATE OF ${columns} ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION notify_caller_change()`);
      await q.query(`CREATE TRIGGER ${table}_caller_delete AFTER DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION notify_caller_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['staff_user', 'worker', 'region']) {
      await q.query(`DROP TRIGGER ${table}_caller_update ON ${table}`);
      await q.query(`DROP TRIGGER ${table}_caller_delete ON ${table}`);
    }
    await q.query('DROP FUNCTION notify_caller_change()');
  }
}
