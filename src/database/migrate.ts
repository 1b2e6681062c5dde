import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';

// Any constant works; it only has to be the same for every newforce instance.
const MIGRATION_LOCK_KEY = 4311260001;

/**
 * Applies pending migrations under a PostgreSQL advisory lock, so several instances starting at
 * once apply each migration exactly once. Returns the names of the migrations applied.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url, { poolSize: 1 } as never));
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await dataSource.destroy();
  }
}
