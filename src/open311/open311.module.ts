import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { GovernanceModule } from '../governance/governance.module.js';
import { WorkersModule } from '../workers/workers.module.js';
import { Open311Client } from './open311-client.entity.js';
import { Open311ClientsController } from './open311-clients.controller.js';
import { Open311ClientsService } from './open311-clients.service.js';
import { Open311Controller } from './open311.controller.js';
import { Open311Service } from './open311.service.js';

/** Open311 GeoReport v2 over the governance problem workflow (`/open311/v2/`). */
@Module({
  imports: [TypeOrmModule.forFeature([Open311Client]), GovernanceModule, AuthModule, WorkersModule],
  controllers: [Open311Controller, Open311ClientsController],
  providers: [Open311Service, Open311ClientsService],
})
export class Open311Module {}
