import type { DataSourceOptions } from 'typeorm';
import { allMigrations } from '../../migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/**
 * The one description of how newforce talks to PostgreSQL, shared by the app, the migration CLI
 * and the tests. `synchronize` is always off: the schema comes from reviewed migrations.
 */
export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    namingStrategy: new SnakeNamingStrategy(),
    migrations: allMigrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    applicationName: 'newforce',
    ...extra,
  } as DataSourceOptions;
}
