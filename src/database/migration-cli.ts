import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config.js';
import { readEnvironment } from '../config/env-file.js';
import { PROJECT_ROOT } from '../config/version.js';
import { dataSourceOptions } from './data-source-options.js';
import { startConfiguredEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.js';
import { runMigrations } from './migrate.js';

const root = PROJECT_ROOT;

const usage = 'usage: migration-cli generate <Name> | run | revert | show';

/** `npm run migration:*`: the same database choice as `npm start` (DATABASE_URL, else embedded). */
async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  if (!command || !['generate', 'run', 'revert', 'show'].includes(command)) throw new Error(usage);
  if (command === 'generate' && !/^[A-Z][A-Za-z0-9]+$/.test(name ?? '')) {
    throw new Error('generate needs a PascalCase name, e.g. `npm run migration:generate -- AddStations`');
  }
  const environment = readEnvironment();
  const config = loadConfig(environment.env, { fromFile: environment.fromFile });
  let embedded: EmbeddedDatabase | undefined;
  let url = config.DATABASE_URL;
  if (!url) {
    embedded = await startConfiguredEmbeddedPostgres(config, { notice: (line) => console.log(line) });
    url = embedded.url;
  }
  try {
    if (command === 'run') {
      const applied = await runMigrations(url);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'nothing to apply');
      return;
    }
    const dataSource = new DataSource(dataSourceOptions(url, { entities: [resolve(root, 'dist/src/**/*.entity.js')] }));
    await dataSource.initialize();
    try {
      if (command === 'show') {
        console.log((await dataSource.showMigrations()) ? 'pending migrations exist' : 'up to date');
      } else if (command === 'revert') {
        await dataSource.undoLastMigration({ transaction: 'each' });
        console.log('reverted the last migration');
      } else {
        await generate(dataSource, name!);
      }
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await embedded?.stop();
  }
}

/** Writes the SQL that brings the database to the entities as a new migration, for review. */
async function generate(dataSource: DataSource, name: string): Promise<void> {
  if (await dataSource.showMigrations()) throw new Error('apply pending migrations first (npm run migration:run)');
  const sql = await dataSource.driver.createSchemaBuilder().log();
  if (sql.upQueries.length === 0) {
    console.log('entities and database agree; nothing to generate');
    return;
  }
  const line = (q: { query: string; parameters?: unknown[] }) =>
    `    await q.query(${JSON.stringify(q.query)}${q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : ''});`;
  const stamp = Date.now();
  const className = `${name}${stamp}`;
  const file = `${stamp}-${name}`;
  const body = `import type { MigrationInterface, QueryRunner } from 'typeorm';

/** ${name}: generated from entity changes; read the SQL before committing. */
export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(q: QueryRunner): Promise<void> {
${sql.upQueries.map(line).join('\n')}
  }

  async down(q: QueryRunner): Promise<void> {
${[...sql.downQueries].reverse().map(line).join('\n')}
  }
}
`;
  writeFileSync(resolve(root, 'migrations', `${file}.ts`), body);
  const indexPath = resolve(root, 'migrations/index.ts');
  const index = readFileSync(indexPath, 'utf8')
    .replace(/\n\nexport const allMigrations = \[/, `\nimport { ${className} } from './${file}.js';\n\nexport const allMigrations = [`)
    .replace(/,?\s*\];\s*$/, `,\n  ${className},\n];\n`);
  writeFileSync(indexPath, index);
  console.log(`wrote migrations/${file}.ts and registered it in migrations/index.ts`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
