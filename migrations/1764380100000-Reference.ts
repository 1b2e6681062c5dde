import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Reference: regions, departments, industries and supervision rules. */
export class Reference1764380100000 implements MigrationInterface {
  name = 'Reference1764380100000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
