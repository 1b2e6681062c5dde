import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { WebhookDeliveryWorker } from './webhooks/webhook-delivery.worker.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';
import { WebhooksResolver } from './webhooks/webhooks.resolver.js';
import { WebhooksService } from './webhooks/webhooks.service.js';

/** Events out: webhooks (Standard Webhooks) and GraphQL subscriptions, both fed by the outbox. */
@Module({
  imports: [JobsModule],
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhooksResolver, WebhookDeliveryWorker],
  exports: [WebhookDeliveryWorker],
})
export class EventsModule {}
