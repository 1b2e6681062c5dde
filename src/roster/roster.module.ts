import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobsModule } from '../jobs/jobs.module.js';
import { LedgerService } from '../organizing/ledger/ledger.service.js';
import { OrganizingModule } from '../organizing/organizing.module.js';
import { LEDGER_MATCHER } from './ledger/ledger-matcher.js';
import { RosterApplier } from './roster-applier.js';
import { RosterApplyTransaction } from './roster-apply-transaction.js';
import { RosterJobs } from './roster-jobs.service.js';
import { RosterOverviewService } from './roster-overview.service.js';
import { RosterRetentionService } from './roster-retention.service.js';
import { RosterRider } from './roster-rider.entity.js';
import { RosterSweeper } from './roster-sweeper.service.js';
import { RosterSyncChange } from './roster-sync-change.entity.js';
import { RosterSync } from './roster-sync.entity.js';
import { RosterSyncService } from './roster-sync.service.js';
import { RosterController } from './roster.controller.js';
import { RosterResolver } from './roster.resolver.js';

/**
 * 平台名单同步 Platform roster sync: streamed uploads, the job that applies them atomically,
 * matching against workers and the five-clear ledger, retention, and staff views. The ledger is
 * reached through LEDGER_MATCHER, which the ledger's own service provides.
 */
@Module({
  imports: [TypeOrmModule.forFeature([RosterSync, RosterRider, RosterSyncChange]), OrganizingModule, JobsModule],
  providers: [
    RosterSyncService,
    RosterApplier,
    RosterApplyTransaction,
    RosterJobs,
    RosterRetentionService,
    RosterSweeper,
    RosterOverviewService,
    RosterResolver,
    { provide: LEDGER_MATCHER, useExisting: LedgerService },
  ],
  controllers: [RosterController],
  exports: [RosterSyncService, RosterApplier, RosterRetentionService, RosterSweeper],
})
export class RosterModule {}
