import { DataSource } from 'typeorm';
import { allMigrations } from '../migrations/index.js';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { runMigrations } from '../src/database/migrate.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const EXTENSIONS = ['citext', 'cube', 'earthdistance', 'ltree', 'pg_trgm'];

describe('migrations on an empty database', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase({ migrated: false });
    dataSource = new DataSource(dataSourceOptions(database.url, { poolSize: 1 } as never));
    await dataSource.initialize();
  });
  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await database?.drop();
  });

  /** Extensions installed in the database, beyond the built-in plpgsql. */
  const extensions = async (): Promise<string[]> =>
    (await dataSource.query<{ extname: string }[]>("SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY extname")).map((row) => row.extname);
  /** Tables in the public schema. */
  const tables = async (): Promise<string[]> =>
    (await dataSource.query<{ tablename: string }[]>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")).map(
      (row) => row.tablename,
    );
  const appliedCount = async (): Promise<number> => Number((await dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM migrations'))[0].n);

  it('applies every migration, creating the extensions the features rely on', async () => {
    expect(await extensions()).toEqual([]);
    const applied = await runMigrations(database.url);
    expect(applied).toEqual(allMigrations.map((m) => new m().name));
    expect(await extensions()).toEqual(EXTENSIONS);
    expect(await appliedCount()).toBe(allMigrations.length);
  });

  it('applies nothing when run again', async () => {
    expect(await runMigrations(database.url)).toEqual([]);
    expect(await appliedCount()).toBe(allMigrations.length);
  });

  it('reverts every migration, leaving no extension and no table but migrations', async () => {
    for (let step = 0; (await appliedCount()) > 0; step++) {
      if (step > allMigrations.length) throw new Error('migrations table does not empty out');
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
    expect(await extensions()).toEqual([]);
    expect(await tables()).toEqual(['migrations']);
  });

  it('migrates again after a full revert', async () => {
    expect(await runMigrations(database.url)).toHaveLength(allMigrations.length);
    expect(await extensions()).toEqual(EXTENSIONS);
    expect(await appliedCount()).toBe(allMigrations.length);
  });
});
