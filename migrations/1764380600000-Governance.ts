import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Governance: volunteer teams, grids, enrolments and governance problems. */
export class Governance1764380600000 implements MigrationInterface {
  name = 'Governance1764380600000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
