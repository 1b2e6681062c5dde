import type { EntityManager } from 'typeorm';
import { lineOrderedIdSql, timeOrderedIdPrefix } from './roster-ids.js';
import { RosterRejectionCode } from './roster-record.js';
import type { RosterSync } from './roster-sync.entity.js';

// The SQL steps of applying a roster sync, each run in the apply's one transaction (composed by
// RosterApplyTransaction): the transaction's settings and platform lock, the plan of what happens to
// each staged row, matching riders to worker persons (creating the missing ones), writing riders
// and the change list. Staging tables are `s`, the roster is `r`.

/**
 * Which staged rows a step works on and the scratch tables holding their plan and matches: the whole
 * body (roster_plan, roster_match) or one chunk of lines of a sync applied while it is received.
 * `lines` narrows every read of the staging table (`s`) to the chunk, so a chunk costs its own size.
 */
export interface ApplyScope {
  plan: string;
  match: string;
  lines: string;
  /**
   * False when the platform had no riders as the apply began (its first sync): no row can then be
   * on the roster (a row whose externalId an earlier chunk created is a repeat, and repeats send the
   * sync to the whole-body path), so planning skips looking each one up.
   */
  ridersBefore: boolean;
  /**
   * Look each row's person up in the worker indexes instead of letting the planner hash every
   * worker: set for a chunk far smaller than the worker table. The planner cannot see that itself,
   * since the worker statistics are from before the sync (a million-rider first sync's last chunk of
   * 65,000 rows took 2.1 s hashing 935,000 workers twice).
   */
  probeWorkers: boolean;
}

export const WHOLE: ApplyScope = { plan: 'roster_plan', match: 'roster_match', lines: '', ridersBefore: true, probeWorkers: false };

// A chunk is matched by index look-ups when the worker table holds more than this many times its rows.
// Measured in a million-rider first sync: a row's two look-ups cost ≈ 11 µs, hashing a worker for both
// joins ≈ 2.2 µs (a 166,000-row chunk took 1.8 s either way against 833,000 workers).
const PROBE_WORKERS_RATIO = 5;

/** The scope of staged lines `after` < line ≤ `through` of a sync applied while it is received. */
export function chunkScope(after: number, through: number, ridersBefore: boolean, workers: number): ApplyScope {
  return {
    plan: 'roster_chunk_plan',
    match: 'roster_chunk_match',
    lines: `AND s.line > ${Math.trunc(after)} AND s.line <= ${Math.trunc(through)}`,
    ridersBefore,
    probeWorkers: (through - after) * PROBE_WORKERS_RATIO < workers,
  };
}

/** What a plan holds, by kind. */
export interface PlanCounts {
  received: number;
  created: number;
  /** Of the created: riders who had left and are back (their roster row is updated). */
  reactivated: number;
  updated: number;
  unchanged: number;
  deactivated: number;
  rejected: number;
  stale: number;
}

// What inserting new people meets when one of them exists already (unique_violation for the worker's
// primary key, exclusion_violation for its phone and ID-number keys), or when another sync is
// creating the same person at the same time (deadlock_detected: two inserts of one key into an
// exclusion constraint wait for each other, and PostgreSQL ends one of them).
const PERSON_CONFLICTS = new Set(['23505', '23P01', '40P01']);

/** The transaction's settings and the platform's lock, taken by every apply. */
export async function beginApply(manager: EntityManager, sync: RosterSync, big: boolean): Promise<void> {
  await manager.query(`SET LOCAL application_name = 'newforce roster apply'`);
  // A big sync gets room for its hash joins and sorts (matching people hashes the worker table;
  // the change list sorts the riders a snapshot no longer lists), which otherwise spill to
  // temporary files; small ones keep the server's setting.
  if (big) await manager.query(`SET LOCAL work_mem = '128MB'`);
  // Statistics of the scratch tables from a 3,000-row sample: their columns are unique or have a
  // handful of values, which that sample shows as well as the default 30,000 rows do, at a tenth
  // of the time.
  await manager.query('SET LOCAL default_statistics_target = 10');
  // No JIT: these statements are bound by writes and index look-ups, and the estimated cost of a
  // big one (a chunk's look-ups: 600,000) buys it inlining and optimisation that take longer to
  // compile than they save.
  await manager.query('SET LOCAL jit = off');
  // One platform's syncs apply one after the other; other platforms' go on in parallel.
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('roster_sync:' || $1, 0))`, [sync.enterpriseId]);
}

/**
 * Several rows with one externalId: none of them can be trusted, so all are rejected (and,
 * as rejected rows, they keep the rider from being deactivated).
 */
export async function rejectDuplicates(manager: EntityManager, staging: string): Promise<void> {
  await manager.query(
    `UPDATE ${staging} s
     SET status = 'R', field = 'externalId', reason_code = $1,
         reason = 'externalId appears on more than one row of this sync (lines ' || d.lines || ')'
     FROM (
       SELECT external_id, array_to_string((array_agg(line ORDER BY line))[1:5], ', ') || CASE WHEN count(*) > 5 THEN ', …' ELSE '' END AS lines
       FROM ${staging} WHERE status <> 'R' GROUP BY external_id HAVING count(*) > 1
     ) d
     WHERE s.external_id = d.external_id AND s.status <> 'R'`,
    [RosterRejectionCode.DUPLICATE_EXTERNAL_ID],
  );
}

/**
 * The fields an UPDATED row changes (names only, never values), compared column by column with the
 * rider on the roster: blind indexes for phone and ID number, the masked name, the plain columns,
 * and partyMember where the rider has it (riders written before it was kept have it null). A row
 * whose hash differs while every compared column is equal changed its name behind an equal mask.
 */
const CHANGED_FIELDS_SQL = `CASE WHEN s.status = 'N' AND r.active AND r.row_hash <> s.row_hash THEN coalesce(
         nullif(array_remove(ARRAY[
           CASE WHEN s.name_masked IS DISTINCT FROM r.name_masked THEN 'name' END,
           CASE WHEN s.phone_index IS DISTINCT FROM r.phone_index THEN 'phone' END,
           CASE WHEN s.id_index IS DISTINCT FROM r.id_number_index THEN 'idNumber' END,
           CASE WHEN s.gender IS DISTINCT FROM r.gender THEN 'gender' END,
           CASE WHEN s.site_name IS DISTINCT FROM r.site_name THEN 'siteName' END,
           CASE WHEN s.site_lat IS DISTINCT FROM r.site_lat THEN 'siteLat' END,
           CASE WHEN s.site_lng IS DISTINCT FROM r.site_lng THEN 'siteLng' END,
           CASE WHEN s.region_id IS DISTINCT FROM r.region_id THEN 'regionCode' END,
           CASE WHEN r.party_member IS NOT NULL AND s.party_member IS DISTINCT FROM r.party_member THEN 'partyMember' END
         ]::text[], NULL), '{}'),
         CASE WHEN r.party_member IS NULL THEN ARRAY['name', 'partyMember'] ELSE ARRAY['name'] END)
       END`;

/**
 * roster_plan: one row per staged row and per rider a snapshot no longer lists, saying what
 * happens to it. U rows were unchanged when staged; if the roster moved since, they are STALE.
 * It carries what matching people needs of new or changed rows (staged as N; the other rows
 * have none of it), so matching does not read the wide staged rows again.
 */
export async function planRows(manager: EntityManager, staging: string, sync: RosterSync, scope: ApplyScope): Promise<void> {
  await manager.query(
    `CREATE TEMP TABLE ${scope.plan} ON COMMIT DROP AS
     SELECT s.line, s.external_id, r.id AS rider_id,
       CASE
         WHEN s.status = 'R' THEN 'REJECTED'
         WHEN s.status = 'D' THEN CASE WHEN r.id IS NULL THEN 'REJECTED' WHEN r.active THEN 'DEACTIVATED' ELSE 'UNCHANGED' END
         WHEN s.status = 'U' THEN CASE WHEN r.active AND r.row_hash = s.row_hash THEN 'UNCHANGED' ELSE 'STALE' END
         WHEN r.id IS NULL OR NOT r.active THEN 'CREATED'
         WHEN r.row_hash = s.row_hash THEN 'UNCHANGED'
         ELSE 'UPDATED'
       END::varchar(12) AS kind,
       CASE WHEN s.status = 'R' THEN s.field WHEN s.status = 'D' AND r.id IS NULL THEN 'externalId' END AS field,
       CASE WHEN s.status = 'R' THEN s.reason_code WHEN s.status = 'D' AND r.id IS NULL THEN $2 END AS reason_code,
       CASE WHEN s.status = 'R' THEN s.reason WHEN s.status = 'D' AND r.id IS NULL THEN 'No rider with this externalId is on the roster' END AS reason,
       s.problems,
       ${CHANGED_FIELDS_SQL} AS changed_fields,
       s.phone_index, s.id_index, s.party_member, s.county_code
     FROM ${staging} s
     LEFT JOIN roster_rider r ON ${scope.ridersBefore} AND r.enterprise_id = $1 AND r.external_id = s.external_id
     WHERE true ${scope.lines}`,
    [sync.enterpriseId, RosterRejectionCode.UNKNOWN_RIDER],
  );
}

/**
 * Riders a snapshot no longer lists; a rejected row still "lists" its rider. (Riders this sync
 * created are listed, so a sync applied while it is received finds only those it found before.)
 */
export async function planMissing(manager: EntityManager, staging: string, sync: RosterSync): Promise<void> {
  await manager.query(
    `INSERT INTO roster_plan (line, external_id, rider_id, kind)
     SELECT NULL, r.external_id, r.id, 'DEACTIVATED'
     FROM roster_rider r
     WHERE r.enterprise_id = $1 AND r.active
       AND NOT EXISTS (SELECT 1 FROM ${staging} s WHERE s.external_id = r.external_id)`,
    [sync.enterpriseId],
  );
}

/** How many plan rows there are of each kind (`received` is passed through). */
export async function countPlan(manager: EntityManager, scope: ApplyScope, received: number): Promise<PlanCounts> {
  const rows = await manager.query<{ kind: string; known: boolean; n: number }[]>(
    `SELECT kind, rider_id IS NOT NULL AS known, count(*)::int AS n FROM ${scope.plan} GROUP BY 1, 2`,
  );
  const of = (kind: string, known?: boolean) =>
    rows.filter((row) => row.kind === kind && (known === undefined || row.known === known)).reduce((sum, row) => sum + row.n, 0);
  return {
    received,
    created: of('CREATED'),
    reactivated: of('CREATED', true),
    updated: of('UPDATED'),
    unchanged: of('UNCHANGED'),
    deactivated: of('DEACTIVATED'),
    rejected: of('REJECTED'),
    stale: of('STALE'),
  };
}

/**
 * roster_match: each created or updated rider with its worker person: by ID blind index, else
 * by phone (unless that person carries another ID number). A rider nobody matches gets a new
 * person's id at once (`existed` false), so creating people needs no second pass over the rows.
 * New ids are time-ordered and increase with the line, the order the people are inserted in, so
 * the worker primary key is appended to (see roster-ids.ts).
 */
export async function matchWorkers(manager: EntityManager, staging: string, sync: RosterSync, scope: ApplyScope): Promise<void> {
  const { plan, match, lines } = scope;
  if (scope.probeWorkers) await manager.query('SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off');
  // `found`: a person is there to link to. `existed`: that person was there before this sync (a
  // sync applied chunk by chunk finds people its earlier chunks created; they are not "existing"
  // for the ledger). Rows this transaction inserted carry its start time, now(), as created_at.
  await manager.query(
    `CREATE TEMP TABLE ${match} ON COMMIT DROP AS
     SELECT p.line, p.kind, p.rider_id,
            COALESCE(wi.id, wp.id, ${lineOrderedIdSql('$1', 'p.line', 'p.phone_index')}) AS worker_id,
            (wi.id IS NOT NULL OR wp.id IS NOT NULL) AS found,
            COALESCE(CASE WHEN wi.id IS NOT NULL THEN wi.created_at ELSE wp.created_at END <> now()::timestamptz(3), false) AS existed,
            p.party_member, p.county_code
     FROM ${plan} p
     LEFT JOIN worker wi ON p.id_index IS NOT NULL AND wi.id_number_index = p.id_index AND wi.merged_into_id IS NULL
     LEFT JOIN worker wp ON wp.phone_index = p.phone_index AND wp.merged_into_id IS NULL
       AND (p.id_index IS NULL OR wp.id_number_index IS NULL OR wp.id_number_index = p.id_index)
     WHERE p.kind IN ('CREATED', 'UPDATED')`,
    [timeOrderedIdPrefix()],
  );
  if (scope.probeWorkers) await manager.query('SET LOCAL enable_hashjoin TO DEFAULT; SET LOCAL enable_mergejoin TO DEFAULT');
  // Without statistics the planner takes roster_match for small and hashes the wide staging rows
  // instead, spilling them to temp files in every join below.
  await manager.query(`ANALYZE ${match}`);
  if (sync.dryRun) return;
  const [{ industry }] = await manager.query<{ industry: string }[]>('SELECT industry FROM enterprise WHERE id = $1', [sync.enterpriseId]);
  // New people. Usually none of them can conflict (no two rows of one person, nobody else
  // creating the same person meanwhile): then one plain INSERT creates them all, which is much
  // cheaper than ON CONFLICT (that probes the worker's unique keys of every row first). In line
  // order, the order of their time-ordered ids: the phone and ID-number keys are hash indexes,
  // which no order helps. If one does conflict (or waits on another sync creating the same person
  // until one of the two is ended as a deadlock), the savepoint undoes the attempt and the careful
  // path below runs instead.
  const newPeople = `
    INSERT INTO worker (id, name_cipher, name_masked, phone_cipher, phone_index, phone_masked,
                        id_number_cipher, id_number_index, id_number_masked, gender, industry, county_code)
    SELECT m.worker_id, s.name_cipher, s.name_masked, s.phone_cipher, s.phone_index, s.phone_masked,
           s.id_cipher, s.id_index, s.id_masked, s.gender, $1, s.county_code
    FROM ${match} m JOIN ${staging} s ON s.line = m.line
    WHERE NOT m.found ${lines}`;
  await manager.query('SAVEPOINT roster_new_people');
  try {
    await manager.query(newPeople, [industry]);
    await manager.query('RELEASE SAVEPOINT roster_new_people');
    return; // every rider has its worker: no id was given up
  } catch (error) {
    if (!PERSON_CONFLICTS.has((error as { driverError?: { code?: string } }).driverError?.code ?? '')) throw error;
    await manager.query('ROLLBACK TO SAVEPOINT roster_new_people');
  }
  // Random ids here, as before ids were time-ordered: then even a time-ordered id that happened
  // to equal an existing person's cannot leave its rider without a person below.
  await manager.query(`UPDATE ${match} SET worker_id = gen_random_uuid() WHERE NOT found`);
  // A second row of one person (same ID or phone), or a person created meanwhile, is skipped by
  // DO NOTHING; its rider loses the id it was given and is matched below to the person that exists.
  await manager.query(
    `WITH inserted AS (${newPeople}
       ON CONFLICT DO NOTHING
       RETURNING id
     )
     UPDATE ${match} m SET worker_id = NULL
     WHERE NOT m.found AND NOT EXISTS (SELECT 1 FROM inserted i WHERE i.id = m.worker_id)`,
    [industry],
  );
  const resolve = `
    UPDATE ${match} m SET worker_id = COALESCE(wi.id, wp.id)
    FROM ${staging} s
    LEFT JOIN worker wi ON s.id_index IS NOT NULL AND wi.id_number_index = s.id_index AND wi.merged_into_id IS NULL
    LEFT JOIN worker wp ON wp.phone_index = s.phone_index AND wp.merged_into_id IS NULL
      AND (s.id_index IS NULL OR wp.id_number_index IS NULL OR wp.id_number_index = s.id_index)
    WHERE m.worker_id IS NULL AND s.line = m.line ${lines}`;
  await manager.query(resolve);
  // Left: an ID number nobody has, with a phone held by someone with another ID number. The
  // phone stays with its holder; this person is created with the ID number alone.
  await manager.query(
    `INSERT INTO worker (name_cipher, name_masked, id_number_cipher, id_number_index, id_number_masked, gender, industry, county_code)
     SELECT s.name_cipher, s.name_masked, s.id_cipher, s.id_index, s.id_masked, s.gender, $1, s.county_code
     FROM ${match} m JOIN ${staging} s ON s.line = m.line
     WHERE m.worker_id IS NULL AND s.id_index IS NOT NULL ${lines}
     ORDER BY s.line
     ON CONFLICT DO NOTHING`,
    [industry],
  );
  await manager.query(resolve);
  const [{ unmatched }] = await manager.query<{ unmatched: number }[]>(`SELECT count(*)::int AS unmatched FROM ${match} WHERE worker_id IS NULL`);
  if (unmatched > 0) throw new Error(`${unmatched} riders could not be linked to a worker`);
}

/**
 * Writes a scope's new, changed and returning riders and deactivates those its plan says; each
 * statement runs only when the plan has rows for it (a first sync has only new riders).
 */
export async function writeRoster(manager: EntityManager, staging: string, sync: RosterSync, counts: PlanCounts, scope: ApplyScope): Promise<void> {
  const { plan, match, lines } = scope;
  // Time-ordered ids in line order, the order the join yields the rows in (see roster-ids.ts). A
  // collision would need another sync in the same ms with the same random bits, line and row
  // hash bits; it would fail this sync cleanly (unique violation) and a retry draws new ids.
  if (counts.created > counts.reactivated) {
    await manager.query(
      `INSERT INTO roster_rider (id, enterprise_id, external_id, county_code, region_id, township_id, worker_id, name_masked,
                                 phone_index, phone_masked, id_number_index, id_number_masked, gender,
                                 site_name, site_lat, site_lng, party_member, row_hash, last_sync_id)
       SELECT ${lineOrderedIdSql('$3', 's.line', 's.row_hash')}, $1, s.external_id, s.county_code, s.region_id, s.township_id, m.worker_id, s.name_masked,
              s.phone_index, s.phone_masked, s.id_index, s.id_masked, s.gender,
              s.site_name, s.site_lat, s.site_lng, s.party_member, s.row_hash, $2
       FROM ${match} m
       JOIN ${staging} s ON s.line = m.line
       WHERE m.kind = 'CREATED' AND m.rider_id IS NULL ${lines}`,
      [sync.enterpriseId, sync.id, timeOrderedIdPrefix()],
    );
  }
  if (counts.updated + counts.reactivated > 0) {
    await manager.query(
      `UPDATE roster_rider r SET
         county_code = s.county_code, region_id = s.region_id, township_id = s.township_id, worker_id = m.worker_id,
         name_masked = s.name_masked, phone_index = s.phone_index, phone_masked = s.phone_masked,
         id_number_index = s.id_index, id_number_masked = s.id_masked, gender = s.gender,
         site_name = s.site_name, site_lat = s.site_lat, site_lng = s.site_lng, party_member = s.party_member, row_hash = s.row_hash,
         active = true, deactivated_at = NULL, last_sync_id = $1, updated_at = now()
       FROM ${match} m
       JOIN ${staging} s ON s.line = m.line
       WHERE r.id = m.rider_id ${lines}`,
      [sync.id],
    );
  }
  if (counts.deactivated > 0) await deactivateRiders(manager, sync, plan);
}

/** Deactivates the riders a plan (a table, or a query in parentheses) marks DEACTIVATED. */
export async function deactivateRiders(manager: EntityManager, sync: RosterSync, plan: string): Promise<void> {
  await manager.query(
    `UPDATE roster_rider r SET active = false, deactivated_at = now(), last_sync_id = $1, updated_at = now()
     FROM ${plan} p
     WHERE r.id = p.rider_id AND p.kind = 'DEACTIVATED'`,
    [sync.id],
  );
}

/**
 * The change list, each kind in line order: `seq` is the row's line (unique in a sync), and riders
 * a snapshot no longer lists follow the last line in externalId order. (Numbering every kind
 * 1, 2, 3… instead sorted the whole plan: 4 s of a million-rider first sync.)
 */
export async function writeChanges(manager: EntityManager, syncId: string): Promise<void> {
  await manager.query(
    `INSERT INTO roster_sync_change (sync_id, kind, seq, external_id, line, field, reason_code, reason, problems, changed_fields)
     SELECT $1::uuid, p.kind, p.line, p.external_id, p.line, p.field, p.reason_code, p.reason, p.problems::jsonb,
            CASE WHEN p.kind = 'UPDATED' THEN p.changed_fields END
     FROM roster_plan p
     WHERE p.kind IN ('CREATED', 'UPDATED', 'DEACTIVATED', 'REJECTED') AND p.line IS NOT NULL
     UNION ALL
     SELECT $1::uuid, p.kind, (SELECT coalesce(max(line), 0) FROM roster_plan) + row_number() OVER (ORDER BY p.external_id),
            p.external_id, NULL, p.field, p.reason_code, p.reason, NULL, NULL
     FROM roster_plan p
     WHERE p.kind = 'DEACTIVATED' AND p.line IS NULL`,
    [syncId],
  );
}
