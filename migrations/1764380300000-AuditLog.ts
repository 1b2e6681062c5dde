import type { MigrationInterface, QueryRunner } from 'typeorm';

/** AuditLog: the append-only audit log; a trigger refuses UPDATE, DELETE and TRUNCATE. */
export class AuditLog1764380300000 implements MigrationInterface {
  name = 'AuditLog1764380300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_entry (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        at timestamptz(3) NOT NULL DEFAULT now(),
        actor_kind varchar(16) NOT NULL,
        actor_id uuid,
        actor_label varchar(200) NOT NULL,
        role varchar(32),
        action varchar(200) NOT NULL,
        outcome varchar(16) NOT NULL,
        entity_type varchar(100),
        entity_id varchar(100),
        changes jsonb,
        reason text,
        request_id varchar(64),
        ip inet,
        county_code varchar(6),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT pk_audit_entry PRIMARY KEY (id),
        CONSTRAINT chk_audit_entry_actor_kind CHECK (actor_kind IN ('STAFF', 'WORKER', 'PLATFORM', 'ANONYMOUS', 'SYSTEM')),
        CONSTRAINT chk_audit_entry_outcome CHECK (outcome IN ('SUCCESS', 'FAILURE'))
      )`);
    await q.query('CREATE INDEX idx_audit_entry_actor_at ON audit_entry (actor_id, at)');
    await q.query('CREATE INDEX idx_audit_entry_entity_at ON audit_entry (entity_type, entity_id, at)');
    await q.query('CREATE INDEX idx_audit_entry_action_at ON audit_entry (action, at)');
    await q.query('CREATE INDEX idx_audit_entry_at ON audit_entry (at)');
    // Append-only: rows are written once and never changed or removed, not even by the service's own role.
    await q.query(`
      CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entry is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege', HINT = 'Audit entries are never changed or removed.';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER trg_audit_entry_no_update_delete BEFORE UPDATE OR DELETE ON audit_entry
      FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()`);
    await q.query(`
      CREATE TRIGGER trg_audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
      FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER trg_audit_entry_no_truncate ON audit_entry');
    await q.query('DROP TRIGGER trg_audit_entry_no_update_delete ON audit_entry');
    await q.query('DROP TABLE audit_entry');
    await q.query('DROP FUNCTION audit_entry_append_only()');
  }
}
