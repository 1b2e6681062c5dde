import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import { DataSource } from 'typeorm';

/**
 * A small pool of its own for the event machinery's background statements (the bus's outbox reads,
 * the delivery workers' claims and results), so their steady polling neither takes the request
 * pool's connections nor shows in the request statement counts.
 */
@Injectable()
export class EventsPool implements OnApplicationShutdown {
  private pool?: pg.Pool;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs one statement; the rows. */
  async query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    if (!this.pool) {
      this.pool = new pg.Pool({ connectionString: (this.dataSource.options as { url?: string }).url, max: 6, application_name: 'newforce events' });
      // An idle connection the server or network drops is an 'error' on the pool, which would
      // otherwise end the process; the next statement simply gets a new connection.
      this.pool.on('error', () => undefined);
    }
    return (await this.pool.query(sql, parameters)).rows as T[];
  }

  async onApplicationShutdown(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }
}
