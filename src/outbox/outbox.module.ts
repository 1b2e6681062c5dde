import { Global, Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { EventBus } from './event-bus.js';
import { EventsPool } from './events-pool.js';
import { OutboxRetentionService } from './outbox-retention.service.js';
import { OutboxService } from './outbox.service.js';

/** The transactional outbox, its retention job and the LISTEN/NOTIFY bus (global: every feature appends). */
@Global()
@Module({
  imports: [JobsModule],
  providers: [EventsPool, OutboxService, EventBus, OutboxRetentionService],
  exports: [EventsPool, OutboxService, EventBus, OutboxRetentionService],
})
export class OutboxModule {}
