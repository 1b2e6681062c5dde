import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { GovernanceModule } from '../governance/governance.module.js';
import { WorkersModule } from '../workers/workers.module.js';
import { Open311Controller } from './open311.controller.js';
import { Open311Service } from './open311.service.js';

/** Open311 GeoReport v2 over the governance problem workflow (`/open311/v2/`). */
@Module({
  imports: [GovernanceModule, AuthModule, WorkersModule],
  controllers: [Open311Controller],
  providers: [Open311Service],
})
export class Open311Module {}
