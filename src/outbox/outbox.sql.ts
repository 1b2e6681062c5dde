// The SQL of the transactional outbox (OutboxService): appending events, reading them back, purging old ones.
import { EVENT_CHANNEL, ROSTER_PROGRESS_CHANNEL } from './event-types.js';

/** Every column of event_outbox (as OutboxRow reads it); the statements below add their WHERE. */
const SELECT_EVENTS = 'SELECT sequence, id, type, subject_key, payload, platform_id, county_code, created_at FROM event_outbox';

/**
 * Appends one event, queues a delivery for each enabled webhook endpoint subscribed to its type (and
 * its platform, if the endpoint has one) and NOTIFYs its sequence on EVENT_CHANNEL.
 * $1 type, $2 subject key, $3 payload (json), $4 platform id or null, $5 county code or null.
 */
export const APPEND_EVENT_SQL = `WITH event AS (
         INSERT INTO event_outbox (type, subject_key, payload, platform_id, county_code) VALUES ($1, $2, $3, $4, $5)
         RETURNING sequence, id, type, subject_key, platform_id
       ), deliveries AS (
         INSERT INTO webhook_delivery (endpoint_id, event_sequence, event_id, subject_key)
         SELECT w.id, e.sequence, e.id, e.subject_key FROM webhook_endpoint w, event e
         WHERE w.enabled AND e.type = ANY (w.events) AND (w.platform_id IS NULL OR w.platform_id = e.platform_id)
       )
       SELECT pg_notify('${EVENT_CHANNEL}', sequence::text) FROM event`;

/** Events after a sequence of some types only, in sequence order. $1 sequence (exclusive), $2 limit, $3 types. */
export const EVENTS_OF_TYPES_AFTER_SQL = `${SELECT_EVENTS} WHERE sequence > $1 AND type = ANY($3) ORDER BY sequence LIMIT $2`;

/** Events after a sequence, in sequence order. $1 sequence (exclusive), $2 limit. */
export const EVENTS_AFTER_SQL = `${SELECT_EVENTS} WHERE sequence > $1 ORDER BY sequence LIMIT $2`;

/** Events by sequence, in sequence order. $1: sequences. */
export const EVENTS_BY_SEQUENCES_SQL = `${SELECT_EVENTS} WHERE sequence = ANY($1) ORDER BY sequence`;

/** The first sequence created at or after a time, as `sequence` (null when none). $1: the time. */
export const FIRST_SEQUENCE_SINCE_SQL = 'SELECT min(sequence) AS sequence FROM event_outbox WHERE created_at >= $1';

/** The highest sequence committed so far, as `sequence` (null when none). No parameters. */
export const LAST_SEQUENCE_SQL = 'SELECT max(sequence) AS sequence FROM event_outbox';

/** Deletes finished (not PENDING) deliveries created before the cutoff. $1: the cutoff. */
export const PURGE_DELIVERIES_SQL = `DELETE FROM webhook_delivery WHERE created_at < $1 AND status <> 'PENDING'`;

/** Deletes events created before the cutoff that no delivery still refers to. $1: the cutoff. */
export const PURGE_EVENTS_SQL =
  'DELETE FROM event_outbox WHERE created_at < $1 AND NOT EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.event_sequence = event_outbox.sequence)';

/** Announces a roster sync's progress to every instance (NOTIFY, outside any transaction). $1: the progress as JSON. */
export const NOTIFY_ROSTER_PROGRESS_SQL = `SELECT pg_notify('${ROSTER_PROGRESS_CHANNEL}', $1)`;
