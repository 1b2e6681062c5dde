import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import { Subject, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { CALLER_CHANNEL, EVENT_CHANNEL, ROSTER_PROGRESS_CHANNEL, type OutboxEvent, type RosterProgress } from './event-types.js';
import { OutboxService } from './outbox.service.js';

/** Events read per catch-up query. */
const BATCH = 1000;

/**
 * How often the LISTEN connection is asked `SELECT 1`. A connection whose peer vanished without a reset
 * (a NAT or balancer timeout, a failover) raises no error and hears nothing: one that has not answered
 * for two beats no longer counts as listening, and is replaced.
 */
export const LISTEN_HEARTBEAT_MS = 5000;

/**
 * The cross-instance bus: one LISTEN connection per instance. A NOTIFY (sent by PostgreSQL when an
 * append commits, whichever instance made it) makes the bus read the outbox after the last sequence
 * it published and publish those events in sequence order: every event exactly once per instance,
 * none skipped (appends commit in sequence order). A lost connection is reopened and the bus catches up.
 * The same connection hears committed changes to signed-in callers (`callerChanges$`).
 */
@Injectable()
export class EventBus implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('EventBus');
  private readonly subject = new Subject<OutboxEvent>();
  private readonly progress = new Subject<RosterProgress>();
  private readonly callers = new Subject<void>();
  private client?: pg.Client;
  private lastPublished = 0;
  private reading?: Promise<void>;
  private readAgain = false;
  private stopped = false;
  private reconnectTimer?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  /** When the LISTEN connection last answered a heartbeat or delivered a notice. */
  private heardAt = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  /** Committed events, live, in sequence order. */
  get events$(): Observable<OutboxEvent> {
    return this.subject.asObservable();
  }

  /** Roster syncs' progress, live, from every instance (not kept: a subscriber sees what arrives while it listens). */
  get rosterProgress$(): Observable<RosterProgress> {
    return this.progress.asObservable();
  }

  /**
   * A committed change to what some signed-in caller is made of (their account, worker record or region),
   * from any instance; also when the connection is lost or reopened (changes may have gone unheard).
   */
  get callerChanges$(): Observable<void> {
    return this.callers.asObservable();
  }

  /** Whether the LISTEN connection is up and answered lately: while it is not, changes may go unheard. */
  get listening(): boolean {
    return this.client !== undefined && Date.now() - this.heardAt < 2 * LISTEN_HEARTBEAT_MS;
  }

  /** The last sequence this instance published. */
  get lastSequence(): number {
    return this.lastPublished;
  }

  async onModuleInit(): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    this.lastPublished = await this.outbox.lastSequence();
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.heartbeat);
    await this.client?.end().catch(() => undefined);
    await this.reading;
    this.subject.complete();
    this.progress.complete();
    this.callers.complete();
  }

  /** Reads and publishes whatever committed since the last publication (also called on a timer by consumers that must not wait). */
  poke(): Promise<void> {
    if (this.reading) {
      this.readAgain = true;
      return this.reading;
    }
    this.reading = this.readNew().finally(() => {
      this.reading = undefined;
      if (this.readAgain && !this.stopped) {
        this.readAgain = false;
        void this.poke();
      }
    });
    return this.reading;
  }

  private async readNew(): Promise<void> {
    try {
      for (;;) {
        const events = await this.outbox.after(this.lastPublished, BATCH);
        for (const event of events) {
          this.lastPublished = event.sequence;
          this.subject.next(event);
        }
        if (events.length < BATCH) return;
      }
    } catch (error) {
      if (!this.stopped) this.logger.warn(`Reading the outbox failed: ${(error as Error).message}`);
    }
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: (this.dataSource.options as { url?: string }).url,
      application_name: 'newforce events',
      keepAlive: true,
      keepAliveInitialDelayMillis: LISTEN_HEARTBEAT_MS,
    });
    client.on('notification', (message) => {
      this.heardAt = Date.now();
      if (message.channel === CALLER_CHANNEL) return this.callers.next();
      if (message.channel !== ROSTER_PROGRESS_CHANNEL) return void this.poke();
      try {
        this.progress.next(JSON.parse(message.payload ?? '') as RosterProgress);
      } catch {
        // not ours: ignored
      }
    });
    client.on('error', (error) => {
      if (this.client !== undefined && this.client !== client) return; // one already replaced
      this.logger.warn(`The LISTEN connection failed: ${error.message}; reconnecting`);
      this.scheduleReconnect();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENT_CHANNEL}`);
      await client.query(`LISTEN ${ROSTER_PROGRESS_CHANNEL}`);
      await client.query(`LISTEN ${CALLER_CHANNEL}`);
      this.client = client;
      this.heardAt = Date.now();
      clearInterval(this.heartbeat);
      this.heartbeat = setInterval(() => void this.beat(client), LISTEN_HEARTBEAT_MS).unref();
      this.callers.next(); // what changed while the connection was down
      void this.poke(); // what committed while the connection was down
    } catch (error) {
      this.logger.warn(`Could not LISTEN: ${(error as Error).message}`);
      await client.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  /** Asks the LISTEN connection for an answer; none within a beat: it is replaced. */
  private async beat(client: pg.Client): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const silence = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${LISTEN_HEARTBEAT_MS} ms`)), LISTEN_HEARTBEAT_MS);
    });
    try {
      await Promise.race([client.query('SELECT 1'), silence]);
      if (this.client === client) this.heardAt = Date.now();
    } catch (error) {
      if (this.client !== client || this.stopped) return;
      this.logger.warn(`The LISTEN connection stopped answering (${(error as Error).message}); reconnecting`);
      this.scheduleReconnect();
    } finally {
      clearTimeout(timer);
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    clearInterval(this.heartbeat);
    const old = this.client;
    this.client = undefined;
    this.callers.next();
    void old?.end().catch(() => undefined);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, 1000);
  }
}
