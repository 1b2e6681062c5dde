import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import type { Actor } from './actor.js';
import type { Permission } from './permission.enum.js';

export const PERMISSION_KEY = 'newforce:permission';
export const PUBLIC_KEY = 'newforce:public';

/** The one permission a handler needs; the global AccessGuard enforces it. */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

/** Open to anyone (login, nearest stations). A token, when sent, still identifies the caller. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The request behind a REST or GraphQL call. */
export function requestOf(context: ExecutionContext): FastifyRequest & { actor?: Actor } {
  if (context.getType<GqlContextType>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: FastifyRequest & { actor?: Actor } }>().req;
  }
  return context.switchToHttp().getRequest();
}

/** The authenticated caller (undefined on a public handler called anonymously). */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor | undefined => requestOf(context).actor);

/** The client's IP address (behind a proxy, from X-Forwarded-For). */
export const ClientIp = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined => requestOf(context).ip);
