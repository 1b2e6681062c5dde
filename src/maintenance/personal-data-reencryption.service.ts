import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { PersonalDataDecryptionError, PersonalDataService } from '../common/personal-data/personal-data.service.js';
import { anyNotCurrentSql, countNotCurrentSql, lockNotCurrentSql, rewriteSql, windowEndSql } from './personal-data-reencryption.sql.js';

/**
 * Every column that holds personal-data ciphertext, by table (each keyed by a uuid `id`). A spec
 * checks this against every `…_cipher` column of the schema, so a new one cannot be forgotten.
 */
export const ENCRYPTED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  worker: ['name_cipher', 'phone_cipher', 'id_number_cipher'],
  enterprise: ['contact_name_cipher', 'contact_phone_cipher'],
  // Webhook signing secrets are sealed with the same keys, so a retired key must not be left holding them.
  webhook_endpoint: ['secret_sealed', 'previous_secret_sealed'],
};

// Rows read per step, in primary-key order; each step is one short transaction.
const WINDOW_ROWS = 1000;

/** What one run did, per table and in all. Counts only: never a value. */
export interface ReencryptionReport {
  /** Values rewritten in the current format under the current key. */
  reencrypted: number;
  /** Values that could not be decrypted (unknown key id, damaged): left as they were. */
  failed: number;
  /** Values still not in the current format and key after the run (failed ones, and rows another transaction held). */
  remaining: number;
  byTable: Record<string, { reencrypted: number; failed: number; remaining: number }>;
}

/**
 * Rewrites personal data written in an older format (v1) or under a key other than the current one
 * (after a key rotation) in the current format under the current key, so old values and retired
 * keys can go. In steps of {@link WINDOW_ROWS} rows by primary key, each step one transaction that
 * locks only the rows it rewrites (`FOR UPDATE SKIP LOCKED`, re-checked under the lock): several
 * instances may run it at once, each row is rewritten once, and a run after everything is current
 * changes nothing. Rows held by another transaction are left for the next run. `version` and
 * `updated_at` are not touched: the values mean the same, and no one's edit should conflict with it.
 */
@Injectable()
export class PersonalDataReencryptionService {
  private readonly logger = new Logger('PersonalDataReencryption');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly personalData: PersonalDataService,
    private readonly audit: AuditService,
  ) {}

  /** Whether any stored value is not yet in the current format under the current key. */
  async pending(): Promise<boolean> {
    const prefix = this.personalData.currentPrefix;
    for (const [table, columns] of Object.entries(ENCRYPTED_COLUMNS)) {
      const [{ found }] = await this.dataSource.query<{ found: boolean }[]>(anyNotCurrentSql(table, columns), [prefix]);
      if (found) return true;
    }
    return false;
  }

  /** Re-encrypts every stored value that is not current; audited (actor: system) when it changed or failed anything. */
  async run(): Promise<ReencryptionReport> {
    const report: ReencryptionReport = { reencrypted: 0, failed: 0, remaining: 0, byTable: {} };
    for (const [table, columns] of Object.entries(ENCRYPTED_COLUMNS)) {
      const counts = await this.table(table, columns);
      report.byTable[table] = counts;
      report.reencrypted += counts.reencrypted;
      report.failed += counts.failed;
      report.remaining += counts.remaining;
    }
    if (report.reencrypted > 0 || report.failed > 0) {
      this.logger.log(`Re-encrypted ${report.reencrypted} personal-data values; ${report.failed} could not be decrypted; ${report.remaining} remain`);
      await this.audit.record({
        action: 'personal_data.reencrypt',
        actor: { kind: 'system', label: 'personal-data re-encryption job' },
        changes: { format: this.personalData.currentPrefix.slice(0, -1), ...report },
      });
    }
    return report;
  }

  private async table(table: string, columns: readonly string[]): Promise<ReencryptionReport['byTable'][string]> {
    const counts = { reencrypted: 0, failed: 0, remaining: 0 };
    let after: string | null = null;
    for (;;) {
      // The window's last id: the next step starts after it whatever this one found.
      const [last]: { id: string }[] = await this.dataSource.query(windowEndSql(table, after !== null), after ? [WINDOW_ROWS, after] : [WINDOW_ROWS]);
      if (!last) break;
      const step = await this.dataSource.transaction((manager) => this.window(manager, table, columns, after, last.id));
      counts.reencrypted += step.reencrypted;
      counts.failed += step.failed;
      after = last.id;
    }
    const [{ n }] = await this.dataSource.query<{ n: number }[]>(countNotCurrentSql(table, columns), [this.personalData.currentPrefix]);
    counts.remaining = n;
    return counts;
  }

  // One window (after, last] of a table: its rows with a value that is not current, locked, rewritten.
  private async window(
    manager: EntityManager,
    table: string,
    columns: readonly string[],
    after: string | null,
    last: string,
  ): Promise<{ reencrypted: number; failed: number }> {
    const prefix = this.personalData.currentPrefix;
    const rows = await manager.query<Record<string, string | null>[]>(
      lockNotCurrentSql(table, columns, after !== null),
      after ? [prefix, last, after] : [prefix, last],
    );
    let reencrypted = 0;
    let failed = 0;
    const ids: string[] = [];
    const values: (string | null)[][] = columns.map(() => []);
    for (const row of rows) {
      let changed = false;
      const next = columns.map((column) => {
        const value = row[column];
        if (value === null || value.startsWith(prefix)) return value;
        try {
          const fresh = this.personalData.reencrypt(value);
          reencrypted++;
          changed = true;
          return fresh;
        } catch (error) {
          if (!(error instanceof PersonalDataDecryptionError)) throw error;
          failed++;
          return value;
        }
      });
      if (!changed) continue;
      ids.push(row.id!);
      next.forEach((value, c) => values[c].push(value));
    }
    if (ids.length > 0) {
      await manager.query(rewriteSql(table, columns), [ids, ...values]);
    }
    return { reencrypted, failed };
  }
}
