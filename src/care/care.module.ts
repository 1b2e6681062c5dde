import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReferenceModule } from '../reference/reference.module.js';
import { WorkersModule } from '../workers/workers.module.js';
import { AssistanceCase, AssistanceCaseNote } from './assistance/assistance-case.entity.js';
import { AssistanceController } from './assistance/assistance.controller.js';
import { AssistanceResolver } from './assistance/assistance.resolver.js';
import { AssistanceService } from './assistance/assistance.service.js';
import { AuditStandard, AuditStandardItem } from './station-inspections/audit-standard.entity.js';
import { StationInspectionsController } from './station-inspections/station-inspections.controller.js';
import { StationInspectionsResolver } from './station-inspections/station-inspections.resolver.js';
import { StationInspectionsService } from './station-inspections/station-inspections.service.js';
import { CheckInCodes } from './check-in-codes/check-in-codes.service.js';
import { StationAudit, StationAuditItem } from './station-inspections/station-audit.entity.js';
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
      Station,
      StationAmenity,
      StationCheckIn,
      AuditStandard,
      AuditStandardItem,
      StationAudit,
      StationAuditItem,
      WelfareEvent,
      EventRegistration,
      AssistanceCase,
      AssistanceCaseNote,
    ]),
    ReferenceModule,
    WorkersModule,
  ],
  providers: [
    StationsService,
    StationInspectionsService,
    EventsService,
    AssistanceService,
    CheckInCodes,
    StationsResolver,
    StationInspectionsResolver,
    EventsResolver,
    EventRegistrationResolver,
    AssistanceResolver,
  ],
  controllers: [StationsController, StationInspectionsController, EventsController, AssistanceController],
  exports: [StationsService, StationInspectionsService, EventsService, AssistanceService],
})
export class CareModule {}
