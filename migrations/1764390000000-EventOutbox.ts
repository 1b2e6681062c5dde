import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events out (issue 18): the transactional outbox and the webhook tables.
 *
 * `event_outbox`: one row per domain event, written in the transaction of the change it reports.
 * `sequence` is global; appends take a transaction-level advisory lock first, so sequence order is
 * commit order and a reader that has seen sequence N never later finds a committed N-1 (no gap for
 * resumed subscriptions). `platform_id` scopes platform events (their roster syncs); payloads carry
 * ids and codes only.
 *
 * `webhook_endpoint`: a receiver of an owner (staff user or platform), its secret sealed with the
 * personal-data key (never stored in clear), the previous secret while a rotation's 24 h last.
 * `webhook_delivery`: one row per (endpoint, event), created in the event's transaction, delivered
 * in sequence order per (endpoint, subject) by the delivery workers (a lease stops two instances
 * sending one delivery at once).
 */
export class EventOutbox1764390000000 implements MigrationInterface {
  name = 'EventOutbox1764390000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE event_outbox (
        sequence bigserial NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        type varchar(80) NOT NULL,
        subject_key varchar(200) NOT NULL,
        payload jsonb NOT NULL,
        platform_id uuid,
        county_code varchar(6),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_event_outbox PRIMARY KEY (sequence),
        CONSTRAINT uq_event_outbox_id UNIQUE (id)
      )`);
    await q.query('CREATE INDEX ix_event_outbox_created_at ON event_outbox (created_at)');
    await q.query('CREATE INDEX ix_event_outbox_subject ON event_outbox (subject_key, sequence)');

    await q.query(`
      CREATE TABLE webhook_endpoint (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        owner_kind varchar(10) NOT NULL,
        owner_id uuid NOT NULL,
        platform_id uuid,
        url varchar(2000) NOT NULL,
        events varchar(80)[] NOT NULL,
        description varchar(500),
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason varchar(500),
        secret_sealed text NOT NULL,
        previous_secret_sealed text,
        previous_secret_until timestamptz,
        failing_since timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_webhook_endpoint PRIMARY KEY (id),
        CONSTRAINT ck_webhook_endpoint_owner_kind CHECK (owner_kind IN ('staff', 'platform'))
      )`);
    await q.query('CREATE INDEX ix_webhook_endpoint_owner ON webhook_endpoint (owner_kind, owner_id)');

    await q.query(`
      CREATE TABLE webhook_delivery (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        endpoint_id uuid NOT NULL,
        event_sequence bigint NOT NULL,
        event_id uuid NOT NULL,
        subject_key varchar(200) NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'PENDING',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        leased_until timestamptz,
        first_failed_at timestamptz,
        response_code integer,
        response_body varchar(1024),
        latency_ms integer,
        last_error varchar(500),
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_webhook_delivery PRIMARY KEY (id),
        CONSTRAINT uq_webhook_delivery_endpoint_event UNIQUE (endpoint_id, event_sequence),
        CONSTRAINT fk_webhook_delivery_endpoint FOREIGN KEY (endpoint_id) REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
        CONSTRAINT ck_webhook_delivery_status CHECK (status IN ('PENDING', 'SUCCEEDED', 'DEAD'))
      )`);
    // The delivery workers' claim: the head (lowest sequence) of each (endpoint, subject) still pending.
    await q.query(`CREATE INDEX ix_webhook_delivery_pending ON webhook_delivery (endpoint_id, subject_key, event_sequence) WHERE status = 'PENDING'`);
    await q.query('CREATE INDEX ix_webhook_delivery_created_at ON webhook_delivery (created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE webhook_delivery');
    await q.query('DROP TABLE webhook_endpoint');
    await q.query('DROP TABLE event_outbox');
  }
}
