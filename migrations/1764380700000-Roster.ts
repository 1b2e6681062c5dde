import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Roster: platform roster syncs and riders. */
export class Roster1764380700000 implements MigrationInterface {
  name = 'Roster1764380700000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
