// `npm run seed:demo`: builds the demo county 宁远县 (Ningyuan, 431126) in the database `npm start`
// uses (DATABASE_URL, else the embedded server), after migrating it. Idempotent; a county an
// interrupted seed left half-built is rebuilt from scratch; refused in production.
import 'reflect-metadata';
import { createApp } from '../src/app.factory.js';
import { ConsoleOutput, createConsoleLogger, resolveLogFormat } from '../src/common/logging/logger.js';
import { ConfigError, loadConfig } from '../src/config/app-config.js';
import { readEnvironment } from '../src/config/env-file.js';
import { ensureSecrets } from '../src/config/secrets.js';
import { StartupError } from '../src/config/startup-error.js';
import { startConfiguredEmbeddedPostgres, type EmbeddedDatabase } from '../src/database/embedded-postgres.js';
import { runMigrations } from '../src/database/migrate.js';
import { prepareDemoDatabase } from '../src/demo/demo-database.js';
import { demoBanner, seedDemoCounty } from '../src/demo/demo-seed.js';

async function main(): Promise<void> {
  const environment = readEnvironment();
  const config = loadConfig(environment.env, { fromFile: environment.fromFile });
  if (config.isProduction) throw new ConfigError(['DEMO_MODE: the demo county is refused when NODE_ENV=production']);
  if (config.DEMO_MODE === 'off') throw new ConfigError(['DEMO_MODE=off: unset it (or set on) to seed the demo county']);
  // The same keys as `npm start`, so the demo's personal data stays readable by the service.
  ensureSecrets(config, { persist: true });
  const output = new ConsoleOutput();
  const logger = createConsoleLogger(config.LOG_LEVEL, resolveLogFormat(config.LOG_FORMAT, output), output);
  // Ctrl-C stops the seed between requests; the database is then stopped in order.
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startConfiguredEmbeddedPostgres(config, { notice: (line) => logger.info(line) });
    databaseUrl = embedded.url;
  }
  try {
    const applied = await runMigrations(databaseUrl);
    logger.info({ applied }, applied.length ? `applied ${applied.length} migration(s)` : 'database schema is current');
    await prepareDemoDatabase(databaseUrl, { embedded: Boolean(embedded), onRebuild: (line) => logger.info(line) });
    const app = await createApp(config, databaseUrl, { logger });
    try {
      const result = await seedDemoCounty(app, {
        signal: stop.signal,
        onProgress: ({ step, done, total }) => output.setStatus(`seeding the demo county 宁远县: step ${done + 1} of ${total}, ${step}…`),
        log: (line) => (output.interactive ? logger.debug(line) : logger.info(line)),
      });
      output.setStatus('');
      output.write(`${JSON.stringify(result)}\n`);
      output.write(result.seeded ? `Seeded in ${(result.durationMs / 1000).toFixed(1)} s.\n` : 'The demo county was already there: nothing written.\n');
      output.write(`${demoBanner()}\n`);
      if (config.DATABASE_URL && config.DEMO_MODE !== 'on') output.write('Start with DEMO_MODE=on to have `npm start` print these accounts.\n');
    } finally {
      output.setStatus('');
      await app.close();
    }
  } finally {
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof StartupError;
  const stopped = error instanceof Error && error.name === 'AbortError';
  process.stderr.write(
    stopped
      ? 'seed:demo stopped: the next start or seed:demo builds the demo county again from scratch\n'
      : `seed:demo failed: ${known ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(stopped ? 0 : 1);
});
