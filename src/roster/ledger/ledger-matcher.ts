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
  createFromRosterMatch(manager: EntityManager, match: RosterLedgerMatch): Promise<unknown>;
  /** The same for many riders in one statement; a worker already in the ledger is left as it is. */
  createManyFromRosterMatch(manager: EntityManager, matches: readonly RosterLedgerMatch[]): Promise<unknown>;
}

/** Injection token of the {@link LedgerMatcher} roster sync uses. */
export const LEDGER_MATCHER = Symbol('LEDGER_MATCHER');
