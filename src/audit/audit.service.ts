import { isIP } from 'node:net';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, QueryDeepPartialEntity, Repository, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../access/actor.js';
import { DomainError } from '../common/errors/domain-error.js';
import { currentRequestId } from '../common/logging/logger.js';
import { ConnectionArgs, toConnection, type ConnectionShape } from '../common/pagination/connection.types.js';
import { CursorQuery, toCursorPage, type CursorPageShape } from '../common/pagination/cursor-page.js';
import type { KeysetOrder } from '../common/pagination/keyset.js';
import { isMainlandMobile, maskPhone, normalisePhone } from '../common/personal-data/personal-data-format.js';
import { AuditActorKind, AuditEntry, AuditOutcome } from './audit-entry.entity.js';
import type { AuditEntryFilter } from './dto/audit-entry-filter.dto.js';
import { maskChanges } from './mask-changes.js';

/** Someone who is not a signed-in caller: nobody (a failed login) or the service itself (a job). */
export interface AuditNonActor {
  kind: 'anonymous' | 'system';
  /** E.g. the username a failed login tried, or the job's name. */
  label?: string;
}

/** What a caller tells `AuditService.record`; everything but `action` is optional. */
export interface AuditRecord {
  /** `createStaffUser`, `PATCH /api/v1/staff-users/:id`, `auth.login`, `personal_data.reveal`, `roster.sync`… */
  action: string;
  /** SUCCESS unless told otherwise. */
  outcome?: AuditOutcome;
  /** The caller (`@CurrentActor()`), or anonymous/system; absent = anonymous. */
  actor?: Actor | AuditNonActor | null;
  entityType?: string | null;
  entityId?: string | null;
  /** Input or changed fields; masked here (secrets dropped, personal data masked), so pass them raw. */
  changes?: unknown;
  /** A reason the caller gave (revealing personal data). */
  reason?: string | null;
  /** Client IP (`request.ip`). */
  ip?: string | null;
  /** Defaults to the current request's id. */
  requestId?: string | null;
  /** Defaults to the actor's county. */
  countyCode?: string | null;
  /** Defaults to now. */
  at?: Date;
  /** Write inside the caller's transaction, so the entry commits (or rolls back) with the change it records. */
  manager?: EntityManager;
}

const ACTOR_KINDS: Record<string, AuditActorKind> = {
  staff: AuditActorKind.STAFF,
  worker: AuditActorKind.WORKER,
  platform: AuditActorKind.PLATFORM,
  anonymous: AuditActorKind.ANONYMOUS,
  system: AuditActorKind.SYSTEM,
};

const newestFirst: KeysetOrder<AuditEntry> = {
  column: 'entry.at',
  idColumn: 'entry.id',
  direction: 'DESC',
  read: (entry) => [entry.at, entry.id],
};

/** The append-only audit log (审计日志): writes entries and lets auditors search them. */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  /**
   * Appends one entry. `changes` are masked before they are stored, a phone-like actor label is
   * masked, over-long values are cut to fit, and the request id is taken from the current request.
   */
  async record(entry: AuditRecord): Promise<AuditEntry> {
    const actor = entry.actor ?? { kind: 'anonymous' as const };
    const staffLike = 'id' in actor ? actor : undefined;
    const row = this.entries.create({
      ...(entry.at ? { at: entry.at } : {}),
      actorKind: ACTOR_KINDS[actor.kind] ?? AuditActorKind.ANONYMOUS,
      actorId: staffLike?.id ?? null,
      actorLabel: cut(safeLabel(actor.label ?? actor.kind), 200),
      role: staffLike?.role ?? null,
      action: cut(entry.action, 200),
      outcome: entry.outcome ?? AuditOutcome.SUCCESS,
      entityType: entry.entityType ? cut(entry.entityType, 100) : null,
      entityId: entry.entityId != null && entry.entityId !== '' ? cut(String(entry.entityId), 100) : null,
      changes: toChanges(entry.changes),
      reason: entry.reason ?? null,
      requestId: cutOrNull(entry.requestId ?? currentRequestId(), 64),
      ip: entry.ip && isIP(entry.ip) ? entry.ip : null,
      countyCode: entry.countyCode ?? staffLike?.countyCode ?? null,
    });
    const repository = entry.manager ? entry.manager.getRepository(AuditEntry) : this.entries;
    // `insert`, not `save`: one statement, no wrapping transaction; generated id and time are merged back into `row`.
    await repository.insert(row as QueryDeepPartialEntity<AuditEntry>);
    return row;
  }

  /** GraphQL: entries matching the filter, newest first, as a Relay connection. */
  connection(filter: AuditEntryFilter, args: ConnectionArgs): Promise<ConnectionShape<AuditEntry>> {
    return toConnection(this.search(filter), newestFirst, args);
  }

  /** REST: one page of entries matching the filter, newest first. */
  page(filter: AuditEntryFilter, query: CursorQuery): Promise<CursorPageShape<AuditEntry>> {
    return toCursorPage(this.search(filter), newestFirst, query);
  }

  // The whole log is searchable by whoever holds AUDIT_READ (administrators); `from` and `to` are inclusive.
  private search(filter: AuditEntryFilter): SelectQueryBuilder<AuditEntry> {
    if (filter.from && filter.to && filter.from.getTime() > filter.to.getTime()) {
      throw DomainError.badField('from', 'must not be later than to');
    }
    const query = this.entries.createQueryBuilder('entry');
    if (filter.actorId) query.andWhere('entry.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.entityType) query.andWhere('entry.entity_type = :entityType', { entityType: filter.entityType });
    if (filter.entityId) query.andWhere('entry.entity_id = :entityId', { entityId: filter.entityId });
    if (filter.action) query.andWhere('entry.action = :action', { action: filter.action });
    if (filter.from) query.andWhere('entry.at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('entry.at <= :to', { to: filter.to });
    return query;
  }
}

function cut(value: string, length: number): string {
  return value.length <= length ? value : value.slice(0, length);
}

function cutOrNull(value: string | null | undefined, length: number): string | null {
  return value ? cut(value, length) : null;
}

// A worker's label is meant to be masked already; a plain phone number never reaches the log regardless.
function safeLabel(label: string): string {
  const phone = normalisePhone(label);
  return isMainlandMobile(phone) ? maskPhone(phone) : label;
}

// Masked input as a JSON object, or null when there is nothing to keep.
function toChanges(input: unknown): Record<string, unknown> | null {
  if (input === undefined || input === null) return null;
  const masked = maskChanges(input);
  if (masked === null || masked === undefined) return null;
  if (typeof masked === 'object' && !Array.isArray(masked)) {
    return Object.keys(masked).length > 0 ? (masked as Record<string, unknown>) : null;
  }
  return { value: masked };
}
