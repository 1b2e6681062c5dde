import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { GraphQLFormattedError } from 'graphql';
import { AppConfig } from '../../config/app-config.js';
import { ErrorCode } from '../errors/domain-error.js';
import { answerPrefetchedFields } from './prefetched-fields.js';
import { queryLimitsPlugin } from './query-limits.plugin.js';
import { SubscriptionGate, SubscriptionGateModule, type SubscriptionConnection } from './subscription-gate.js';

/** Where GraphQL is served. */
export const GRAPHQL_PATH = '/graphql';

/**
 * Every GraphQL error carries `extensions.code`; a stack trace only outside production and only for
 * an unexpected error (INTERNAL_SERVER_ERROR): expected ones (BAD_USER_INPUT, NOT_FOUND,
 * RATE_LIMITED, a validation failure, …) are answers, not bugs, and their trace is noise.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, production: boolean): GraphQLFormattedError {
  const { stacktrace, http: _http, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  const code = typeof extensions.code === 'string' ? extensions.code : ErrorCode.INTERNAL_SERVER_ERROR;
  const internal = code === ErrorCode.INTERNAL_SERVER_ERROR;
  return {
    ...formatted,
    message: internal && production ? 'Internal server error' : formatted.message,
    extensions: { ...extensions, code, ...(!production && internal && stacktrace ? { stacktrace } : {}) },
  };
}

/**
 * Every GraphQL answer carries `Cache-Control: no-store` (answers hold personal data and per-caller
 * scope). Apollo's cache-control plugin used to say so; it is off because it wraps every field
 * resolver of the schema to collect cache hints that this API never declares.
 */
export const noStorePlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};

/** GraphQL at /graphql: code-first, Apollo, limits on depth and cost. */
@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [SubscriptionGateModule],
      inject: [AppConfig, SubscriptionGate],
      useFactory: (config: AppConfig, gate: SubscriptionGate) => ({
        path: GRAPHQL_PATH,
        autoSchemaFile: true,
        sortSchema: true,
        playground: false,
        introspection: config.introspection,
        includeStacktraceInErrorResponses: !config.isProduction,
        plugins: [
          // Browsers get GraphiQL from the app's own files instead (graphiql.ts): Apollo's landing page loads from a CDN.
          ApolloServerPluginLandingPageDisabled(),
          queryLimitsPlugin({ maxDepth: config.GRAPHQL_MAX_DEPTH, maxCost: config.GRAPHQL_MAX_COST }),
          ApolloServerPluginCacheControlDisabled(),
          noStorePlugin,
        ],
        formatError: (formatted) => formatGraphQLError(formatted, config.isProduction),
        // Apollo indents every answer (JSON.stringify(value, null, 2)): a third more bytes to build and send.
        stringifyResult: (result) => JSON.stringify(result),
        // A list read with its relations answers those fields itself (withPrefetched), without a resolver call.
        transformResolvers: answerPrefetchedFields,
        // With Fastify, Apollo calls the context function with (request, reply).
        context: (req: unknown, reply: unknown) => ({ req, reply }),
        // Subscriptions: graphql-transport-ws on the same path and port; the events feature authenticates sockets.
        subscriptions: {
          'graphql-ws': {
            path: GRAPHQL_PATH,
            onConnect: (ctx: SubscriptionConnection) => gate.onConnect(ctx),
            onClose: (ctx: SubscriptionConnection) => gate.onClose(ctx),
            context: (ctx: SubscriptionConnection) => gate.context(ctx),
          } as never,
        },
      }),
    }),
  ],
})
export class AppGraphQLModule {}
