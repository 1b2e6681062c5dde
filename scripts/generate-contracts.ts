// Writes schema.gql, openapi.json and the permission map from the code, as committed for outside integrators.
// Needs no database. CI runs it and fails when the committed files differ (`git diff --exit-code`).
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { createApp } from '../src/app.factory.js';
import { buildPermissionMap } from '../src/access/permission-map.js';
import { loadConfig } from '../src/config/app-config.js';
import { buildOpenApiDocument } from '../src/common/openapi/openapi.js';
import { PROJECT_ROOT } from '../src/config/version.js';

const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent' });
const app = await createApp(config, 'postgres://unused@127.0.0.1:1/unused', { withoutDatabase: true });
await app.init();
const schema = app.get(GraphQLSchemaHost).schema;
const header = '# 由代码生成，请勿手改 / Generated from the code by `npm run contracts`; do not edit.\n\n';
writeFileSync(join(PROJECT_ROOT, 'schema.gql'), `${header}${printSchema(lexicographicSortSchema(schema))}\n`);
const permissions = buildPermissionMap(app);
writeFileSync(join(PROJECT_ROOT, 'openapi.json'), `${JSON.stringify(buildOpenApiDocument(app, permissions), null, 2)}\n`);
writeFileSync(join(PROJECT_ROOT, 'src/access/permission-map.json'), `${JSON.stringify(permissions, null, 2)}\n`);
await app.close();
console.log('wrote schema.gql, openapi.json and src/access/permission-map.json');
