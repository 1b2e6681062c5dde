// The demo county's completion marker (table demo_seed) and the rebuild of a county an interrupted
// seed left half-built: seeding is all or nothing from the user's point of view.
import pg from 'pg';
import { StartupError } from '../config/startup-error.js';
import { runMigrations } from '../database/migrate.js';
import { demoIssueStatusCounts } from './ningyuan.data.js';

/** Runs one SQL statement and returns its rows (a DataSource's or a pg client's query). */
export type Query = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** Where the demo county stands in a database. */
export interface DemoSeedStatus {
  /** absent: never seeded; interrupted: a seed started and did not finish; complete: whole. */
  state: 'absent' | 'interrupted' | 'complete';
  /** For an interrupted seed: whether it began on a database holding nothing else (undefined: not known). */
  beganOnEmptyDatabase?: boolean;
}

/**
 * Reads the marker. A county seeded before the marker existed (demo accounts, no marker) is complete
 * when its problems, the seed's last step, all reached the statuses the seed gives them; the marker
 * is then written for it.
 */
export async function readDemoSeedStatus(query: Query): Promise<DemoSeedStatus> {
  const [marker] = await query('SELECT completed_at, began_on_empty_database FROM demo_seed WHERE id = 1');
  if (marker) {
    return marker.completed_at ? { state: 'complete' } : { state: 'interrupted', beganOnEmptyDatabase: marker.began_on_empty_database as boolean };
  }
  const [legacy] = await query(`SELECT EXISTS (SELECT 1 FROM staff_user WHERE username = 'org') AS seeded`);
  if (!legacy.seeded) return { state: 'absent' };
  const rows = await query(`SELECT status, count(*)::int AS n FROM governance_issue WHERE county_code = '431126' GROUP BY status`);
  const found = Object.fromEntries(rows.map((r) => [r.status as string, r.n as number]));
  const expected = demoIssueStatusCounts();
  const whole = Object.keys({ ...found, ...expected }).every((status) => found[status] === expected[status]);
  if (!whole) return { state: 'interrupted' };
  await query(`INSERT INTO demo_seed (id, completed_at, began_on_empty_database) VALUES (1, now(), false) ON CONFLICT (id) DO NOTHING`);
  return { state: 'complete' };
}

/** Writes the marker as started, noting whether the database held anything before (a rebuild may wipe it only if not). */
export async function markDemoSeedStarted(query: Query): Promise<void> {
  const [{ empty }] = await query(
    `SELECT NOT EXISTS (SELECT 1 FROM staff_user) AND NOT EXISTS (SELECT 1 FROM region)
        AND NOT EXISTS (SELECT 1 FROM worker) AND NOT EXISTS (SELECT 1 FROM enterprise) AS empty`,
  );
  await query(
    `INSERT INTO demo_seed (id, started_at, completed_at, began_on_empty_database) VALUES (1, now(), NULL, $1)
     ON CONFLICT (id) DO UPDATE SET started_at = now(), completed_at = NULL, began_on_empty_database = $1, counts = NULL`,
    [empty],
  );
}

/** The seed's last write: the county is complete. */
export async function markDemoSeedCompleted(query: Query, counts: Record<string, number>): Promise<void> {
  await query('UPDATE demo_seed SET completed_at = now(), counts = $1 WHERE id = 1', [JSON.stringify(counts)]);
}

/**
 * Before the application starts in demo mode (migrations applied): a county an interrupted seed left
 * half-built is wiped with everything else in the database (every schema dropped, the migrations
 * applied again), so the seed starts from scratch. Only for a database that held nothing but the
 * demo: newforce's embedded one, or one the seed began on empty; any other stops with a StartupError.
 * Returns what the application will find: `absent` (to seed) or `complete`.
 */
export async function prepareDemoDatabase(url: string, options: { embedded: boolean; onRebuild?: (line: string) => void }): Promise<'absent' | 'complete'> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const query: Query = async (sql, params) => (await client.query(sql, params)).rows as Record<string, unknown>[];
    const status = await readDemoSeedStatus(query);
    if (status.state !== 'interrupted') return status.state;
    if (!(status.beganOnEmptyDatabase ?? options.embedded)) {
      throw new StartupError(
        'the demo county in this database is half-built (a seed was interrupted) and the database held other data before the seed began, ' +
          'so it is not wiped: restore it from a backup, or give the demo an empty database (DATABASE_URL, or a new EMBEDDED_PG_DIR)',
      );
    }
    options.onRebuild?.('the demo county was left half-built by an interrupted start: rebuilding it from scratch');
    const schemas = await query(`SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'`);
    for (const { nspname } of schemas) await query(`DROP SCHEMA ${client.escapeIdentifier(nspname as string)} CASCADE`);
    await query('CREATE SCHEMA public');
  } finally {
    await client.end();
  }
  await runMigrations(url);
  return 'absent';
}
