import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobsModule } from '../jobs/jobs.module.js';
import { ReferenceModule } from '../reference/reference.module.js';
import { WorkersModule } from '../workers/workers.module.js';
import { GovernanceFiguresResolver } from './figures/governance-figures.resolver.js';
import { GovernanceFiguresService } from './figures/governance-figures.service.js';
import { GOVERNANCE_ENTITIES } from './governance.entities.js';
import { GridsController } from './grids/grids.controller.js';
import { GridEnrolmentsResolver, GridsResolver } from './grids/grids.resolver.js';
import { GridsService } from './grids/grids.service.js';
import { IssueCategoriesService } from './issues/issue-categories.service.js';
import { IssueJobs } from './issues/issue-jobs.js';
import { IssuesController } from './issues/issues.controller.js';
import { IssuesResolver } from './issues/issues.resolver.js';
import { IssuesService } from './issues/issues.service.js';
import { PointsService } from './points/points.service.js';
import { TeamsController } from './teams/teams.controller.js';
import { TeamsResolver } from './teams/teams.resolver.js';
import { TeamsService } from './teams/teams.service.js';
import { WorkerProfiles } from './worker-profiles.js';

/** 新星闪耀 New stars: volunteer teams, grids and mobile-grid enrolment, governance problems. */
@Module({
  imports: [TypeOrmModule.forFeature(GOVERNANCE_ENTITIES), ReferenceModule, WorkersModule, JobsModule],
  controllers: [GridsController, IssuesController, TeamsController],
  providers: [
    GridsService,
    PointsService,
    WorkerProfiles,
    GridsResolver,
    GridEnrolmentsResolver,
    IssuesService,
    IssueCategoriesService,
    IssuesResolver,
    IssueJobs,
    TeamsService,
    TeamsResolver,
    GovernanceFiguresService,
    GovernanceFiguresResolver,
  ],
  exports: [GridsService, IssuesService, IssueCategoriesService, PointsService, TeamsService, GovernanceFiguresService],
})
export class GovernanceModule {}
