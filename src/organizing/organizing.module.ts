import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Enterprise } from './enterprises/enterprise.entity.js';
import { GuidanceVisit } from './instructors/guidance-visit.entity.js';
import { InstructorAssignment } from './instructors/instructor-assignment.entity.js';
import { LedgerEntryItem } from './ledger/ledger-entry-item.entity.js';
import { LedgerEntry } from './ledger/ledger-entry.entity.js';
import { LedgerImport } from './ledger/ledger-import.entity.js';
import { LedgerItem } from './ledger/ledger-item.entity.js';
import { PartyOrganizationEnterprise } from './party-organizations/party-organization-enterprise.entity.js';
import { PartyOrganization } from './party-organizations/party-organization.entity.js';

/** 安家行动 Enterprises, party organisations, the five-clear ledger, instructors and the gaps between them. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Enterprise, PartyOrganization, PartyOrganizationEnterprise, LedgerEntry, LedgerItem, LedgerEntryItem, LedgerImport,
      InstructorAssignment, GuidanceVisit,
    ]),
  ],
})
export class OrganizingModule {}
