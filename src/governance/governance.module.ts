import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GOVERNANCE_ENTITIES } from './governance.entities.js';

/** 新星闪耀 New stars: volunteer teams, grids and mobile-grid enrolment, governance problems. */
@Module({
  imports: [TypeOrmModule.forFeature(GOVERNANCE_ENTITIES)],
})
export class GovernanceModule {}
