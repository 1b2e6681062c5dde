/**
 * The event catalogue: names are a contract with integrators (docs/events.md gives each payload).
 * Payloads carry ids, codes and statuses only, never a name, phone or ID number.
 */
export const EventType = {
  ISSUE_REPORTED: 'governance.issue.reported',
  ISSUE_STATUS_CHANGED: 'governance.issue.status_changed',
  ISSUE_OVERDUE: 'governance.issue.overdue',
  EVENT_REGISTRATION_CHANGED: 'care.event.registration_changed',
  STATION_STATUS_CHANGED: 'care.station.status_changed',
  ROSTER_SYNC_COMPLETED: 'roster.sync.completed',
  ROSTER_SYNC_FAILED: 'roster.sync.failed',
  LEDGER_ENTRY_VERIFIED: 'organizing.ledger.entry_verified',
} as const;

/** One of the catalogue's event names. */
export type EventType = (typeof EventType)[keyof typeof EventType];

/** Every event name, in catalogue order. */
export const EVENT_TYPES: readonly EventType[] = Object.values(EventType);

/** Whether a string names a catalogued event. */
export const isEventType = (value: string): value is EventType => (EVENT_TYPES as readonly string[]).includes(value);

/** The PostgreSQL channel NOTIFY carries new outbox sequences on (the cross-instance bus). */
export const EVENT_CHANNEL = 'newforce_events';

/** The channel roster syncs announce their progress on: ephemeral (not in the outbox), for rosterSyncProgress. */
export const ROSTER_PROGRESS_CHANNEL = 'newforce_roster_progress';

/** The channel a committed change to a signed-in caller's account, worker record or region is announced on (migration CallerChanges). */
export const CALLER_CHANNEL = 'newforce_callers';

/** A roster sync's progress while it is received and applied: counts only. */
export interface RosterProgress {
  syncId: string;
  platformId: string;
  status: 'RECEIVING' | 'PROCESSING';
  /** Rows received (staged) so far. */
  received: number;
  /** Rows applied so far (in the sync's transaction, committed with it). */
  applied: number;
}

/** An event as read back from the outbox. */
export interface OutboxEvent {
  /** Global sequence number: the cursor of subscriptions and replays. */
  sequence: number;
  /** Stable event id (the `webhook-id` of every delivery of it). */
  id: string;
  type: EventType;
  subjectKey: string;
  payload: Record<string, unknown>;
  /** Platform enterprise the event belongs to (its roster syncs), else null. */
  platformId: string | null;
  countyCode: string | null;
  createdAt: Date;
}

/** Who may see an event beyond its type: the owning platform and the county. */
export interface EventScope {
  platformId?: string | null;
  countyCode?: string | null;
}

/** Free text (a staff note) with every run of 6+ digits masked, so a phone or ID number typed into a note never leaves in an event. */
export function redactDigits(text: string | null | undefined): string | null {
  if (text == null) return null;
  return text.replace(/\d[\d\s-]{4,}[\dXx]/g, (run) => (run.replace(/\D/g, '').length >= 6 ? `${run.slice(0, 2)}****${run.slice(-2)}` : run)).slice(0, 500);
}
