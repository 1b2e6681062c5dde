import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * Who works on a sync. Its uploader owns it while its body is received (RECEIVING), its applier
 * while it is applied (PROCESSING, and while a big body is applied as it arrives).
 */
export enum RosterSyncRole {
  UPLOAD = 'upload',
  APPLY = 'apply',
}

// The advisory-lock key of a sync's lease for one role (64 bits, beside the platform's apply lock
// `roster_sync:<enterprise>`).
const leaseKey = (role: RosterSyncRole, param: string) => `hashtextextended('roster_sync_${role}:' || ${param}, 0)`;

/**
 * How an owner's death shows. A lease is a session-level advisory lock on the owner's connection:
 * when its process dies the connection closes and PostgreSQL frees the lock. A backend only notices
 * a closed client between statements, so one busy in a long statement looks every few seconds
 * (PostgreSQL 14+); TCP keepalives find a client whose host is gone in about a minute. The settings
 * are the session's own (context "user"), so no server setting is needed.
 */
const OWNER_SESSION_SETTINGS = [
  `SET client_connection_check_interval = '5s'`,
  // An owner's statements are a sync's own (a COPY as long as the upload, an apply of a million
  // riders): the per-statement limit for requests (DATABASE_STATEMENT_TIMEOUT_MS) does not apply.
  'SET statement_timeout = 0',
  'SET tcp_keepalives_idle = 30',
  'SET tcp_keepalives_interval = 10',
  'SET tcp_keepalives_count = 3',
];

/**
 * A connection that owns syncs: it holds their leases, and the work that needs them runs on it, so
 * that work ends with the lease (a transaction on a closed connection cannot commit). Close it when
 * done: its leases are given back and the connection returns to the pool as it came.
 */
export class RosterSyncOwner {
  private constructor(readonly runner: QueryRunner) {}

  static async open(dataSource: DataSource): Promise<RosterSyncOwner> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      for (const setting of OWNER_SESSION_SETTINGS) await runner.query(setting);
    } catch (error) {
      await runner.release();
      throw error;
    }
    return new RosterSyncOwner(runner);
  }

  /** The connection's entity manager (its transactions run on this connection). */
  get manager(): EntityManager {
    return this.runner.manager;
  }

  /** Takes the lease, waiting for it (for a sync this owner has just created, nobody else holds it). */
  async take(role: RosterSyncRole, syncId: string): Promise<void> {
    await this.runner.query(`SELECT pg_advisory_lock(${leaseKey(role, '$1')})`, [syncId]);
  }

  /** Takes the lease if nobody holds it. */
  async tryTake(role: RosterSyncRole, syncId: string): Promise<boolean> {
    const [{ taken }] = await this.runner.query(`SELECT pg_try_advisory_lock(${leaseKey(role, '$1')}) AS taken`, [syncId]);
    return taken as boolean;
  }

  /** Gives a lease back. */
  async give(role: RosterSyncRole, syncId: string): Promise<void> {
    await this.runner.query(`SELECT pg_advisory_unlock(${leaseKey(role, '$1')})`, [syncId]);
  }

  /** Gives every lease back and returns the connection (dropping it if it is broken: that frees them too). */
  async close(): Promise<void> {
    try {
      await this.runner.query('SELECT pg_advisory_unlock_all()');
      await this.runner.query('RESET ALL');
    } catch (error) {
      // The pool must not hand out a connection that may still hold leases: TypeORM's release with
      // an error (private in its types) has pg-pool close it instead.
      await (this.runner as unknown as { releasePostgresConnection(error: unknown): Promise<void> }).releasePostgresConnection(error);
      return;
    }
    await this.runner.release();
  }
}

/**
 * Takes a sync's lease until the transaction of `manager` ends, if nobody holds it: whoever gets it
 * knows the owner is gone, and no owner can take it back meanwhile.
 */
export async function tryLeaseForTransaction(manager: EntityManager, role: RosterSyncRole, syncId: string): Promise<boolean> {
  const [{ taken }] = await manager.query<{ taken: boolean }[]>(`SELECT pg_try_advisory_xact_lock(${leaseKey(role, '$1')}) AS taken`, [syncId]);
  return taken;
}

/** Whether someone holds a sync's lease, read from pg_locks (taking it to find out would get in an owner's way). */
export async function leaseHeld(manager: EntityManager, role: RosterSyncRole, syncId: string): Promise<boolean> {
  const [{ held }] = await manager.query<{ held: boolean }[]>(
    `SELECT EXISTS (
       SELECT 1 FROM pg_locks l, (SELECT ${leaseKey(role, '$1')} AS k) key
       WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND l.classid = ((key.k >> 32) & 4294967295)::oid AND l.objid = (key.k & 4294967295)::oid
     ) AS held`,
    [syncId],
  );
  return held;
}
