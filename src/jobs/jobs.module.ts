import { Module } from '@nestjs/common';
import { JobQueue } from './job-queue.js';

/** Background jobs on pg-boss: the one queue client every feature's jobs share. */
@Module({ providers: [JobQueue], exports: [JobQueue] })
export class JobsModule {}
