// `npm run seed:demo`: builds the demo county 宁远县 (Ningyuan, 431126) in the database `npm start`
// uses (DATABASE_URL, else the embedded server), after migrating it. Idempotent; refused in production.
import 'reflect-metadata';
import { resolve } from 'node:path';
import { createApp } from '../src/app.factory.js';
import { ConfigError, loadConfig } from '../src/config/app-config.js';
import { ensureSecrets } from '../src/config/secrets.js';
import { PROJECT_ROOT } from '../src/config/version.js';
import { createRootLogger } from '../src/common/logging/logger.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/database/embedded-postgres.js';
import { runMigrations } from '../src/database/migrate.js';
import { demoBanner, seedDemoCounty } from '../src/demo/demo-seed.js';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.isProduction) throw new ConfigError(['DEMO_MODE: the demo county is refused when NODE_ENV=production']);
  if (config.DEMO_MODE === 'off') throw new ConfigError(['DEMO_MODE=off: unset it (or set on) to seed the demo county']);
  // The same keys as `npm start`, so the demo's personal data stays readable by the service.
  ensureSecrets(config, { persist: true });
  const logger = createRootLogger(config.LOG_LEVEL);
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dir: resolve(PROJECT_ROOT, config.EMBEDDED_PG_DIR), port: config.EMBEDDED_PG_PORT });
    databaseUrl = embedded.url;
  }
  try {
    const applied = await runMigrations(databaseUrl);
    logger.info({ applied }, applied.length ? `applied ${applied.length} migration(s)` : 'database schema is current');
    const app = await createApp(config, databaseUrl, { logger });
    try {
      const result = await seedDemoCounty(app, { log: (line) => logger.info(line) });
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.stdout.write(result.seeded ? `Seeded in ${(result.durationMs / 1000).toFixed(1)} s.\n` : 'The demo county was already there: nothing written.\n');
      process.stdout.write(`${demoBanner()}\n`);
      if (config.DATABASE_URL && config.DEMO_MODE !== 'on') process.stdout.write('Start with DEMO_MODE=on to have `npm start` print these accounts.\n');
    } finally {
      await app.close();
    }
  } finally {
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`seed:demo failed: ${error instanceof ConfigError ? error.message : error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
