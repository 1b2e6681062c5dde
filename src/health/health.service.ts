import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface Readiness {
  ready: boolean;
  database: 'up' | 'down';
  migrations: 'applied' | 'pending' | 'unknown';
  /** Always `serving` here: while starting, the StartupServer answers instead of the application. */
  phase: 'serving';
}

/** Answers "is this instance able to serve": database reachable and schema migrated (start-up itself is StartupServer's). */
@Injectable()
export class HealthService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Checks the database with one round trip and compares applied migrations with the code's. */
  async readiness(): Promise<Readiness> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      return { ready: false, database: 'down', migrations: 'unknown', phase: 'serving' };
    }
    const pending = await this.dataSource.showMigrations();
    return { ready: !pending, database: 'up', migrations: pending ? 'pending' : 'applied', phase: 'serving' };
  }
}
