import 'reflect-metadata';
import { resolve } from 'node:path';
import { createApp } from './app.factory.js';
import { StaffService } from './auth/staff/staff.service.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { ensureSecrets } from './config/secrets.js';
import { PROJECT_ROOT } from './config/version.js';
import { createRootLogger } from './common/logging/logger.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres.js';
import { runMigrations } from './database/migrate.js';
import { demoBanner, seedDemoCounty } from './demo/demo-seed.js';

/** `npm start`: picks the database (DATABASE_URL or embedded), migrates, serves, and stops cleanly. */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  // Development keys live in SECRETS_FILE so encrypted data stays readable across restarts.
  ensureSecrets(config, { persist: true });
  const logger = createRootLogger(config.LOG_LEVEL);
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const dir = resolve(PROJECT_ROOT, config.EMBEDDED_PG_DIR);
    logger.info({ dir, port: config.EMBEDDED_PG_PORT }, 'DATABASE_URL is not set: starting the embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({ dir, port: config.EMBEDDED_PG_PORT });
    databaseUrl = embedded.url;
  }
  const stopDatabase = async () => {
    await embedded?.stop();
  };
  try {
    const applied = await runMigrations(databaseUrl);
    logger.info({ applied }, applied.length ? `applied ${applied.length} migration(s)` : 'database schema is current');
    const app = await createApp(config, databaseUrl, { logger });
    if (config.demoMode) {
      // Seeded once (idempotent); the demo admin then exists, so no one-time password is printed.
      const demo = await seedDemoCounty(app, { log: (line) => logger.info(line) });
      if (demo.seeded) logger.info({ durationMs: demo.durationMs, counts: demo.counts }, 'seeded the demo county 宁远县 (DEMO_MODE)');
    }
    await app.get(StaffService).ensureInitialAdmin();
    await app.listen({ port: config.PORT, host: config.HOST });
    const base = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
    const banner = [
      `newforce is serving (${embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}):`,
      `  GraphQL  ${base}/graphql`,
      `  REST     ${base}/api/v1   (Swagger UI: ${base}/docs)`,
      `  Health   ${base}/health   (ready: ${base}/health/ready)`,
      ...(config.demoMode ? ['', demoBanner()] : []),
    ].join('\n');
    logger.info({ graphql: `${base}/graphql`, docs: `${base}/docs`, health: `${base}/health` }, 'listening');
    process.stdout.write(`${banner}\n`);

    let closing = false;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      logger.info({ signal }, 'shutting down');
      await app.close();
      await stopDatabase();
      logger.info('stopped');
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
  } catch (error) {
    await stopDatabase();
    throw error;
  }
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`newforce could not start: ${error instanceof ConfigError ? error.message : error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
