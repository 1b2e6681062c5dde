import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { GqlContextType } from '@nestjs/graphql';
import { from, mergeMap, type Observable } from 'rxjs';
import { replyOf, requestOf } from '../../access/access.decorators.js';
import type { Actor } from '../../access/actor.js';
import { EventsPool } from '../../outbox/events-pool.js';
import { DISABLED_ENDPOINTS_SQL } from './webhooks.sql.js';

/** The response header that tells an endpoint's owner it was disabled, and why. */
export const WEBHOOK_NOTICE_HEADER = 'Newforce-Notice';
/** How long the list of disabled endpoints is trusted before it is read again (a disable on this instance forgets it at once). */
const REFRESH_MS = 30_000;
/** The longest notice sent (several endpoints' reasons are joined). */
const MAX_NOTICE = 1000;

/**
 * Which callers own a disabled webhook endpoint, and the notice their calls carry: an owner hears
 * why on their next API call, whatever it is, not only when they look at their endpoints. Read on the
 * events pool (never in a request's statements), at most every REFRESH_MS.
 */
@Injectable()
export class WebhookNotices {
  private byOwner = new Map<string, string>();
  private loadedAt = 0;
  private loading?: Promise<void>;

  constructor(private readonly pool: EventsPool) {}

  /** Forgets the list: the next call reads it again (after an endpoint is disabled, re-enabled or deleted). */
  invalidate(): void {
    this.loadedAt = 0;
  }

  /** The notice for this caller, if they own a disabled endpoint. */
  async noticeFor(actor: Actor | undefined): Promise<string | undefined> {
    if (!actor || actor.kind === 'worker') return undefined;
    if (Date.now() - this.loadedAt > REFRESH_MS) await (this.loading ??= this.load().finally(() => (this.loading = undefined)));
    return this.byOwner.get(actor.kind === 'platform' ? `platform:${actor.enterpriseId}` : `staff:${actor.id}`);
  }

  private async load(): Promise<void> {
    const rows = await this.pool.query<{ owner_kind: string; owner_id: string; id: string; disabled_reason: string }>(DISABLED_ENDPOINTS_SQL).catch(() => null);
    if (!rows) return; // the next call tries again
    const byOwner = new Map<string, string>();
    for (const row of rows) {
      const key = `${row.owner_kind}:${row.owner_id}`;
      const notice = `webhook endpoint ${row.id}: ${row.disabled_reason}`;
      byOwner.set(key, [byOwner.get(key), notice].filter(Boolean).join('; ').slice(0, MAX_NOTICE));
    }
    this.byOwner = byOwner;
    this.loadedAt = Date.now();
  }
}

/** Adds the Newforce-Notice header to every answer to an owner of a disabled webhook endpoint (REST and GraphQL). */
@Injectable()
export class WebhookNoticeInterceptor implements NestInterceptor {
  constructor(private readonly notices: WebhookNotices) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const type = context.getType<GqlContextType>();
    if (type !== 'http' && type !== 'graphql') return next.handle();
    return from(this.notices.noticeFor(requestOf(context).actor)).pipe(
      mergeMap((notice) => {
        if (notice) replyOf(context)?.header(WEBHOOK_NOTICE_HEADER, notice);
        return next.handle();
      }),
    );
  }
}
