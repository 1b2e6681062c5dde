import type pg from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Runs `listener` whenever PostgreSQL delivers a NOTIFY on `channel` to any of the app's pooled
 * connections. Each connection LISTENs before its first statement, so a connection that commits a
 * change announced on `channel` gets the notice back with the commit (before the statement's reply
 * resolves): this instance hears its own changes before the code that made them goes on. Other
 * instances' changes arrive on idle connections too, but no sooner than PostgreSQL delivers them.
 */
export function onPoolNotice(dataSource: DataSource, channel: string, listener: () => void): void {
  const pool = (dataSource.driver as unknown as { master?: pg.Pool }).master;
  if (!pool) return;
  const listening = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client) => {
    if (listening.has(client)) return;
    listening.add(client);
    client.on('notification', (message) => {
      if (message.channel === channel) listener();
    });
    // Queued ahead of whatever the borrower sends; a failure surfaces there, not here.
    client.query(`LISTEN ${channel}`).catch(() => undefined);
  });
}
