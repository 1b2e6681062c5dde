import { Global, Module } from '@nestjs/common';
import { CALL_QUOTA } from '../access/call-quota.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { CallQuotaService } from './call-quota.service.js';
import { RateLimiter } from './rate-limiter.js';

/**
 * The one RateLimiter, shared by sign-in, worker self-service and check-ins, and the quotas the global
 * guard charges every authenticated call to (global: workers, care and the guard need them without importing auth).
 */
@Global()
@Module({
  imports: [JobsModule],
  providers: [RateLimiter, CallQuotaService, { provide: CALL_QUOTA, useExisting: CallQuotaService }],
  exports: [RateLimiter, CallQuotaService, CALL_QUOTA],
})
export class RateLimitModule {}
