// Drops this run's template database and stops the embedded server, if global-setup started one.
import pg from 'pg';

export default async function globalTeardown() {
  const url = process.env.NF_TEST_SERVER_URL;
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS nf_tpl_${process.env.NF_TEST_RUN} WITH (FORCE)`).catch(() => {});
    await client.end();
  }
  await globalThis.__NF_EMBEDDED__?.stop();
}
