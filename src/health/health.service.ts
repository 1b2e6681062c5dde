import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface Readiness {
  ready: boolean;
  database: 'up' | 'down';
  migrations: 'applied' | 'pending' | 'unknown';
}

/** Answers "is this instance able to serve": database reachable and schema migrated. */
@Injectable()
export class HealthService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Checks the database with one round trip and compares applied migrations with the code's. */
  async readiness(): Promise<Readiness> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      return { ready: false, database: 'down', migrations: 'unknown' };
    }
    const pending = await this.dataSource.showMigrations();
    return { ready: !pending, database: 'up', migrations: pending ? 'pending' : 'applied' };
  }
}
