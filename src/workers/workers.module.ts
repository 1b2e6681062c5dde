import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReferenceModule } from '../reference/reference.module.js';
import { Worker } from './worker.entity.js';
import { WorkersController } from './workers.controller.js';
import { WorkersResolver } from './workers.resolver.js';
import { WorkersService } from './workers.service.js';

/** One person record per worker across platforms. */
@Module({
  imports: [TypeOrmModule.forFeature([Worker]), ReferenceModule],
  providers: [WorkersService, WorkersResolver],
  controllers: [WorkersController],
  exports: [WorkersService, TypeOrmModule],
})
export class WorkersModule {}
