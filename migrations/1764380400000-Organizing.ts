import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Organizing: workers (full), enterprises (supervision), party organisations, the five-clear ledger and instructors. */
export class Organizing1764380400000 implements MigrationInterface {
  name = 'Organizing1764380400000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
