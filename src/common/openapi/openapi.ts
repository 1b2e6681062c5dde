import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { SERVICE_VERSION } from '../../config/version.js';
import { describeOpenApiEnums } from '../labels/labels.js';
import { completeOpenApiDocument, type HandlerPermissions } from './openapi-contract.js';

/** Name of the bearer-token scheme in the OpenAPI document (Swagger UI's "Authorize" button). */
export const BEARER_AUTH = 'bearer';
/** Name of the platform API-key scheme (`X-Api-Key`). */
export const API_KEY_AUTH = 'api-key';

/** The OpenAPI document of the REST API, as committed in openapi.json; `permissions` (the permission map) gives each operation its security. */
export function buildOpenApiDocument(app: INestApplication, permissions: HandlerPermissions): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('newforce 党建新力量 REST API')
    .setDescription(
      '县级党建、行业部门、工会、乡镇与平台共用的新就业群体服务后端。/ The back office a county, its departments, ' +
        'its trade union, its townships and the delivery platforms share to organise, serve and involve gig workers. ' +
        'Errors are application/problem+json (RFC 9457); lists take `cursor` and `limit`.',
    )
    .setVersion(SERVICE_VERSION)
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          '员工或劳动者的访问令牌（POST /api/v1/auth/login 获取）/ Staff or worker access token from POST /api/v1/auth/login. ' +
          'JWTs signed with HS256, validated as RFC8725 (JSON Web Token Best Current Practices) recommends: fixed algorithm, expiry checked.',
      },
      BEARER_AUTH,
    )
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key', description: '平台 API 密钥 / Platform API key' }, API_KEY_AUTH)
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  describeOpenApiEnums(document.components?.schemas);
  completeOpenApiDocument(document, permissions, handlerParameterTypes(app));
  return document;
}

/** The classes REST handlers take (bodies, queries, params): the validation's bounds of each, inherited ones too, go into the document. */
export function handlerParameterTypes(app: INestApplication): unknown[] {
  const types = new Set<unknown>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const prototype = (wrapper.metatype as { prototype?: object } | undefined)?.prototype;
      if (!prototype) continue;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        for (const type of (Reflect.getMetadata('design:paramtypes', prototype, name) as unknown[] | undefined) ?? []) types.add(type);
      }
    }
  }
  return [...types];
}

/** Serves Swagger UI at /docs (assets from the installed package, no internet needed) and the JSON at /docs/openapi.json. */
export function setupSwagger(app: INestApplication, permissions: () => HandlerPermissions): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app, permissions()), {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
    customSiteTitle: 'newforce API 文档',
    // Operations collapsed (a tag opens its list), a filter box, and the token kept across reloads.
    // Every operation expanded at once also took Swagger UI past 30 s to render once the document
    // grew beyond ≈ 200 operations on this box.
    swaggerOptions: { persistAuthorization: true, displayRequestDuration: true, docExpansion: 'none', filter: true },
  });
}
