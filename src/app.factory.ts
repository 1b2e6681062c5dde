import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import type { HelmetOptions } from 'helmet';
import type { DestinationStream, Logger } from 'pino';
import { buildPermissionMap } from './access/permission-map.js';
import { AppModule, type AppModuleOptions } from './app.module.js';
import { createValidationPipe } from './common/errors/validation.js';
import { addCors } from './common/http/cors.js';
import { boundedJsonParser } from './common/http/json-body.js';
import { addSecurityHeaders } from './common/http/security-headers.js';
import { STREAMED_CONTENT_TYPES, streamJsonOnStreamedRoutes } from './common/http/streamed-body.js';
import { createRootLogger, PinoNestLogger, requestContext } from './common/logging/logger.js';
import { serveGraphiQL } from './common/graphql/graphiql.js';
import { setupSwagger } from './common/openapi/openapi.js';
import type { AppConfig } from './config/app-config.js';
import { ensureSecrets } from './config/secrets.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Content-Security-Policy that lets Swagger UI and GraphiQL run, both from the app's own files. */
function contentSecurityPolicy(): HelmetOptions['contentSecurityPolicy'] {
  return {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      frameSrc: ["'none'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      upgradeInsecureRequests: null,
    },
  };
}

/** Builds the application on a server that already listens (`npm start`'s StartupServer) instead of one of its own. */
export type ServerFactory = (
  handler: (request: IncomingMessage, response: ServerResponse) => void,
  options: { keepAliveTimeout?: number; requestTimeout?: number; connectionTimeout?: number },
) => Server;

/**
 * Builds the NestJS application exactly as it serves: Fastify, JSON logs with request ids, security
 * headers, CORS, validation, one error translation, Swagger. `main.ts` and the tests both use it.
 */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  options: AppModuleOptions & { logger?: Logger; logDestination?: DestinationStream; serverFactory?: ServerFactory } = {},
): Promise<NestFastifyApplication> {
  ensureSecrets(config);
  const logger = options.logger ?? createRootLogger(config.LOG_LEVEL, options.logDestination);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    trustProxy: config.trustProxy,
    ...(options.serverFactory ? { serverFactory: options.serverFactory as never } : {}),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, databaseUrl, options), adapter, {
    logger: new PinoNestLogger(logger),
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    requestContext.run({ requestId: String(request.id) }, done);
  });
  fastify.addHook('onRequest', (request, _reply, done) => {
    streamJsonOnStreamedRoutes(request);
    done();
  });
  // Every buffered JSON body, REST and GraphQL, is measured for nesting before it is parsed.
  app.useBodyParser('application/json', { bodyLimit: config.BODY_LIMIT_BYTES }, boundedJsonParser(fastify));
  for (const type of STREAMED_CONTENT_TYPES) {
    fastify.addContentTypeParser(type, (_request, payload, done) => done(null, payload));
  }
  addSecurityHeaders(fastify, { contentSecurityPolicy: contentSecurityPolicy() });
  if (config.graphqlIde) serveGraphiQL(fastify);
  addCors(fastify, config.CORS_ORIGINS);
  // Open311 GeoReport v2 lives at its conventional path, outside the versioned API.
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'health/ready', 'open311/v2/{*path}'] });
  app.useGlobalPipes(createValidationPipe());
  setupSwagger(app, () => buildPermissionMap(app));
  // No Nest shutdown hooks: `main.ts` owns SIGINT/SIGTERM and closes the app before the database.
  return app;
}
