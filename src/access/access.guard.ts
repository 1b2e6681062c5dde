import { Inject, Injectable, Optional, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';
import type { Actor } from './actor.js';
import { PERMISSION_KEY, PUBLIC_KEY, QUOTA_EXEMPT_KEY, replyOf, requestOf } from './access.decorators.js';
import { CALL_QUOTA, type CallQuota } from './call-quota.js';
import { ALLOWED_BEFORE_PASSWORD_CHANGE, Permission, roleHas } from './permission.enum.js';

type AuthenticatedRequest = ReturnType<typeof requestOf> & {
  actor?: Actor & { mustChangePassword?: boolean };
  /** One authentication per request, shared by every root field of a GraphQL operation (they resolve in parallel). */
  authentication?: Promise<unknown>;
  /** The request's one charge against the caller's quota: done, and the refusal if it was over (every root field gets it). */
  quotaCharge?: { refusal?: unknown };
};

/**
 * The one global guard: finds the caller (bearer token or X-Api-Key, through Passport), counts the
 * call against the caller's quota, and checks the permission the handler declares. A handler that
 * declares nothing is refused, so a forgotten decorator fails closed.
 */
@Injectable()
export class AccessGuard extends AuthGuard(['jwt', 'api-key']) {
  constructor(
    private readonly reflector: Reflector,
    /** Provided by rate-limit/ (absent only in an app built without it). */
    @Optional() @Inject(CALL_QUOTA) private readonly quota?: CallQuota,
  ) {
    super();
  }

  override getRequest(context: ExecutionContext) {
    return requestOf(context);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const type = context.getType<string>();
    if (type !== 'http' && type !== 'graphql') return true;
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) ?? false;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    const request = this.getRequest(context) as AuthenticatedRequest;

    const hasCredentials = Boolean(request.headers.authorization || request.headers['x-api-key']);
    if (hasCredentials) {
      request.authentication ??= super.canActivate(context) as Promise<unknown>;
      try {
        await request.authentication;
      } catch (error) {
        // An open operation (login, nearest stations) still works with a stale token.
        if (!isPublic) throw error;
      }
    }
    // Every call by a known caller counts, public ones and refused ones included, before the permission check.
    if (request.actor && !this.reflector.getAllAndOverride<boolean>(QUOTA_EXEMPT_KEY, targets)) this.chargeQuota(context, request);
    if (isPublic) return true;
    if (!permission) throw DomainError.forbidden('This operation declares no permission and is closed');
    const actor = request.actor;
    if (!actor) throw DomainError.unauthenticated('Sign in first: send a bearer token (or X-Api-Key for platforms)');
    if (actor.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.includes(permission)) {
      throw new DomainError(ErrorCode.PASSWORD_CHANGE_REQUIRED, 'Change your one-time password first (changePassword)');
    }
    if (!roleHas(actor.role, permission)) {
      throw DomainError.forbidden(`Your role ${actor.role} does not have ${permission}`);
    }
    return true;
  }

  /** Charges the caller's quota once per HTTP request (a GraphQL operation's root fields share the one charge and its verdict). */
  private chargeQuota(context: ExecutionContext, request: AuthenticatedRequest): void {
    if (!this.quota || !request.actor) return;
    if (!request.quotaCharge) {
      const reply = replyOf(context);
      // An operation on a GraphQL socket has no HTTP answer: the socket's sign-in was the call.
      if (!reply) return;
      request.quotaCharge = {};
      try {
        this.quota.charge(request.actor, reply);
      } catch (refusal) {
        request.quotaCharge.refusal = refusal;
      }
    }
    if (request.quotaCharge.refusal) throw request.quotaCharge.refusal;
  }

  /** Passport's verdict: the actor on success, or a clear UNAUTHENTICATED reason. */
  override handleRequest<TUser = Actor>(error: unknown, user: unknown, info: unknown, context: ExecutionContext): TUser {
    if (error) throw error;
    if (!user) {
      const reasons = (Array.isArray(info) ? info : [info]).filter(Boolean) as { name?: string; message?: string }[];
      if (reasons.some((r) => r?.name === 'TokenExpiredError')) throw DomainError.unauthenticated('Access token expired; refresh it');
      if (reasons.some((r) => r?.name === 'JsonWebTokenError')) throw DomainError.unauthenticated('Access token is not valid');
      throw DomainError.unauthenticated('The credentials are not valid');
    }
    const request = this.getRequest(context) as AuthenticatedRequest;
    request.actor = user as Actor;
    return user as TUser;
  }
}
