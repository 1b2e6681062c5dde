import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Identity: workers, enterprises (core), staff users, tokens, login codes and API keys. */
export class Identity1764380200000 implements MigrationInterface {
  name = 'Identity1764380200000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
