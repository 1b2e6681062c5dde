import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReferenceModule } from '../reference/reference.module.js';
import { WorkersModule } from '../workers/workers.module.js';
import { AssistanceCase, AssistanceCaseNote } from './assistance/assistance-case.entity.js';
import { AssistanceController } from './assistance/assistance.controller.js';
import { AssistanceResolver } from './assistance/assistance.resolver.js';
import { AssistanceService } from './assistance/assistance.service.js';
import { AuditStandard, AuditStandardItem } from './audits/audit-standard.entity.js';
import { AuditsController } from './audits/audits.controller.js';
import { AuditsResolver } from './audits/audits.resolver.js';
import { AuditsService } from './audits/audits.service.js';
import { CheckInCodes } from './check-in-codes/check-in-codes.service.js';
import { StationAudit, StationAuditItem } from './audits/station-audit.entity.js';
import { EventRegistration } from './events/event-registration.entity.js';
import { EventsController } from './events/events.controller.js';
import { EventRegistrationResolver, EventsResolver } from './events/events.resolver.js';
import { EventsService } from './events/events.service.js';
import { WelfareEvent } from './events/welfare-event.entity.js';
import { StationAmenity } from './stations/station-amenity.entity.js';
import { StationCheckIn } from './stations/station-check-in.entity.js';
import { Station } from './stations/station.entity.js';
import { StationsController } from './stations/stations.controller.js';
import { StationsResolver } from './stations/stations.resolver.js';
import { StationsService } from './stations/stations.service.js';

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
  providers: [
    StationsService, AuditsService, EventsService, AssistanceService, CheckInCodes,
    StationsResolver, AuditsResolver, EventsResolver, EventRegistrationResolver, AssistanceResolver,
  ],
  controllers: [StationsController, AuditsController, EventsController, AssistanceController],
  exports: [StationsService, AuditsService, EventsService, AssistanceService],
})
export class CareModule {}
