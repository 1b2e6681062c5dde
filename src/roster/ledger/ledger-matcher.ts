import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A rider the platform flags as a party member, to be entered in the five-clear ledger (平台名单比对). */
export interface RosterLedgerMatch {
  workerId: string;
  /** County of the rider's delivery site. */
  countyCode: string;
  /** The platform enterprise that declared it. */
  enterpriseId: string;
  /** The sync that found it. */
  rosterSyncId: string;
}

/**
 * What roster sync needs from the five-clear ledger (五个清台账), kept this small so the ledger
 * feature can provide it (`LedgerService`) without the roster depending on the ledger's code.
 * Both methods run inside the caller's transaction (`manager`).
 */
export interface LedgerMatcher {
  /** Of these workers, the ones that have a ledger entry. */
  workerIdsInLedger(manager: EntityManager, workerIds: string[]): Promise<string[]>;
  /** Enters a rider the platform flags as a party member: an unverified entry, channel ROSTER_MATCH. */
  createFromRosterMatch(manager: EntityManager, match: RosterLedgerMatch): Promise<void>;
}

/** Injection token of the {@link LedgerMatcher} roster sync uses. */
export const LEDGER_MATCHER = Symbol('LEDGER_MATCHER');

/**
 * The stand-in used until the ledger feature provides its service: plain SQL against
 * `ledger_entry` when that table exists, and nothing at all when it does not.
 */
@Injectable()
export class SqlLedgerMatcher implements LedgerMatcher {
  // Asked once per manager (one apply transaction), not once per rider.
  private readonly existence = new WeakMap<EntityManager, Promise<boolean>>();

  /** Whether `ledger_entry` exists. */
  private ledgerExists(manager: EntityManager): Promise<boolean> {
    let known = this.existence.get(manager);
    if (!known) {
      known = manager
        .query<{ exists: boolean }[]>(`SELECT to_regclass('public.ledger_entry') IS NOT NULL AS exists`)
        .then((rows) => rows[0].exists);
      this.existence.set(manager, known);
    }
    return known;
  }

  async workerIdsInLedger(manager: EntityManager, workerIds: string[]): Promise<string[]> {
    if (workerIds.length === 0 || !(await this.ledgerExists(manager))) return [];
    const rows = await manager.query<{ worker_id: string }[]>(
      'SELECT worker_id FROM ledger_entry WHERE worker_id = ANY($1::uuid[])',
      [workerIds],
    );
    return rows.map((row) => row.worker_id);
  }

  async createFromRosterMatch(manager: EntityManager, match: RosterLedgerMatch): Promise<void> {
    if (!(await this.ledgerExists(manager))) return;
    await manager.query(
      `INSERT INTO ledger_entry (id, worker_id, county_code, membership, channel, verification, created_at, updated_at)
       VALUES (gen_random_uuid(), $1, $2, 'DECLARED', 'ROSTER_MATCH', 'UNVERIFIED', now(), now())
       ON CONFLICT (worker_id) DO NOTHING`,
      [match.workerId, match.countyCode],
    );
  }
}
