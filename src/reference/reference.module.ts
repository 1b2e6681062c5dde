import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DepartmentController } from './departments/department.controller.js';
import { Department } from './departments/department.entity.js';
import { DepartmentResolver } from './departments/department.resolver.js';
import { DepartmentService } from './departments/department.service.js';
import { HolidayCalendarController } from './holidays/holiday-calendar.controller.js';
import { HolidayCalendarDay, HolidayCalendarYear } from './holidays/holiday-calendar.entity.js';
import { HolidayCalendarService } from './holidays/holiday-calendar.service.js';
import { IndustryController } from './industries/industry.controller.js';
import { IndustryResolver } from './industries/industry.resolver.js';
import { IndustryService } from './industries/industry.service.js';
import { LabelsController } from './labels/labels.controller.js';
import { LabelsResolver } from './labels/labels.resolver.js';
import { LabelsService } from './labels/labels.service.js';
import { RegionController } from './regions/region.controller.js';
import { Region } from './regions/region.entity.js';
import { RegionResolver } from './regions/region.resolver.js';
import { RegionService } from './regions/region.service.js';
import { SupervisionRule } from './supervision/supervision-rule.entity.js';
import { SupervisionController } from './supervision/supervision.controller.js';
import { SupervisionResolver } from './supervision/supervision.resolver.js';
import { SupervisionService } from './supervision/supervision.service.js';

/** Reference data every feature reads: regions, departments, industries, supervision rules, enum labels, the holiday calendar. */
@Module({
  imports: [TypeOrmModule.forFeature([Region, Department, SupervisionRule, HolidayCalendarYear, HolidayCalendarDay])],
  controllers: [RegionController, DepartmentController, SupervisionController, IndustryController, LabelsController, HolidayCalendarController],
  providers: [
    HolidayCalendarService,
    RegionService,
    DepartmentService,
    SupervisionService,
    IndustryService,
    RegionResolver,
    DepartmentResolver,
    SupervisionResolver,
    IndustryResolver,
    LabelsService,
    LabelsResolver,
  ],
  exports: [HolidayCalendarService, RegionService, DepartmentService, SupervisionService, IndustryService],
})
export class ReferenceModule {}
