import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReferenceModule } from '../reference/reference.module.js';
import { WorkersModule } from '../workers/workers.module.js';
import { EnterprisesController } from './enterprises/enterprises.controller.js';
import { Enterprise } from './enterprises/enterprise.entity.js';
import { EnterprisesResolver } from './enterprises/enterprises.resolver.js';
import { EnterprisesService } from './enterprises/enterprises.service.js';
import { OrganizingGapsController } from './gaps/organizing-gaps.controller.js';
import { OrganizingGapsResolver } from './gaps/organizing-gaps.resolver.js';
import { OrganizingGapsService } from './gaps/organizing-gaps.service.js';
import { GuidanceVisit } from './instructors/guidance-visit.entity.js';
import { InstructorAssignment } from './instructors/instructor-assignment.entity.js';
import { GuidanceVisitsController, InstructorAssignmentsController } from './instructors/instructors.controller.js';
import { GuidanceVisitsResolver, InstructorAssignmentsResolver } from './instructors/instructors.resolver.js';
import { InstructorsService } from './instructors/instructors.service.js';
import { LedgerEntryItem } from './ledger/ledger-entry-item.entity.js';
import { LedgerEntry } from './ledger/ledger-entry.entity.js';
import { LedgerImport } from './ledger/ledger-import.entity.js';
import { LedgerItem } from './ledger/ledger-item.entity.js';
import { LedgerItemsService } from './ledger/ledger-items.service.js';
import { LedgerTransferService } from './ledger/ledger-transfer.service.js';
import { LedgerController } from './ledger/ledger.controller.js';
import { LedgerResolver } from './ledger/ledger.resolver.js';
import { LedgerService } from './ledger/ledger.service.js';
import { PartyOrganizationEnterprise } from './party-organizations/party-organization-enterprise.entity.js';
import { PartyOrganization } from './party-organizations/party-organization.entity.js';
import { PartyOrganizationsController } from './party-organizations/party-organizations.controller.js';
import { PartyOrganizationsResolver } from './party-organizations/party-organizations.resolver.js';
import { PartyOrganizationsService } from './party-organizations/party-organizations.service.js';

/**
 * 安家行动 Enterprises and their supervising departments, party organisations, the five-clear ledger,
 * instructors and the gaps between them. Exports LedgerService for the roster feature
 * (`createFromRosterMatch`, `workerIdsInLedger`) and EnterprisesService.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Enterprise,
      PartyOrganization,
      PartyOrganizationEnterprise,
      LedgerEntry,
      LedgerItem,
      LedgerEntryItem,
      LedgerImport,
      InstructorAssignment,
      GuidanceVisit,
    ]),
    ReferenceModule,
    WorkersModule,
  ],
  providers: [
    EnterprisesService,
    LedgerItemsService,
    LedgerService,
    LedgerTransferService,
    PartyOrganizationsService,
    InstructorsService,
    OrganizingGapsService,
    EnterprisesResolver,
    PartyOrganizationsResolver,
    LedgerResolver,
    InstructorAssignmentsResolver,
    GuidanceVisitsResolver,
    OrganizingGapsResolver,
  ],
  controllers: [
    EnterprisesController,
    PartyOrganizationsController,
    LedgerController,
    InstructorAssignmentsController,
    GuidanceVisitsController,
    OrganizingGapsController,
  ],
  exports: [EnterprisesService, LedgerService, LedgerTransferService, TypeOrmModule],
})
export class OrganizingModule {}
