import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReferenceModule } from '../reference/reference.module.js';
import { WorkersModule } from '../workers/workers.module.js';
import { AssistanceCase, AssistanceCaseNote } from './assistance/assistance-case.entity.js';
import { AuditStandard, AuditStandardItem } from './audits/audit-standard.entity.js';
import { StationAudit, StationAuditItem } from './audits/station-audit.entity.js';
import { EventRegistration } from './events/event-registration.entity.js';
import { WelfareEvent } from './events/welfare-event.entity.js';
import { StationAmenity } from './stations/station-amenity.entity.js';
import { StationCheckIn } from './stations/station-check-in.entity.js';
import { Station } from './stations/station.entity.js';

/** 暖新行动 Caring service: stations, six-item audits, welfare events and assistance cases. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Station, StationAmenity, StationCheckIn, AuditStandard, AuditStandardItem, StationAudit, StationAuditItem,
      WelfareEvent, EventRegistration, AssistanceCase, AssistanceCaseNote,
    ]),
    ReferenceModule,
    WorkersModule,
  ],
  providers: [],
  controllers: [],
})
export class CareModule {}
