import { Global, Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { RateLimiter } from './rate-limiter.js';

/** The one RateLimiter, shared by sign-in, worker self-service and check-ins (global: workers and care need it without importing auth). */
@Global()
@Module({ imports: [JobsModule], providers: [RateLimiter], exports: [RateLimiter] })
export class RateLimitModule {}
