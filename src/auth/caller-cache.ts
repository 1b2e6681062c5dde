import { Injectable, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { setBounded } from '../common/collections/bounded-map.js';
import { onPoolNotice } from '../database/pool-notices.js';
import { EventBus } from '../outbox/event-bus.js';
import { CALLER_CHANNEL } from '../outbox/event-types.js';

/** How many callers one instance remembers; past that, the longest remembered is forgotten first. */
export const CALLER_CACHE_SIZE = 10_000;

/**
 * The signed-in callers this instance has read, so that a caller's every request does not read their
 * account again (a round trip that was a sixth of a small page's CPU). A committed change to an
 * account, a worker record or a region NOTIFYs every instance (migration CallerChanges), and each
 * forgets every caller it remembers:
 * - a change made through this instance (its API, its jobs, SQL on its pool) is heard on the very
 *   connection that commits it, before the code that made it goes on (onPoolNotice): the next request
 *   sees it, always;
 * - a change made elsewhere (another instance, psql) is heard when PostgreSQL delivers the notice to
 *   this instance's LISTEN connection (the EventBus's), well under a millisecond on one machine; a
 *   request this instance reads before that is treated as made before the change.
 * While the bus is not listening (its connection lost, or silent for two heartbeats) nothing is
 * remembered, and a read that a change overtook is not kept. An entry also expires after
 * CALLER_CACHE_SECONDS (0 turns remembering off): the bound for changes no trigger sees (a restore
 * with `session_replication_role = replica`, `pg_restore --disable-triggers`).
 */
@Injectable()
export class CallerCache implements OnModuleInit, OnModuleDestroy {
  private readonly callers = new Map<string, { value: unknown; until: number }>();
  private readonly ttlMs: number;
  private generation = 0;
  private subscription?: Subscription;

  constructor(
    config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional() private readonly bus?: EventBus,
  ) {
    this.ttlMs = config.CALLER_CACHE_SECONDS * 1000;
  }

  onModuleInit(): void {
    this.subscription = this.bus?.callerChanges$.subscribe(() => this.forgetAll());
    onPoolNotice(this.dataSource, CALLER_CHANNEL, () => this.forgetAll());
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /** The caller under `key`: remembered, or read by `read` (and remembered when found). */
  async get<T>(key: string, read: () => Promise<T | undefined>): Promise<T | undefined> {
    if (!this.ttlMs || !this.bus?.listening) return read();
    const now = Date.now();
    const remembered = this.callers.get(key);
    if (remembered && remembered.until > now) return remembered.value as T;
    const generation = this.generation;
    const value = await read();
    // A change heard while reading may be newer than what was read: use the read, do not keep it.
    if (value !== undefined && generation === this.generation && this.bus.listening) {
      setBounded(this.callers, key, { value, until: now + this.ttlMs }, CALLER_CACHE_SIZE);
    }
    return value;
  }

  /** Forgets every caller (a change to some account, worker or region committed, or may have gone unheard). */
  forgetAll(): void {
    this.generation++;
    this.callers.clear();
  }
}
