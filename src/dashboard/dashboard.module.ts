import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CareModule } from '../care/care.module.js';
import { GovernanceModule } from '../governance/governance.module.js';
import { OrganizingModule } from '../organizing/organizing.module.js';
import { ReferenceModule } from '../reference/reference.module.js';
import { StationCoverageResolver } from './coverage/station-coverage.resolver.js';
import { StationCoverageService } from './coverage/station-coverage.service.js';
import { DashboardController } from './dashboard.controller.js';
import { DashboardScope } from './dashboard-scope.js';
import { ExportsController } from './exports/exports.controller.js';
import { ExportsService } from './exports/exports.service.js';
import { OverviewResolver } from './overview/overview.resolver.js';
import { OverviewService } from './overview/overview.service.js';

/** 总览 The county overview, station coverage and the .xlsx exports. */
@Module({
  imports: [ReferenceModule, AuditModule, OrganizingModule, CareModule, GovernanceModule],
  providers: [DashboardScope, OverviewService, OverviewResolver, StationCoverageService, StationCoverageResolver, ExportsService],
  controllers: [DashboardController, ExportsController],
  exports: [OverviewService, StationCoverageService],
})
export class DashboardModule {}
