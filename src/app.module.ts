import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { RateLimitModule } from './rate-limit/rate-limit.module.js';
import { CareModule } from './care/care.module.js';
import { ClockModule } from './common/clock/clock.module.js';
import { PersonalDataJobsModule } from './maintenance/personal-data-jobs.module.js';
import { PersonalDataModule } from './common/personal-data/personal-data.module.js';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { AppGraphQLModule } from './common/graphql/graphql.module.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { EventsModule } from './events/events.module.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { NamedStatementClient } from './database/named-statements.js';
import type { QueryCounter } from './database/query-counter.js';
import { GovernanceModule } from './governance/governance.module.js';
import { HealthModule } from './health/health.module.js';
import { Open311Module } from './open311/open311.module.js';
import { OrganizingModule } from './organizing/organizing.module.js';
import { OutboxModule } from './outbox/outbox.module.js';
import { ReferenceModule } from './reference/reference.module.js';
import { RosterModule } from './roster/roster.module.js';
import { WorkersModule } from './workers/workers.module.js';

export interface AppModuleOptions {
  /** Don't connect to PostgreSQL (generating schema.gql and openapi.json needs no database). */
  withoutDatabase?: boolean;
  /** Counts SQL statements (tests, GraphQL benchmark). */
  queryLogger?: QueryCounter;
  /** Extra modules, for test fixtures. */
  imports?: ModuleMetadata['imports'];
}

/** The whole service; `databaseUrl` is the server chosen at start-up (given or embedded). */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({
          // Reads go out as named statements (parsed once per connection, planned once PostgreSQL settles on a plan).
          ...dataSourceOptions(databaseUrl, {
            poolSize: config.DATABASE_POOL_SIZE,
            extra: { Client: NamedStatementClient, statement_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS },
          } as never),
          autoLoadEntities: true,
          manualInitialization: options.withoutDatabase ?? false,
          ...(options.queryLogger ? { logger: options.queryLogger, logging: ['query'] as const } : {}),
        }),
        AppGraphQLModule,
        HealthModule,
        AuditModule,
        OutboxModule,
        ReferenceModule,
        PersonalDataModule,
        PersonalDataJobsModule,
        AuthModule,
        WorkersModule,
        ClockModule,
        RateLimitModule,
        GovernanceModule,
        Open311Module,
        OrganizingModule,
        CareModule,
        RosterModule,
        DashboardModule,
        EventsModule,
        ...(options.imports ?? []),
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
