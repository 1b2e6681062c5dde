import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuthModule } from '../auth/auth.module.js';
import { jwtKeyOf } from '../auth/tokens/jwt-key.js';
import { CareModule } from '../care/care.module.js';
import { AppConfig } from '../config/app-config.js';
import { GovernanceModule } from '../governance/governance.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { EventSubscriptionsResolver } from './subscriptions/event-subscriptions.resolver.js';
import { EventSubscriptionsService } from './subscriptions/event-subscriptions.service.js';
import { SubscriptionAuth } from './subscriptions/subscription-auth.service.js';
import { WebhookDeliveryWorker } from './webhooks/webhook-delivery.worker.js';
import { WebhookNoticeInterceptor, WebhookNotices } from './webhooks/webhook-notices.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';
import { WebhooksResolver } from './webhooks/webhooks.resolver.js';
import { WebhooksService } from './webhooks/webhooks.service.js';

/** Events out: webhooks (Standard Webhooks) and GraphQL subscriptions (graphql-ws), both fed by the outbox. */
@Module({
  imports: [
    JobsModule,
    AuthModule,
    GovernanceModule,
    CareModule,
    // Verifies the access tokens sockets present in connection_init (same key as the HTTP strategy).
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ publicKey: jwtKeyOf(config), privateKey: jwtKeyOf(config), verifyOptions: { algorithms: ['HS256'] } }),
    }),
  ],
  controllers: [WebhooksController],
  providers: [
    WebhooksService,
    WebhooksResolver,
    WebhookDeliveryWorker,
    WebhookNotices,
    { provide: APP_INTERCEPTOR, useClass: WebhookNoticeInterceptor },
    SubscriptionAuth,
    EventSubscriptionsService,
    EventSubscriptionsResolver,
  ],
  exports: [WebhookDeliveryWorker],
})
export class EventsModule {}
