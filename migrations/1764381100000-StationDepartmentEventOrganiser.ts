import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may change a station or an event, as data:
 * - `station.department_id`: the department that runs the station (the trade union's 职工之家…).
 *   A department officer edits only the stations of their department; null = the county's own,
 *   edited by its party-building office, township offices and administrators.
 * - `welfare_event.created_by_id`: the staff account that organised the event. A station manager
 *   changes or cancels only the events they organised; events from before this migration have
 *   none and are left to their department and the county's officers.
 */
export class StationDepartmentEventOrganiser1764381100000 implements MigrationInterface {
  name = 'StationDepartmentEventOrganiser1764381100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE station ADD COLUMN department_id uuid');
    await q.query('ALTER TABLE station ADD CONSTRAINT fk_station_department FOREIGN KEY (department_id) REFERENCES department (id) ON DELETE RESTRICT');
    await q.query('CREATE INDEX ix_station_department_id ON station (department_id)');
    await q.query('ALTER TABLE welfare_event ADD COLUMN created_by_id uuid');
    await q.query(
      'ALTER TABLE welfare_event ADD CONSTRAINT fk_welfare_event_created_by FOREIGN KEY (created_by_id) REFERENCES staff_user (id) ON DELETE SET NULL',
    );
    await q.query('CREATE INDEX ix_welfare_event_created_by_id ON welfare_event (created_by_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_welfare_event_created_by_id');
    await q.query('ALTER TABLE welfare_event DROP CONSTRAINT fk_welfare_event_created_by');
    await q.query('ALTER TABLE welfare_event DROP COLUMN created_by_id');
    await q.query('DROP INDEX ix_station_department_id');
    await q.query('ALTER TABLE station DROP CONSTRAINT fk_station_department');
    await q.query('ALTER TABLE station DROP COLUMN department_id');
  }
}
