import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import type { GraphQLResolveInfo } from 'graphql';
import { catchError, from, map, mergeMap, throwError, type Observable } from 'rxjs';
import type { Actor } from '../access/actor.js';
import { ErrorCode } from '../common/errors/domain-error.js';
import { toDomainError } from '../common/errors/to-domain-error.js';
import { AuditOutcome } from './audit-entry.entity.js';
import { AUDIT_KEY, type AuditOptions } from './audit.decorator.js';
import { AuditService } from './audit.service.js';

type AuditedRequest = FastifyRequest & { actor?: Actor };

const MUTATING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** One mutation about to run, as the interceptor will record it. */
interface AuditTarget {
  action: string;
  entity?: string;
  input: unknown;
  request?: AuditedRequest;
  /** REST route parameters: `:id` names the entity when the result does not. */
  params?: Record<string, unknown>;
}

/**
 * Writes one audit entry for every mutation: each GraphQL `Mutation` field (action = field name) and
 * each REST POST/PUT/PATCH/DELETE (action = `METHOD /route/pattern`). Records the caller, role, IP,
 * request id, the entity (from `@Audit({ entity })` or the result) and the masked input; failures get
 * outcome FAILURE with the error code. The handler's result or error always passes through unchanged.
 * Calls the global guard refuses never reach a handler, so they are not recorded here.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const target = this.targetOf(context);
    if (!target) return next.handle();
    // The entry is written after the handler (and its transaction) finished, but before the response
    // leaves, so it carries this request's id and is readable as soon as the client has its answer.
    // If writing it fails, the change it describes is already committed: failing the request would
    // tell the client a done operation failed (and invite a retry), so we keep the client's response
    // and log the lost entry loudly instead. Writes that must commit with their change go through
    // `AuditService.record({ manager })` inside the service's transaction (reveals, roster syncs).
    return next.handle().pipe(
      mergeMap((result) => from(this.write(target, AuditOutcome.SUCCESS, result)).pipe(map(() => result))),
      catchError((error: unknown) => from(this.write(target, AuditOutcome.FAILURE, undefined, error)).pipe(mergeMap(() => throwError(() => error)))),
    );
  }

  // What to record for this call, or null when it is not an audited mutation.
  private targetOf(context: ExecutionContext): AuditTarget | null {
    const options = this.reflector.getAllAndOverride<AuditOptions | undefined>(AUDIT_KEY, [context.getHandler(), context.getClass()]);
    if (options?.skip) return null;
    const type = context.getType<GqlContextType>();
    if (type === 'graphql') {
      const gql = GqlExecutionContext.create(context);
      const info = gql.getInfo<GraphQLResolveInfo>();
      if (info.parentType.name !== 'Mutation') return null;
      return {
        action: options?.action ?? info.fieldName,
        entity: options?.entity,
        input: gql.getArgs(),
        request: gql.getContext<{ req?: AuditedRequest }>().req,
      };
    }
    if (type === 'http') {
      const request = context.switchToHttp().getRequest<AuditedRequest>();
      if (!MUTATING_METHODS.has(request.method)) return null;
      // The route pattern (`/api/v1/staff-users/:id`), never the raw URL with ids and query strings.
      const route = request.routeOptions?.url ?? request.url.split('?')[0];
      return {
        action: options?.action ?? `${request.method} ${route}`,
        entity: options?.entity,
        input: request.body,
        request,
        params: request.params as Record<string, unknown> | undefined,
      };
    }
    return null;
  }

  // Never throws: a lost entry is logged, the caller's response or error goes on unchanged.
  private async write(target: AuditTarget, outcome: AuditOutcome, result?: unknown, error?: unknown): Promise<void> {
    const { request } = target;
    try {
      const failure = error === undefined ? undefined : toDomainError(error);
      await this.audit.record({
        action: target.action,
        outcome,
        actor: request?.actor ?? null,
        entityType: target.entity ?? classNameOf(result) ?? null,
        entityId: idOf(result) ?? idOf(target.params) ?? null,
        changes: failure
          ? {
              ...asObject(target.input),
              error: failure.code,
              // An unexpected failure's message may carry internals; its code is enough here.
              ...(failure.code === ErrorCode.INTERNAL_SERVER_ERROR ? {} : { errorMessage: failure.message }),
            }
          : target.input,
        ip: request?.ip,
        requestId: request ? String(request.id) : undefined,
      });
    } catch (writeError) {
      this.logger.error(
        `AUDIT ENTRY LOST: ${outcome} ${target.action} (request ${String(request?.id)}, actor ${request?.actor?.id ?? 'anonymous'}): ${
          writeError instanceof Error ? writeError.message : String(writeError)
        }`,
        writeError instanceof Error ? writeError.stack : undefined,
      );
    }
  }
}

function asObject(input: unknown): Record<string, unknown> {
  if (input === undefined || input === null) return {};
  if (typeof input === 'object' && !Array.isArray(input)) return { ...(input as Record<string, unknown>) };
  return { value: input };
}

// `StaffUser` for an entity or DTO class instance; nothing for plain objects, arrays and scalars.
function classNameOf(result: unknown): string | undefined {
  if (result === null || typeof result !== 'object' || Array.isArray(result)) return undefined;
  const proto: unknown = Object.getPrototypeOf(result);
  if (proto === null || proto === Object.prototype) return undefined;
  const name = (result as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object' ? name : undefined;
}

function idOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}
