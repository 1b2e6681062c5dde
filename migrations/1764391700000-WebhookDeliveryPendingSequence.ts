import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Pending webhook deliveries in sequence order, for claims that stop after the first heads they find. */
export class WebhookDeliveryPendingSequence1764391700000 implements MigrationInterface {
  name = 'WebhookDeliveryPendingSequence1764391700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_webhook_delivery_pending_sequence ON webhook_delivery (event_sequence) WHERE status = 'PENDING'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_webhook_delivery_pending_sequence');
  }
}
