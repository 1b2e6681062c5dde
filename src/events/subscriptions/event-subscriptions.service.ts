import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { setBounded } from '../../common/collections/bounded-map.js';
import type { Actor } from '../../access/actor.js';
import { Role } from '../../access/role.enum.js';
import { EventsService } from '../../care/events/events.service.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { IssueView } from '../../governance/issues/dto/issue.dto.js';
import { IssuesService } from '../../governance/issues/issues.service.js';
import { EventBus } from '../../outbox/event-bus.js';
import { EventType, type OutboxEvent } from '../../outbox/event-types.js';
import { OutboxService } from '../../outbox/outbox.service.js';
import { eventStream } from './event-stream.js';
import { EventMessageDto } from './event-message.dto.js';
import { FOLLOWS_ISSUE_SQL, ownerSql, REGION_BY_CODE_SQL, ROSTER_SYNC_PLATFORM_SQL } from './subscriptions.sql.js';
import { filter, map } from 'rxjs';

const ISSUE_TYPES = [EventType.ISSUE_REPORTED, EventType.ISSUE_STATUS_CHANGED, EventType.ISSUE_OVERDUE];
const ROSTER_TYPES = [EventType.ROSTER_SYNC_COMPLETED, EventType.ROSTER_SYNC_FAILED];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Owners (reporter, registrant) remembered per instance: they never change. */
const OWNER_CACHE_SIZE = 50_000;

/** Parses an `after` cursor (a sequence number). */
function cursorOf(after: string | undefined): number | undefined {
  if (after === undefined || after === null) return undefined;
  if (!/^\d{1,18}$/.test(after)) throw DomainError.badField('after', 'must be a cursor from an earlier message');
  return Number(after);
}

const signedIn = (actor: Actor | undefined): Actor => {
  if (!actor) throw DomainError.unauthenticated('Send a bearer token or API key in connection_init');
  return actor;
};

/**
 * The GraphQL subscriptions: who may subscribe to what, and a scope check on every event before it
 * is sent. Each stream replays from the outbox after `after`, then continues live.
 */
@Injectable()
export class EventSubscriptionsService {
  private readonly owners = new Map<string, string | null>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    private readonly outbox: OutboxService,
    private readonly issues: IssuesService,
    private readonly events: EventsService,
  ) {}

  /** One problem: its reporter, or staff who see it in their scope (checked again on each event). */
  async issueUpdated(actor: Actor | undefined, id: string, after?: string): Promise<AsyncIterableIterator<EventMessageDto>> {
    const caller = signedIn(actor);
    const from = cursorOf(after);
    const viewed = await this.issues.view(caller, id);
    if (viewed.view === IssueView.PUBLIC) throw DomainError.notFound('GovernanceIssue', id);
    const subject = `issue:${id}`;
    return eventStream(this.bus, this.outbox, {
      types: ISSUE_TYPES,
      after: from,
      accept: async (event) => {
        if (event.subjectKey !== subject) return null;
        if (viewed.view === IssueView.REPORTER) return EventMessageDto.from(event);
        const now = await this.issues.view(caller, id).catch(() => null);
        return now?.view === IssueView.STAFF ? EventMessageDto.from(event) : null;
      },
    });
  }

  /** The signed-in worker's own problems, and those they follow ("me too"), as the reporter hears of them. */
  myIssueUpdates(actor: Actor | undefined, after?: string): AsyncIterableIterator<EventMessageDto> {
    const caller = signedIn(actor);
    if (caller.kind !== 'worker') throw DomainError.forbidden('myIssueUpdates is for a signed-in worker');
    return eventStream(this.bus, this.outbox, {
      types: ISSUE_TYPES,
      after: cursorOf(after),
      accept: async (event) => {
        const issueId = String(event.payload.issueId);
        if ((await this.owner('governance_issue', 'reporter_worker_id', issueId)) === caller.workerId) return EventMessageDto.from(event);
        // A follower may stop following: asked again for each event, never cached.
        if (!UUID.test(issueId)) return null;
        const follows = await this.dataSource.query(FOLLOWS_ISSUE_SQL, [issueId, caller.workerId]);
        return follows.length > 0 ? EventMessageDto.from(event) : null;
      },
    });
  }

  /** Stations of a county (6-digit code) or township (9-digit code): public. */
  async stationStatusChanged(regionCode: string, after?: string): Promise<AsyncIterableIterator<EventMessageDto>> {
    if (!/^\d{6}(\d{3})?$/.test(regionCode)) throw DomainError.badField('regionCode', 'must be a 6-digit county or 9-digit township code');
    const from = cursorOf(after);
    let matches: (event: OutboxEvent) => boolean;
    if (regionCode.length === 6) matches = (event) => event.payload.countyCode === regionCode;
    else {
      const [region] = await this.dataSource.query<{ id: string }[]>(REGION_BY_CODE_SQL, [regionCode]);
      if (!region) throw DomainError.badField('regionCode', `no region has code ${regionCode}`);
      matches = (event) => event.payload.townshipId === region.id;
    }
    return eventStream(this.bus, this.outbox, {
      types: [EventType.STATION_STATUS_CHANGED],
      after: from,
      accept: (event) => (matches(event) ? EventMessageDto.from(event) : null),
    });
  }

  /** One welfare event's registrations: staff who manage it see all; a worker only their own. */
  async eventRegistrationChanged(actor: Actor | undefined, eventId: string, after?: string): Promise<AsyncIterableIterator<EventMessageDto>> {
    const caller = signedIn(actor);
    const from = cursorOf(after);
    if (caller.kind === 'staff') await this.events.getManaged(caller, eventId);
    else if (caller.kind !== 'worker') throw DomainError.forbidden('Registrations are for their workers and the staff who run the event');
    const subject = `event:${eventId}`;
    return eventStream(this.bus, this.outbox, {
      types: [EventType.EVENT_REGISTRATION_CHANGED],
      after: from,
      accept: async (event) => {
        if (event.subjectKey !== subject) return null;
        if (caller.kind === 'staff') return EventMessageDto.from(event);
        return (await this.owner('event_registration', 'worker_id', String(event.payload.registrationId))) === caller.workerId
          ? EventMessageDto.from(event)
          : null;
      },
    });
  }

  /** One roster sync: its platform (and admins). */
  async rosterSyncProgress(actor: Actor | undefined, id: string, after?: string): Promise<AsyncIterableIterator<EventMessageDto>> {
    const caller = signedIn(actor);
    const from = cursorOf(after);
    const [sync] = await this.dataSource.query<{ enterprise_id: string }[]>(ROSTER_SYNC_PLATFORM_SQL, [id]);
    const allowed = sync && (caller.kind === 'platform' ? caller.enterpriseId === sync.enterprise_id : caller.kind === 'staff' && caller.role === Role.ADMIN);
    if (!allowed) throw DomainError.notFound('RosterSync', id);
    const subject = `roster-sync:${id}`;
    return eventStream(this.bus, this.outbox, {
      types: ROSTER_TYPES,
      after: from,
      accept: (event) => (event.subjectKey === subject ? EventMessageDto.from(event) : null),
      // Progress while it is received and applied (not kept in the outbox: live only), then its outcome.
      extra: this.bus.rosterProgress$.pipe(
        filter((progress) => progress.syncId === id),
        map((progress) => EventMessageDto.progress(subject, progress, this.bus.lastSequence)),
      ),
    });
  }

  // The owning worker of a row (reporter, registrant), cached: it never changes.
  private async owner(table: 'governance_issue' | 'event_registration', column: 'reporter_worker_id' | 'worker_id', id: string): Promise<string | null> {
    const key = `${table}:${id}`;
    if (this.owners.has(key)) return this.owners.get(key)!;
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const [row] = await this.dataSource.query<Record<string, string>[]>(ownerSql(table, column), [id]);
    const owner = row?.owner ?? null;
    setBounded(this.owners, key, owner, OWNER_CACHE_SIZE);
    return owner;
  }
}
