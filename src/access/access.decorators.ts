import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from './actor.js';
import type { Permission } from './permission.enum.js';

export const PERMISSION_KEY = 'newforce:permission';
export const PUBLIC_KEY = 'newforce:public';
export const QUOTA_EXEMPT_KEY = 'newforce:quota-exempt';

/** The one permission a handler needs; the global AccessGuard enforces it. */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

/** Open to anyone (login, nearest stations). A token, when sent, still identifies the caller. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Not counted against the caller's quota (health probes); every other call with credentials is. */
export const QuotaExempt = () => SetMetadata(QUOTA_EXEMPT_KEY, true);

/** The request behind a REST or GraphQL call. */
export function requestOf(context: ExecutionContext): FastifyRequest & { actor?: Actor } {
  if (context.getType<GqlContextType>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: FastifyRequest & { actor?: Actor } }>().req;
  }
  return context.switchToHttp().getRequest();
}

/** The HTTP answer being built for a REST or GraphQL call (none for an operation on a GraphQL socket). */
export function replyOf(context: ExecutionContext): FastifyReply | undefined {
  if (context.getType<GqlContextType>() === 'graphql') return GqlExecutionContext.create(context).getContext<{ reply?: FastifyReply }>().reply;
  return context.switchToHttp().getResponse<FastifyReply>();
}

/** The authenticated caller (undefined on a public handler called anonymously). */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor | undefined => requestOf(context).actor);

/** The client's IP address (behind a proxy, from X-Forwarded-For). */
export const ClientIp = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined => requestOf(context).ip);
