import type { MigrationInterface, QueryRunner } from 'typeorm';

/** AuditLog: the append-only audit log. */
export class AuditLog1764380300000 implements MigrationInterface {
  name = 'AuditLog1764380300000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
