import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { Role } from '../../access/role.enum.js';
import { Clock } from '../../common/clock/clock.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { PersonalDataService } from '../../common/personal-data/personal-data.service.js';
import { AppConfig } from '../../config/app-config.js';
import { isEventType } from '../../outbox/event-types.js';
import { OutboxService } from '../../outbox/outbox.service.js';
import { WebhookNotices } from './webhook-notices.js';
import type { CreateWebhookInput, ReplayWebhookInput, UpdateWebhookInput, WebhookDeliveryDto, WebhookEndpointDto, WebhookReplayDto } from './webhook.dto.js';
import { newWebhookSecret } from './webhook-signature.js';
import { checkWebhookUrl } from './webhook-url.js';
import {
  COUNT_OWNER_ENDPOINTS_SQL,
  DELETE_ENDPOINT_SQL,
  ENDPOINT_DELIVERIES_SQL,
  ENDPOINT_SQL,
  ENDPOINTS_SQL,
  INSERT_ENDPOINT_SQL,
  PLATFORM_ENDPOINTS_SQL,
  REPLAY_SQL,
  ROTATE_SECRET_SQL,
  UPDATE_ENDPOINT_SQL,
} from './webhooks.sql.js';

/** Endpoints one owner (a staff user or a platform) may have. */
export const MAX_ENDPOINTS_PER_OWNER = 20;
/** How long the previous secret still signs after a rotation. */
const ROTATION_OVERLAP_MS = 24 * 3_600_000;
/** Deliveries a replay queues at most per call. */
const MAX_REPLAY = 10_000;

interface EndpointRow {
  id: string;
  owner_kind: string;
  owner_id: string;
  platform_id: string | null;
  url: string;
  events: string[];
  description: string | null;
  enabled: boolean;
  disabled_reason: string | null;
  previous_secret_until: Date | null;
  failing_since: Date | null;
  created_at: Date;
}

const toDto = (row: EndpointRow): WebhookEndpointDto => ({
  id: row.id,
  url: row.url,
  events: row.events,
  description: row.description,
  enabled: row.enabled,
  disabledReason: row.disabled_reason,
  ownerKind: row.owner_kind,
  platformId: row.platform_id,
  previousSecretUntil: row.previous_secret_until,
  failingSince: row.failing_since,
  createdAt: row.created_at,
});

/**
 * Webhook endpoints (Standard Webhooks 1.0): admins manage any; a platform's API key manages only
 * its platform's, which receive only that platform's events. Secrets are sealed with the
 * personal-data key and shown once.
 */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly personalData: PersonalDataService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly notices: WebhookNotices,
  ) {}

  /** Creates an endpoint and returns it with its secret (the only time the secret is shown). */
  async create(actor: Actor, input: CreateWebhookInput): Promise<{ endpoint: WebhookEndpointDto; secret: string }> {
    const owner = this.ownerFor(actor, input.platformId);
    const url = await checkWebhookUrl(input.url, this.config.WEBHOOK_ALLOW_PRIVATE_URLS);
    const events = this.checkEvents(input.events, owner.platformId);
    const secret = newWebhookSecret();
    return this.dataSource.transaction(async (manager) => {
      // Two creations at once must not both pass the per-owner limit.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`webhook-owner:${owner.id}`]);
      const [{ n }] = await manager.query<{ n: number }[]>(COUNT_OWNER_ENDPOINTS_SQL, [owner.kind, owner.id]);
      if (n >= MAX_ENDPOINTS_PER_OWNER)
        throw DomainError.conflict(`An owner may have at most ${MAX_ENDPOINTS_PER_OWNER} webhook endpoints; delete one first`, {
          limit: MAX_ENDPOINTS_PER_OWNER,
        });
      const [row] = await manager.query<EndpointRow[]>(INSERT_ENDPOINT_SQL, [
        owner.kind,
        owner.id,
        owner.platformId,
        url.toString(),
        events,
        input.description?.trim() || null,
        this.personalData.encrypt(secret),
      ]);
      return { endpoint: toDto(row), secret };
    });
  }

  /** The endpoints the caller may manage (admins: all, or one platform's). */
  async list(actor: Actor, platformId?: string): Promise<WebhookEndpointDto[]> {
    const rows =
      actor.kind === 'platform'
        ? await this.dataSource.query<EndpointRow[]>(PLATFORM_ENDPOINTS_SQL, [actor.enterpriseId])
        : await this.dataSource.query<EndpointRow[]>(ENDPOINTS_SQL, [platformId ?? null]);
    return rows.map(toDto);
  }

  /** One endpoint the caller may manage (NOT_FOUND otherwise). */
  async get(actor: Actor, id: string, manager: EntityManager = this.dataSource.manager): Promise<WebhookEndpointDto> {
    return toDto(await this.row(actor, id, manager));
  }

  /** Changes url, events, enabled or description; re-enabling clears the reason it was disabled. */
  async update(actor: Actor, id: string, input: UpdateWebhookInput): Promise<WebhookEndpointDto> {
    const current = await this.row(actor, id);
    const url = input.url !== undefined ? (await checkWebhookUrl(input.url, this.config.WEBHOOK_ALLOW_PRIVATE_URLS)).toString() : current.url;
    const events = input.events !== undefined ? this.checkEvents(input.events, current.platform_id) : current.events;
    const enabled = input.enabled ?? current.enabled;
    const reEnabled = enabled && !current.enabled;
    const [[row]] = await this.dataSource.query<[EndpointRow[], number]>(UPDATE_ENDPOINT_SQL, [
      id,
      url,
      events,
      enabled,
      input.description !== undefined ? input.description.trim() || null : current.description,
      reEnabled,
    ]);
    if (reEnabled || !enabled) this.notices.invalidate();
    return toDto(row);
  }

  /** Deletes an endpoint with its deliveries. */
  async remove(actor: Actor, id: string): Promise<WebhookEndpointDto> {
    const row = await this.row(actor, id);
    await this.dataSource.query(DELETE_ENDPOINT_SQL, [id]);
    this.notices.invalidate();
    return toDto(row);
  }

  /** A new secret; the previous one keeps signing (alongside) for 24 h. */
  async rotateSecret(actor: Actor, id: string): Promise<{ endpoint: WebhookEndpointDto; secret: string }> {
    await this.row(actor, id);
    const secret = newWebhookSecret();
    const until = new Date(this.clock.now().getTime() + ROTATION_OVERLAP_MS);
    const [[row]] = await this.dataSource.query<[EndpointRow[], number]>(ROTATE_SECRET_SQL, [id, until, this.personalData.encrypt(secret)]);
    return { endpoint: toDto(row), secret };
  }

  /** The endpoint's deliveries, newest event first (at most `limit`, optionally of one status). */
  async deliveries(actor: Actor, id: string, status: string | undefined, limit: number): Promise<WebhookDeliveryDto[]> {
    await this.row(actor, id);
    if (status !== undefined && !['PENDING', 'SUCCEEDED', 'DEAD'].includes(status)) throw DomainError.badField('status', 'must be PENDING, SUCCEEDED or DEAD');
    const rows = await this.dataSource.query<Record<string, unknown>[]>(ENDPOINT_DELIVERIES_SQL, [id, status ?? null, Math.min(Math.max(limit, 1), 200)]);
    return rows.map((r) => ({
      id: r.id as string,
      eventId: r.event_id as string,
      eventSequence: r.event_sequence as string,
      eventType: (r.type as string | null) ?? 'unknown',
      subjectKey: r.subject_key as string,
      status: r.status as string,
      attempts: r.attempts as number,
      responseCode: r.response_code as number | null,
      responseBody: r.response_body as string | null,
      latencyMs: r.latency_ms as number | null,
      lastError: r.last_error as string | null,
      nextAttemptAt: r.next_attempt_at as Date,
      deliveredAt: r.delivered_at as Date | null,
      createdAt: r.created_at as Date,
    }));
  }

  /**
   * Re-sends the endpoint's events from a sequence number or a time (still in the outbox): deliveries
   * that succeeded or died are queued again (same webhook-id), missing ones are created.
   */
  async replay(actor: Actor, id: string, input: ReplayWebhookInput): Promise<WebhookReplayDto> {
    await this.row(actor, id);
    const from = /^\d+$/.test(input.since) ? Number(input.since) : await this.outbox.firstSequenceSince(this.parseTime(input.since));
    if (from === null) return { queued: 0, fromSequence: null };
    const [{ queued }] = await this.dataSource.query<{ queued: number }[]>(REPLAY_SQL, [id, from, MAX_REPLAY]);
    return { queued, fromSequence: String(from) };
  }

  private parseTime(value: string): Date {
    const time = new Date(value);
    if (Number.isNaN(time.getTime())) throw DomainError.badField('since', 'is not a valid time');
    return time;
  }

  // Platforms own their endpoints (any key of the platform); staff (admins) own theirs, or create one for a platform.
  private ownerFor(actor: Actor, platformId?: string): { kind: 'staff' | 'platform'; id: string; platformId: string | null } {
    if (actor.kind === 'platform') {
      if (platformId && platformId !== actor.enterpriseId) throw DomainError.forbidden('A platform manages only its own webhooks');
      return { kind: 'platform', id: actor.enterpriseId, platformId: actor.enterpriseId };
    }
    if (actor.kind !== 'staff' || actor.role !== Role.ADMIN) throw DomainError.forbidden('Only admins and platforms manage webhooks');
    return platformId ? { kind: 'platform', id: platformId, platformId } : { kind: 'staff', id: actor.id, platformId: null };
  }

  private checkEvents(events: string[], platformId: string | null): string[] {
    const unknown = events.filter((event) => !isEventType(event));
    if (unknown.length) throw DomainError.badField('events', `unknown event types: ${unknown.join(', ')} (see docs/events.md)`);
    if (platformId) {
      const foreign = events.filter((event) => !event.startsWith('roster.'));
      if (foreign.length) throw DomainError.badField('events', `a platform receives only its own roster events, not ${foreign.join(', ')}`);
    }
    return [...new Set(events)];
  }

  private async row(actor: Actor, id: string, manager: EntityManager = this.dataSource.manager): Promise<EndpointRow> {
    const [row] = await manager.query<EndpointRow[]>(ENDPOINT_SQL, [id]);
    const mine =
      row &&
      (actor.kind === 'platform' ? row.owner_kind === 'platform' && row.owner_id === actor.enterpriseId : actor.kind === 'staff' && actor.role === Role.ADMIN);
    if (!mine) throw DomainError.notFound('WebhookEndpoint', id);
    return row;
  }
}
