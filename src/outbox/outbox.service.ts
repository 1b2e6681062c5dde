import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { setBounded } from '../common/collections/bounded-map.js';
import { EventsPool } from './events-pool.js';
import type { EventScope, EventType, OutboxEvent, RosterProgress } from './event-types.js';
import {
  APPEND_EVENT_SQL,
  EVENTS_AFTER_SQL,
  EVENTS_BY_SEQUENCES_SQL,
  EVENTS_OF_TYPES_AFTER_SQL,
  FIRST_SEQUENCE_SINCE_SQL,
  LAST_SEQUENCE_SQL,
  NOTIFY_ROSTER_PROGRESS_SQL,
  PURGE_DELIVERIES_SQL,
  PURGE_EVENTS_SQL,
} from './outbox.sql.js';

/** Advisory lock (transaction-level) that orders appends: sequence order = commit order. */
/** Least time between two progress announcements of one roster sync. */
const PROGRESS_EVERY_MS = 250;
const APPEND_LOCK = 'newforce:event_outbox append';

interface OutboxRow {
  sequence: string;
  id: string;
  type: EventType;
  subject_key: string;
  payload: Record<string, unknown>;
  platform_id: string | null;
  county_code: string | null;
  created_at: Date;
}

/** An outbox row as the rest of the code reads it. */
export const toOutboxEvent = (row: OutboxRow): OutboxEvent => ({
  sequence: Number(row.sequence),
  id: row.id,
  type: row.type,
  subjectKey: row.subject_key,
  payload: row.payload,
  platformId: row.platform_id,
  countyCode: row.county_code,
  createdAt: new Date(row.created_at),
});

/**
 * The transactional outbox. `append` writes an event in the caller's transaction (so a rolled-back
 * change emits nothing), queues its webhook deliveries in the same statement and NOTIFYs the bus,
 * which PostgreSQL delivers only on commit.
 */
@Injectable()
export class OutboxService {
  /** When each roster sync last announced its progress (ms). */
  private readonly lastProgress = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pool: EventsPool,
  ) {}

  /**
   * Appends one event inside `manager`'s transaction. Call it last in the transaction: it holds the
   * append lock until commit so that sequences commit in order. Static, so a domain service needs no
   * new constructor argument: `await OutboxService.append(manager, EventType.X, subjectKey, payload)`.
   */
  static async append(manager: EntityManager, type: EventType, subjectKey: string, payload: Record<string, unknown>, scope: EventScope = {}): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [APPEND_LOCK]);
    await manager.query(APPEND_EVENT_SQL, [type, subjectKey.slice(0, 200), JSON.stringify(payload), scope.platformId ?? null, scope.countyCode ?? null]);
  }

  /**
   * Tells subscribers (rosterSyncProgress, on every instance) how far a roster sync has got: a NOTIFY
   * on its own connection, so it arrives while the sync's transaction is still open. Best effort: at
   * most one every PROGRESS_EVERY_MS per sync, and a failure is ignored (progress is a courtesy).
   */
  async announceRosterProgress(progress: RosterProgress): Promise<void> {
    const now = Date.now();
    if (now - (this.lastProgress.get(progress.syncId) ?? 0) < PROGRESS_EVERY_MS) return;
    setBounded(this.lastProgress, progress.syncId, now, 1000);
    await this.pool.query(NOTIFY_ROSTER_PROGRESS_SQL, [JSON.stringify(progress)]).catch(() => undefined);
  }

  /** Events after `sequence` (exclusive) in sequence order, at most `limit`, optionally of some types only. */
  async after(sequence: number, limit: number, types?: readonly string[]): Promise<OutboxEvent[]> {
    const rows = types
      ? await this.pool.query<OutboxRow>(EVENTS_OF_TYPES_AFTER_SQL, [sequence, limit, types])
      : await this.pool.query<OutboxRow>(EVENTS_AFTER_SQL, [sequence, limit]);
    return rows.map(toOutboxEvent);
  }

  /** Events by sequence. */
  async bySequences(sequences: readonly number[]): Promise<OutboxEvent[]> {
    const rows: OutboxRow[] = await this.dataSource.query(EVENTS_BY_SEQUENCES_SQL, [sequences]);
    return rows.map(toOutboxEvent);
  }

  /** The first sequence at or after `time` (for a replay from a time), or null. */
  async firstSequenceSince(time: Date): Promise<number | null> {
    const [row] = await this.dataSource.query<{ sequence: string | null }[]>(FIRST_SEQUENCE_SINCE_SQL, [time]);
    return row?.sequence == null ? null : Number(row.sequence);
  }

  /** The highest sequence committed so far (0 when none). */
  async lastSequence(): Promise<number> {
    const [row] = await this.pool.query<{ sequence: string | null }>(LAST_SEQUENCE_SQL);
    return Number(row?.sequence ?? 0);
  }

  /** Deletes events (and their finished deliveries) older than `cutoff`; returns how many events. */
  async purge(cutoff: Date): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(PURGE_DELIVERIES_SQL, [cutoff]);
      const [, count] = await manager.query<[unknown, number]>(PURGE_EVENTS_SQL, [cutoff]);
      return count;
    });
  }
}
