// `npm start`. Listens at once (StartupServer: /health answers, /health/ready says how far the start
// has come), then starts the database (DATABASE_URL or embedded), migrates, builds the application
// on the same server, seeds the demo county in demo mode, and hands the application the traffic.
// Every start-up failure ends with one line on stderr and exit code 1; SIGINT/SIGTERM stop the
// application, then the embedded database, then exit 0.
import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { ConsoleOutput, createConsoleLogger, resolveLogFormat } from './common/logging/logger.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { readEnvironment } from './config/env-file.js';
import { ensureSecrets } from './config/secrets.js';
import { StartupError } from './config/startup-error.js';
import { SERVICE_VERSION } from './config/version.js';
import { startConfiguredEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres.js';
import { StartupServer } from './health/startup-server.js';

/** A second signal this long after the first stops at once instead of in order (npm forwards Ctrl-C too: two arrive together). */
const FORCE_AFTER_MS = 1500;

/** What has been started so far, to be stopped in reverse order. */
class Running {
  readonly output = new ConsoleOutput();
  readonly stopRequested = new AbortController();
  logger?: Logger;
  startup?: StartupServer;
  embedded?: EmbeddedDatabase;
  app?: NestFastifyApplication;

  /** Throws when a stop was asked for, so the start goes no further. */
  checkpoint(): void {
    this.stopRequested.signal.throwIfAborted();
  }

  /** Stops whatever runs: the traffic, the application (its jobs, its pool), the listening socket, the database. */
  async close(): Promise<void> {
    this.output.setStatus('');
    this.startup?.stopServing();
    await this.app?.close();
    await this.startup?.close();
    await this.embedded?.stop();
  }
}

async function start(running: Running): Promise<void> {
  const environment = readEnvironment();
  const config = loadConfig(environment.env, { fromFile: environment.fromFile });
  // Development keys live in SECRETS_FILE so encrypted data stays readable across restarts.
  ensureSecrets(config, { persist: true });
  const logger = createConsoleLogger(config.LOG_LEVEL, resolveLogFormat(config.LOG_FORMAT, running.output), running.output);
  running.logger = logger;
  if (environment.file) logger.info({ variables: [...environment.fromFile] }, `read ${environment.fromFile.size} setting(s) from .env`);

  const startup = await StartupServer.listen(config.listenHost, config.PORT, SERVICE_VERSION);
  running.startup = startup;
  const base = baseUrl(startup);
  logger.info(`listening on ${base} (${base}/health answers now, ${base}/health/ready once started)`);
  if (config.demoMode && config.HOST && !isLoopback(config.HOST)) {
    logger.warn(`DEMO_MODE with HOST=${config.HOST}: the demo accounts, whose password is published, can be reached from other machines`);
  }
  // The rest of the code (TypeORM, Nest, the application) loads while the database starts.
  const migrations = import('./database/migrate.js');
  const code = Promise.all([
    import('./app.factory.js'),
    import('./auth/staff/staff.service.js'),
    import('./demo/demo-database.js'),
    import('./demo/demo-seed.js'),
  ]);
  migrations.catch(() => undefined);
  code.catch(() => undefined);

  startup.update({ phase: 'database' });
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    logger.info(`DATABASE_URL is not set: starting the embedded PostgreSQL (${config.EMBEDDED_PG_DIR}, port ${config.EMBEDDED_PG_PORT})`);
    running.embedded = await startConfiguredEmbeddedPostgres(config, {
      notice: (line) => logger.info(line),
      log: (line) => logger.debug({ postgres: line }, 'embedded PostgreSQL'),
      onUnexpectedExit: (message) => void fail(running, new Error(message)),
    });
    databaseUrl = running.embedded.url;
  }
  running.checkpoint();

  startup.update({ phase: 'migrating', database: 'up', migrations: 'pending' });
  const { runMigrations } = await migrations;
  const applied = await runMigrations(databaseUrl).catch((error: unknown) => {
    throw config.DATABASE_URL ? databaseError(error, config.DATABASE_URL) : error;
  });
  logger.info({ applied }, applied.length ? `applied ${applied.length} migration(s)` : 'database schema is current');
  const [{ createApp }, { StaffService }, { prepareDemoDatabase }, { DEMO_SEED_STEPS, demoBanner, seedDemoCounty }] = await code;
  const demo = config.demoMode
    ? await prepareDemoDatabase(databaseUrl, { embedded: Boolean(running.embedded), onRebuild: (line) => logger.info(line) })
    : undefined;
  startup.update({ phase: 'starting', migrations: 'applied' });
  running.checkpoint();

  const app = await createApp(config, databaseUrl, { logger, serverFactory: startup.serverFactory });
  running.app = app;
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  running.checkpoint();

  if (demo === 'absent') {
    const total = DEMO_SEED_STEPS.length;
    const started = Date.now();
    let current: { step: string; done: number; total: number } = { step: DEMO_SEED_STEPS[0], done: 0, total };
    const show = () =>
      running.output.setStatus(
        `seeding the demo county 宁远县: step ${current.done + 1} of ${total}, ${current.step}… ${Math.round((Date.now() - started) / 1000)} s`,
      );
    const ticker = setInterval(show, 1000);
    startup.update({ phase: 'seeding', ...current });
    show();
    try {
      const result = await seedDemoCounty(app, {
        signal: running.stopRequested.signal,
        onProgress: (progress) => {
          current = progress;
          startup.update({ phase: 'seeding', ...progress });
          show();
        },
        // On a terminal the status line shows the steps; elsewhere each finished step is a line.
        log: (line) => (running.output.interactive ? logger.debug(line) : logger.info(line)),
      });
      running.output.setStatus('');
      logger.info({ durationMs: result.durationMs, counts: result.counts }, 'seeded the demo county 宁远县 (DEMO_MODE)');
    } finally {
      clearInterval(ticker);
      running.output.setStatus('');
    }
  }

  await app
    .get(StaffService)
    .ensureInitialAdmin((line) => running.output.write(`${line}\n`))
    .catch((error: unknown) => {
      throw error instanceof Error && error.message.startsWith('ADMIN_PASSWORD') ? new StartupError(`${error.message}: set a stronger ADMIN_PASSWORD`) : error;
    });
  running.checkpoint();
  startup.update({ phase: 'serving' });
  startup.serve();
  logger.info({ graphql: `${base}/graphql`, docs: `${base}/docs`, health: `${base}/health` }, 'ready');
  running.output.write(
    [
      '',
      `newforce is serving (${running.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}):`,
      `  GraphQL  ${base}/graphql`,
      `  REST     ${base}/api/v1   (Swagger UI: ${base}/docs)`,
      `  Health   ${base}/health   (ready: ${base}/health/ready)`,
      ...(config.demoMode ? ['', demoBanner()] : []),
      '',
      'Ctrl-C stops it.',
      '',
    ].join('\n'),
  );
}

/** The address people type: `localhost` for the wildcard addresses, brackets around IPv6. */
function baseUrl(startup: StartupServer): string {
  const address = startup.server.address();
  if (!address || typeof address === 'string') return String(address);
  const host = ['0.0.0.0', '::'].includes(address.address) ? 'localhost' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** A connection failure on DATABASE_URL, as one line naming the server (never its password). */
function databaseError(error: unknown, url: string): unknown {
  const code = (error as { code?: string }).code;
  const known: Record<string, string> = {
    ECONNREFUSED: 'nothing answers there: start PostgreSQL, or correct DATABASE_URL',
    ENOTFOUND: 'that host is unknown: correct DATABASE_URL',
    ETIMEDOUT: 'it does not answer: check the host and the firewall',
    '28P01': 'the password was refused: correct the user or password in DATABASE_URL',
    '28000': 'the server refused this user: correct DATABASE_URL or the server’s pg_hba.conf',
    '3D000': 'that database does not exist: create it (createdb) or correct DATABASE_URL',
  };
  if (!code || !known[code]) return error;
  const safe = new URL(url);
  if (safe.password) safe.password = '***';
  return new StartupError(`could not use the database at DATABASE_URL (${safe.toString()}): ${known[code]}`, { cause: error });
}

/** One line for a start-up failure: the message of errors people can act on, else the error's own message (the stack at debug). */
function failureLine(error: unknown): string {
  if (error instanceof StartupError || error instanceof ConfigError) return error.message;
  if (error instanceof Error) return error.message.split('\n')[0];
  return String(error);
}

let failing = false;

/** Ends a start (or a run) that went wrong: one line on stderr, everything stopped, exit code 1. */
async function fail(running: Running, error: unknown): Promise<never> {
  if (!failing) {
    failing = true;
    running.output.setStatus('');
    running.logger?.debug({ err: error }, 'failure');
    const serving = running.startup?.progress.phase === 'serving';
    process.stderr.write(`newforce ${serving ? 'stopped' : 'could not start'}: ${failureLine(error)}\n`);
    await running.close().catch((closeError: unknown) => running.logger?.debug({ err: closeError }, 'while stopping'));
  }
  process.exit(1);
}

function main(): void {
  const running = new Running();
  let serving = false;
  const started = start(running).then(
    () => void (serving = true),
    (error: unknown) => {
      // A stop asked for during the start is not a failure: the signal handler finishes it.
      if (!running.stopRequested.signal.aborted) return fail(running, error);
    },
  );

  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    const now = Date.now();
    if (firstSignalAt) {
      if (now - firstSignalAt < FORCE_AFTER_MS) return;
      process.stderr.write('newforce: stopping at once\n');
      process.exit(1);
    }
    firstSignalAt = now;
    running.output.setStatus('');
    const seeding = running.startup?.progress.phase === 'seeding';
    running.logger?.info({ signal }, serving ? 'stopping' : 'stopping before the start completed');
    running.stopRequested.abort();
    void (async () => {
      await started;
      await running.close();
      running.logger?.info(seeding ? 'stopped while seeding the demo county: the next start builds it again from scratch' : 'stopped');
      process.exit(0);
    })().catch((error: unknown) => {
      process.stderr.write(`newforce could not stop cleanly: ${failureLine(error)}\n`);
      process.exit(1);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('uncaughtException', (error) => {
    if (serving) running.logger?.fatal({ err: error }, 'uncaught exception: stopping');
    void fail(running, error);
  });
  process.on('unhandledRejection', (error) => {
    if (serving) running.logger?.fatal({ err: error }, 'unhandled rejection: stopping');
    void fail(running, error);
  });
}

main();
