import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { SERVICE_VERSION } from '../../config/version.js';
import { describeOpenApiEnums } from '../labels/labels.js';

/** Name of the bearer-token scheme in the OpenAPI document (Swagger UI's "Authorize" button). */
export const BEARER_AUTH = 'bearer';
/** Name of the platform API-key scheme (`X-Api-Key`). */
export const API_KEY_AUTH = 'api-key';

/** The OpenAPI document of the REST API, as committed in openapi.json. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('newforce 党建新力量 REST API')
    .setDescription(
      '县级党建、行业部门、工会、乡镇与平台共用的新就业群体服务后端。/ The back office a county, its departments, ' +
        'its trade union, its townships and the delivery platforms share to organise, serve and involve gig workers. ' +
        'Errors are application/problem+json (RFC 9457); lists take `cursor` and `limit`.',
    )
    .setVersion(SERVICE_VERSION)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: '员工登录令牌 / Staff or worker access token' }, BEARER_AUTH)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key', description: '平台 API 密钥 / Platform API key' }, API_KEY_AUTH)
    .build();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}` });
  describeOpenApiEnums(document.components?.schemas);
  return document;
}

/** Serves Swagger UI at /docs (assets from the installed package, no internet needed) and the JSON at /docs/openapi.json. */
export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
    customSiteTitle: 'newforce API 文档',
    swaggerOptions: { persistAuthorization: true, displayRequestDuration: true },
  });
}
