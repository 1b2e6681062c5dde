import type { DataSource } from 'typeorm';

/**
 * Reads one query's rows in batches through a server-side cursor. The query runs (and sorts) once,
 * however many batches follow, where keyset pages would each run it again: for a long export that
 * is the difference between linear and quadratic. The cursor lives in a read-only transaction on a
 * connection of its own, given back when iteration ends, fails or is stopped early (a download the
 * client abandons).
 */
export async function* cursorBatches<R>(dataSource: DataSource, sql: string, params: unknown[], size: number): AsyncGenerator<R[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('BEGIN READ ONLY');
    await runner.query(`DECLARE batches NO SCROLL CURSOR FOR ${sql}`, params);
    for (;;) {
      const rows: R[] = await runner.query(`FETCH ${Math.trunc(size)} FROM batches`);
      if (rows.length > 0) yield rows;
      if (rows.length < size) return;
    }
  } finally {
    await runner.query('ROLLBACK').catch(() => undefined);
    await runner.release();
  }
}
